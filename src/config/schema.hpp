#pragma once
// The config schema, one section per file. Each reader adds every entry it could name (even
// one with other errors, so later sections can refer to it) and reports all problems.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "reader.hpp"

namespace headlined::config {

// Names must be unique within a section; the second use is reported with the first's place.
class UniqueNames {
 public:
  explicit UniqueNames(std::string kind) : kind_(std::move(kind)) {}
  // Returns false (after reporting) when `name` was seen before.
  bool add(Reader& reader, const std::string& name, const std::string& name_pointer);
  bool contains(const std::string& name) const { return first_.contains(name); }

 private:
  std::string kind_;
  std::map<std::string, Position> first_;
};

// The array at root[key], or nullptr (reported if present but not an array).
const nlohmann::json* section_array(Reader& reader, const nlohmann::json& root,
                                    std::string_view key);

void read_top_level(Reader& reader, const nlohmann::json& root, Config& config);
// The optional "crawl" object (schema_crawl.cpp).
void read_crawl(Reader& reader, const nlohmann::json& root, CrawlSettings& crawl);
// The optional "websub" and "polling" objects (schema_websub.cpp).
void read_websub(Reader& reader, const nlohmann::json& root, std::optional<WebSubSettings>& websub);
void read_polling(Reader& reader, const nlohmann::json& root, PollingSettings& polling);

// The optional "web" object (schema_web.cpp).
void read_web(Reader& reader, const nlohmann::json& root, std::optional<WebSettings>& web);
// "HOST:PORT" (port 0..65535, 0: a free one, logged at start), else reported at `pointer`.
bool valid_listen_address(const std::string& listen);
// A proxy URL (http, https, socks5, socks5h); `allow_none` accepts "none" (a source's way to
// bypass the global proxy).
std::optional<std::string> proxy_field(Reader& reader, const nlohmann::json& object,
                                       const std::string& pointer, std::string_view what,
                                       bool allow_none);
// "time_zone": an IANA name ("Asia/Shanghai") or "UTC", checked against the system's tzdata.
std::optional<std::string> time_zone_field(Reader& reader, const nlohmann::json& object,
                                           const std::string& pointer, std::string_view what);
// `polling` gets each source's interval rule (the bounds left at 0 when the source names
// none: the caller fills them from the "polling" object).
std::vector<Source> read_sources(Reader& reader, const nlohmann::json& root,
                                 std::map<std::string, SourcePolling>& polling);
std::vector<ChannelSpec> read_channels(Reader& reader, const nlohmann::json& root);
std::vector<SubscriptionEntry> read_subscriptions(Reader& reader, const nlohmann::json& root,
                                                  const std::set<std::string>& channel_names,
                                                  const std::set<std::string>& source_names);

}  // namespace headlined::config
