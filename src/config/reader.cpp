#include "reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "headlined/config/duration.hpp"
#include "headlined/core/url.hpp"

namespace headlined::config {

std::string describe_type(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

Position Reader::value_pos(const std::string& pointer) const {
  auto it = doc_.values.find(pointer);
  return it == doc_.values.end() ? Position{1, 1} : it->second.pos;
}

std::string_view Reader::raw_text(const std::string& pointer) const {
  auto it = doc_.values.find(pointer);
  if (it == doc_.values.end()) return {};
  return text_.substr(it->second.begin, it->second.end - it->second.begin);
}

void Reader::error_at(Position pos, std::string message) {
  errors_.push_back(ConfigError{file_, pos, std::move(message)});
}

void Reader::error_at_key(const std::string& pointer, std::string message) {
  auto it = doc_.keys.find(pointer);
  error_at(it == doc_.keys.end() ? value_pos(pointer) : it->second, std::move(message));
}

void Reader::warn_at_key(const std::string& pointer, std::string message) {
  auto it = doc_.keys.find(pointer);
  warnings_.push_back(ConfigError{file_, it == doc_.keys.end() ? value_pos(pointer) : it->second,
                                  "warning: " + std::move(message)});
}

bool Reader::expect_object(const nlohmann::json& value, const std::string& pointer,
                           std::string_view what) {
  if (value.is_object()) return true;
  error_at_value(pointer, std::string(what) + " must be an object, not " + describe_type(value));
  return false;
}

void Reader::check_keys(const nlohmann::json& object, const std::string& pointer,
                        std::initializer_list<std::string_view> allowed, std::string_view what,
                        const std::map<std::string, std::string>& misplaced) {
  check_keys(object, pointer, std::vector<std::string_view>(allowed), what, misplaced);
}

void Reader::check_keys(const nlohmann::json& object, const std::string& pointer,
                        const std::vector<std::string_view>& allowed, std::string_view what,
                        const std::map<std::string, std::string>& misplaced) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string at = pointer_append(pointer, key);
    if (auto it = misplaced.find(key); it != misplaced.end()) {
      error_at_key(at, "'" + key + "' " + it->second);
      continue;
    }
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    error_at_key(
        at, "unknown key '" + key + "' in " + std::string(what) + " (known keys: " + list + ")");
  }
}

const nlohmann::json* Reader::member(const nlohmann::json& object, const std::string& pointer,
                                     std::string_view key, Need need, std::string_view what) {
  auto it = object.find(key);
  if (it != object.end()) return &*it;
  if (need == Need::Required)
    error_at_value(pointer,
                   std::string(what) + " is missing the required key '" + std::string(key) + "'");
  return nullptr;
}

void Reader::unreadable_secret(const std::string& at, std::string message,
                               std::string_view service_hint) {
  if (!service_hint.empty() && secrets_ == Secrets::ReadIfHere && unchecked_) {
    unchecked_->push_back(ConfigError{
        file_, value_pos(at), message + ": not checked here; " + std::string(service_hint)});
    return;
  }
  error_at_value(at, std::move(message));
}

namespace {

// systemd hands LoadCredential= files to the service only, under $CREDENTIALS_DIRECTORY
// (/run/credentials/UNIT/), and only while it runs.
bool in_credentials_folder(const std::string& path) {
  if (path.starts_with("/run/credentials/")) return true;
  const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
  return dir && *dir && path.starts_with(std::string(dir) + "/");
}

}  // namespace

std::optional<std::string> Reader::indirect_value(const nlohmann::json& value,
                                                  const std::string& at, std::string_view key) {
  const std::string name(key);
  if (value.size() != 1 || !(value.contains("env") || value.contains("file")) ||
      !value.begin()->is_string()) {
    error_at_value(at, "'" + name + "' must be a string, {\"env\": \"VARIABLE\"} or " +
                           "{\"file\": \"/path\"}");
    return std::nullopt;
  }
  const std::string source = value.begin()->get<std::string>();
  if (secrets_ == Secrets::Skip) return std::nullopt;
  if (value.contains("env")) {
    const char* set = std::getenv(source.c_str());
    if (!set || !*set) {
      // A root shell rarely has the variables the unit gives the service.
      unreadable_secret(at, "'" + name + "': environment variable " + source + " is not set",
                        "the service gets it from its unit (Environment=, EnvironmentFile=)");
      return std::nullopt;
    }
    return std::string(set);
  }
  std::ifstream in(source, std::ios::binary);
  std::ostringstream content;
  if (!(in && content << in.rdbuf())) {
    const std::string message =
        "'" + name + "': cannot read " + source + ": " + std::strerror(errno);
    unreadable_secret(
        at, message,
        in_credentials_folder(source)
            ? "systemd provides it to the service only while it runs (LoadCredential=)"
            : "");
    return std::nullopt;
  }
  std::string secret = content.str();
  // Secret files usually end with a newline the secret does not contain.
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) {
    error_at_value(at, "'" + name + "': " + source + " is empty");
    return std::nullopt;
  }
  return secret;
}

