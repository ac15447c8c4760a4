#include "headlined/config/config.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "headlined/config/database_path.hpp"
#include "headlined/config/jsonc.hpp"
#include "headlined/core/characters.hpp"
#include "schema.hpp"

namespace headlined::config {

std::string ConfigError::to_string() const {
  if (pos.line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message;
}

LoadResult load_config_text(const std::string& text, const std::string& file_name,
                            Secrets secrets) {
  LoadResult result;
  result.config.path = file_name;
  auto doc = parse_jsonc(text);
  if (!doc) {
    result.errors.push_back(ConfigError{file_name, doc.error().pos, doc.error().message});
    return result;
  }
  Reader reader(*doc, text, file_name, result.errors, result.config.warnings, secrets,
                &result.unchecked);
  const nlohmann::json& root = doc->value;
  if (!reader.expect_object(root, "", "the config")) return result;
  Config& config = result.config;
  read_top_level(reader, root, config);
  const std::string written_database = config.database;
  config.database = resolve_database_path(written_database, file_name);
  if (const char* state = std::getenv("STATE_DIRECTORY")) {
    if (auto earlier =
            database_kept_by_earlier_versions(written_database, config.database, state)) {
      reader.warn_at_key("/database",
                         "\"" + written_database + "\" names " + config.database +
                             ", which does not exist; using " + *earlier +
                             ", where earlier versions kept it. Write \"database\": \"" + *earlier +
                             "\" in the config: the admin commands look there too");
      config.database = *earlier;
    }
  }
  config.sources = read_sources(reader, root, config.source_polling);
  // A source's adaptive bounds default to the "polling" ones; one bound a source names
  // beyond the other's default moves that one too, so the range stays a range.
  for (auto& [name, rule] : config.source_polling) {
    if (rule.min_interval.count() == 0)
      rule.min_interval = rule.max_interval.count() > 0
                              ? std::min(config.polling.min_interval, rule.max_interval)
                              : config.polling.min_interval;
    if (rule.max_interval.count() == 0)
      rule.max_interval = std::max(config.polling.max_interval, rule.min_interval);
  }
  config.channels = read_channels(reader, root);
  std::set<std::string> channel_names;
  for (const ChannelSpec& c : config.channels) channel_names.insert(c.name);
  std::set<std::string> source_names;
  for (const Source& s : config.sources) source_names.insert(s.name);
  config.subscriptions = read_subscriptions(reader, root, channel_names, source_names);
  // The sections are checked in a fixed order; the user reads the file top to bottom.
  auto by_place = [](const ConfigError& a, const ConfigError& b) {
    return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
  };
  std::stable_sort(result.errors.begin(), result.errors.end(), by_place);
  std::stable_sort(config.warnings.begin(), config.warnings.end(), by_place);
  return result;
}

std::vector<std::string> config_warnings(const Config& config) {
  std::vector<std::string> lines;
  for (const ConfigError& w : config.warnings) lines.push_back(w.to_string());
  return lines;
}

LoadResult load_config_file(const std::string& path, Secrets secrets) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.config.path = path;
    result.errors.push_back(
        ConfigError{path, {}, std::string("cannot read the config file: ") + std::strerror(errno)});
    return result;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return load_config_text(content.str(), path, secrets);
}

Position query_position(const SubscriptionEntry& entry, std::size_t offset) {
  // Walk the raw text, counting decoded bytes, until `offset` decoded bytes are behind us.
  const std::string& raw = entry.query_raw;
  std::size_t raw_i = 0;
  std::size_t decoded = 0;
  while (raw_i < raw.size() && decoded < offset) {
    if (raw[raw_i] != '\\' || raw_i + 1 >= raw.size()) {
      ++raw_i;
      ++decoded;
      continue;
    }
    if (raw[raw_i + 1] != 'u') {
      raw_i += 2;
      ++decoded;
      continue;
    }
    unsigned cp =
        static_cast<unsigned>(std::strtoul(raw.substr(raw_i + 2, 4).c_str(), nullptr, 16));
    raw_i += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      raw_i += 6;  // the low surrogate's escape; together they make one 4-byte sequence
      decoded += 4;
    } else {
      decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    }
  }
  // Offsets past the raw text (none from a real parse error) still land after it.
  if (decoded < offset) raw_i += offset - decoded;
  // Columns count characters: the raw text's bytes before the place, counted as characters.
  const int characters =
      static_cast<int>(count_characters(std::string_view(raw).substr(0, raw_i))) +
      static_cast<int>(raw_i > raw.size() ? raw_i - raw.size() : 0);
  return Position{entry.query_pos.line, entry.query_pos.column + characters};
}

}  // namespace headlined::config
