#include "schema.hpp"

namespace headlined::config {

namespace {

bool is_type(const nlohmann::json& entry, std::string_view type) {
  auto it = entry.find("type");
  return it != entry.end() && it->is_string() && it->get<std::string>() == type;
}

// "overrides": {"title": "h1.headline", "body": "#article", "drop": ".ad, .related", ...}
void read_overrides(Reader& reader, const nlohmann::json& entry, const std::string& at,
                    Source::Overrides& overrides) {
  auto it = entry.find("overrides");
  if (it == entry.end()) return;
  const std::string here = pointer_append(at, "overrides");
  if (!reader.expect_object(*it, here, "source overrides")) return;
  const std::string what = "source overrides";
  reader.check_keys(*it, here, {"title", "body", "author", "time", "attribution", "drop"}, what);
  auto read = [&](std::string_view key, std::string& into) {
    if (auto v = reader.string_field(*it, here, key, Need::Optional, what)) into = *v;
  };
  read("title", overrides.title);
  read("body", overrides.body);
  read("author", overrides.author);
  read("time", overrides.time);
  read("attribution", overrides.attribution);
  read("drop", overrides.drop);
}

// A true/false member; nothing when absent or after reporting a value of another type.
std::optional<bool> bool_field(Reader& reader, const nlohmann::json& entry, const std::string& at,
                               std::string_view key) {
  auto it = entry.find(key);
  if (it == entry.end()) return std::nullopt;
  if (it->is_boolean()) return it->get<bool>();
  reader.error_at_value(
      pointer_append(at, key),
      "'" + std::string(key) + "' must be true or false, not " + describe_type(*it));
  return std::nullopt;
}

}  // namespace

std::vector<Source> read_sources(Reader& reader, const nlohmann::json& root,
                                 std::map<std::string, SourcePolling>& polling) {
  std::vector<Source> sources;
  const nlohmann::json* array = section_array(reader, root, "sources");
  if (!array) return sources;
  UniqueNames names("source");
  const auto crawl = root.find("crawl");
  const bool global_proxy = crawl != root.end() && Reader::has(*crawl, "proxy");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const nlohmann::json& entry = (*array)[i];
    const std::string at = pointer_append("/sources", i);
    if (!reader.expect_object(entry, at, "a source")) continue;
    const std::string what = "source";
    reader.check_keys(
        entry, at,
        {"name", "type", "url", "interval", "link_selector", "max_articles_per_poll", "proxy",
         "include_urls", "exclude_urls", "overrides", "allow_private_addresses", "tls_verify",
         "time_zone", "min_interval", "max_interval"},
        what);
    Source source;
    auto name = reader.string_field(entry, at, "name", Need::Required, what);
    if (name) names.add(reader, *name, pointer_append(at, "name"));
    // Without a type the daemon finds out what the URL is (feed discovery, "auto").
    source.kind = SourceKind::Auto;
    if (auto type = reader.string_field(entry, at, "type", Need::Optional, what)) {
      if (*type == "auto") {
        source.kind = SourceKind::Auto;
      } else if (*type == "feed") {
        source.kind = SourceKind::Feed;
      } else if (*type == "list") {
        source.kind = SourceKind::ListPage;
      } else if (*type == "sitemap") {
        source.kind = SourceKind::Sitemap;
      } else {
        reader.error_at_value(
            pointer_append(at, "type"),
            "unknown source type '" + *type +
                "': use \"auto\" (the default), \"feed\", \"list\" or \"sitemap\"");
      }
    }
    if (auto url = reader.http_url_field(entry, at, "url", Need::Required, what)) source.url = *url;
    SourcePolling rule;
    rule.fixed = false;
    if (auto interval = reader.duration_field(entry, at, "interval", Need::Optional, what)) {
      source.interval = *interval;
      rule.fixed = true;
    }
    rule.interval = source.interval;
    // Zero until the caller fills what a source leaves out from the "polling" defaults.
    rule.min_interval = rule.max_interval = std::chrono::seconds(0);
    if (auto min = reader.duration_field(entry, at, "min_interval", Need::Optional, what))
      rule.min_interval = *min;
    if (auto max = reader.duration_field(entry, at, "max_interval", Need::Optional, what))
      rule.max_interval = *max;
    if (rule.min_interval.count() > 0 && rule.max_interval.count() > 0 &&
        rule.min_interval > rule.max_interval)
      reader.error_at_value(pointer_append(at, "max_interval"),
                            "'max_interval' is shorter than 'min_interval'");
    if (name) polling[*name] = rule;
    if (auto selector = reader.string_field(entry, at, "link_selector", Need::Optional, what)) {
      source.link_selector = *selector;
      // "auto" may turn out a list page; a feed or a sitemap lists its articles itself.
      if (is_type(entry, "feed") || is_type(entry, "sitemap"))
        reader.error_at_key(pointer_append(at, "link_selector"),
                            "'link_selector' applies only to sources of type \"list\" (or "
                            "\"auto\" when the URL turns out a list page)");
    }
    if (auto max =
            reader.int_field(entry, at, "max_articles_per_poll", 1, 10000, Need::Optional, what))
      source.max_articles_per_poll = static_cast<int>(*max);
    if (auto proxy = proxy_field(reader, entry, at, what, true)) {
      source.proxy = *proxy;
      if (*proxy == "none" && !global_proxy)
        reader.warn_at_key(pointer_append(at, "proxy"),
                           "\"proxy\": \"none\" has no effect: no \"crawl\" proxy is set");
    }
    if (auto include = reader.string_list_field(entry, at, "include_urls", Need::Optional, what))
      source.include_urls = *include;
    if (auto exclude = reader.string_list_field(entry, at, "exclude_urls", Need::Optional, what))
      source.exclude_urls = *exclude;
    read_overrides(reader, entry, at, source.overrides);
    if (auto allow = bool_field(reader, entry, at, "allow_private_addresses"))
      source.allow_private_addresses = *allow;
    if (auto verify = bool_field(reader, entry, at, "tls_verify")) source.tls_verify = *verify;
    if (!source.tls_verify)
      reader.warn_at_key(pointer_append(at, "tls_verify"),
                         "source '" + name.value_or("") +
                             "': TLS certificate verification is off (\"tls_verify\": false); "
                             "its pages can be forged by anyone on the network path");
    if (auto zone = time_zone_field(reader, entry, at, what)) source.time_zone = *zone;
    if (!name) continue;
    source.name = *name;
    sources.push_back(std::move(source));
  }
  return sources;
}

}  // namespace headlined::config