std::optional<std::string> Reader::string_field(const nlohmann::json& object,
                                                const std::string& pointer, std::string_view key,
                                                Need need, std::string_view what) {
  const nlohmann::json* v = member(object, pointer, key, need, what);
  if (!v) return std::nullopt;
  std::string at = pointer_append(pointer, key);
  if (v->is_object()) return indirect_value(*v, at, key);
  if (!v->is_string()) {
    error_at_value(at, "'" + std::string(key) + "' must be a string, not " + describe_type(*v));
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; })) {
    error_at_value(at, "'" + std::string(key) + "' must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> Reader::int_field(const nlohmann::json& object,
                                              const std::string& pointer, std::string_view key,
                                              std::int64_t min, std::int64_t max, Need need,
                                              std::string_view what) {
  const nlohmann::json* v = member(object, pointer, key, need, what);
  if (!v) return std::nullopt;
  std::string at = pointer_append(pointer, key);
  if (!v->is_number_integer()) {
    error_at_value(at, "'" + std::string(key) + "' must be a whole number, not " +
                           (v->is_number() ? std::string("a fraction") : describe_type(*v)));
    return std::nullopt;
  }
  // Unsigned values above INT64_MAX never reach here: the parser stores them as doubles.
  std::int64_t n = v->get<std::int64_t>();
  if (n < min || n > max) {
    error_at_value(at, "'" + std::string(key) + "' must be between " + std::to_string(min) +
                           " and " + std::to_string(max) + ", not " + std::to_string(n));
    return std::nullopt;
  }
  return n;
}

std::optional<std::chrono::seconds> Reader::duration_field(const nlohmann::json& object,
                                                           const std::string& pointer,
                                                           std::string_view key, Need need,
                                                           std::string_view what) {
  const nlohmann::json* v = member(object, pointer, key, need, what);
  if (!v) return std::nullopt;
  std::string at = pointer_append(pointer, key);
  std::string name = "'" + std::string(key) + "'";
  if (v->is_number_integer()) {
    std::int64_t n = v->get<std::int64_t>();
    if (n <= 0 || n > 365LL * 86400) {
      error_at_value(at, name + " in seconds must be between 1 and 31536000 (365 days)");
      return std::nullopt;
    }
    return std::chrono::seconds(n);
  }
  if (!v->is_string()) {
    error_at_value(at, name + " must be a duration such as \"5m\" or a number of seconds, not " +
                           (v->is_number() ? std::string("a fraction") : describe_type(*v)));
    return std::nullopt;
  }
  auto d = parse_duration(v->get<std::string>());
  if (!d) {
    error_at_value(at, "bad " + name + ": " + d.error());
    return std::nullopt;
  }
  return *d;
}

std::optional<std::vector<std::string>> Reader::string_list_field(const nlohmann::json& object,
                                                                  const std::string& pointer,
                                                                  std::string_view key, Need need,
                                                                  std::string_view what) {
  const nlohmann::json* v = member(object, pointer, key, need, what);
  if (!v) return std::nullopt;
  std::string at = pointer_append(pointer, key);
  std::string name = "'" + std::string(key) + "'";
  if (!v->is_array()) {
    error_at_value(at, name + " must be an array of strings, not " + describe_type(*v));
    return std::nullopt;
  }
  if (v->empty()) {
    error_at_value(at, name + " must list at least one entry");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const nlohmann::json& e = (*v)[i];
    if (!e.is_string() || e.get<std::string>().empty()) {
      error_at_value(pointer_append(at, i), "entries of " + name + " must be non-empty strings");
      ok = false;
      continue;
    }
    out.push_back(e.get<std::string>());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::map<std::string, std::string>> Reader::string_map_field(
    const nlohmann::json& object, const std::string& pointer, std::string_view key, Need need,
    std::string_view what) {
  const nlohmann::json* v = member(object, pointer, key, need, what);
  if (!v) return std::nullopt;
  std::string at = pointer_append(pointer, key);
  if (!v->is_object()) {
    error_at_value(
        at, "'" + std::string(key) + "' must be an object of strings, not " + describe_type(*v));
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (const auto& [k, value] : v->items()) {
    std::string member_at = pointer_append(at, k);
    if (value.is_object()) {
      if (auto resolved = indirect_value(value, member_at, k)) out.emplace(k, *resolved);
      continue;
    }
    if (!value.is_string()) {
      error_at_value(member_at,
                     "the value of '" + k + "' must be a string, not " + describe_type(value));
      continue;
    }
    out.emplace(k, value.get<std::string>());
  }
  return out;
}

std::optional<std::string> Reader::http_url_field(const nlohmann::json& object,
                                                  const std::string& pointer, std::string_view key,
                                                  Need need, std::string_view what) {
  auto s = string_field(object, pointer, key, need, what);
  if (!s) return std::nullopt;
  auto url = Url::parse(*s);
  if (!url || (url->scheme != "http" && url->scheme != "https")) {
    error_at_value(
        pointer_append(pointer, key),
        "'" + std::string(key) + "' must be an http:// or https:// URL, not \"" + *s + "\"");
    return std::nullopt;
  }
  return s;
}

}  // namespace headlined::config
