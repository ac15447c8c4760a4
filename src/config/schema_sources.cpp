#include "schema.hpp"

namespace headlined::config {

namespace {

bool is_type(const nlohmann::json& entry, std::string_view type) {
  auto it = entry.find("type");
  return it != entry.end() && it->is_string() && it->get<std::string>() == type;
}

}  // namespace

std::vector<Source> read_sources(Reader& reader, const nlohmann::json& root) {
  std::vector<Source> sources;
  const nlohmann::json* array = section_array(reader, root, "sources");
  if (!array) return sources;
  UniqueNames names("source");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const nlohmann::json& entry = (*array)[i];
    const std::string at = pointer_append("/sources", i);
    if (!reader.expect_object(entry, at, "a source")) continue;
    const std::string what = "source";
    reader.check_keys(
        entry, at,
        {"name", "type", "url", "interval", "link_selector", "max_articles_per_poll", "proxy"},
        what);
    Source source;
    auto name = reader.string_field(entry, at, "name", Need::Required, what);
    if (name) names.add(reader, *name, pointer_append(at, "name"));
    if (auto type = reader.string_field(entry, at, "type", Need::Required, what)) {
      if (*type == "feed") {
        source.kind = SourceKind::Feed;
      } else if (*type == "list") {
        source.kind = SourceKind::ListPage;
      } else {
        reader.error_at_value(pointer_append(at, "type"),
                              "unknown source type '" + *type + "': use \"feed\" or \"list\"");
      }
    }
    if (auto url = reader.http_url_field(entry, at, "url", Need::Required, what)) source.url = *url;
    if (auto interval = reader.duration_field(entry, at, "interval", Need::Optional, what))
      source.interval = *interval;
    if (auto selector = reader.string_field(entry, at, "link_selector", Need::Optional, what)) {
      source.link_selector = *selector;
      if (source.kind == SourceKind::Feed && is_type(entry, "feed"))
        reader.error_at_key(pointer_append(at, "link_selector"),
                            "'link_selector' applies only to sources of type \"list\"");
    }
    if (auto max =
            reader.int_field(entry, at, "max_articles_per_poll", 1, 10000, Need::Optional, what))
      source.max_articles_per_poll = static_cast<int>(*max);
    if (auto proxy = proxy_field(reader, entry, at, what, true)) source.proxy = *proxy;
    if (!name) continue;
    source.name = *name;
    sources.push_back(std::move(source));
  }
  return sources;
}

}  // namespace headlined::config
