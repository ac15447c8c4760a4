#include "schema.hpp"

namespace headlined::config {

bool valid_listen_address(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  const bool port_ok = !port.empty() && port.size() <= 5 &&
                       port.find_first_not_of("0123456789") == std::string::npos &&
                       std::stoi(port) < 65536;  // 0: a free port, logged at start
  return colon != 0 && colon != std::string::npos && port_ok;
}

bool UniqueNames::add(Reader& reader, const std::string& name, const std::string& name_pointer) {
  Position pos = reader.value_pos(name_pointer);
  auto [it, inserted] = first_.emplace(name, pos);
  if (inserted) return true;
  reader.error_at(pos, "duplicate " + kind_ + " name '" + name + "' (first defined at line " +
                           std::to_string(it->second.line) + ", column " +
                           std::to_string(it->second.column) + ")");
  return false;
}

const nlohmann::json* section_array(Reader& reader, const nlohmann::json& root,
                                    std::string_view key) {
  auto it = root.find(key);
  if (it == root.end()) return nullptr;
  if (!it->is_array()) {
    reader.error_at_value(pointer_append("", key),
                          "'" + std::string(key) + "' must be an array, not " + describe_type(*it));
    return nullptr;
  }
  return &*it;
}

void read_top_level(Reader& reader, const nlohmann::json& root, Config& config) {
  reader.check_keys(root, "",
                    {"database", "user_agent", "workers", "metrics_listen", "retention", "crawl",
                     "web", "sources", "channels", "subscriptions"},
                    "the config");
  const std::string what = "the config";
  if (auto db = reader.string_field(root, "", "database", Need::Optional, what))
    config.database = *db;
  if (auto ua = reader.string_field(root, "", "user_agent", Need::Optional, what))
    config.user_agent = *ua;
  if (auto w = reader.int_field(root, "", "workers", 1, 256, Need::Optional, what))
    config.workers = static_cast<int>(*w);
  if (auto retention = reader.duration_field(root, "", "retention", Need::Optional, what))
    config.retention = *retention;
  read_crawl(reader, root, config.crawl);
  read_web(reader, root, config.web);
  if (auto listen = reader.string_field(root, "", "metrics_listen", Need::Optional, what)) {
    // "127.0.0.1:9464" or "[::1]:9464": the metrics endpoint has no authentication, so the
    // address is the admin's explicit choice, and the documented default is loopback.
    if (!valid_listen_address(*listen))
      reader.error_at_value("/metrics_listen",
                            "'metrics_listen' must be HOST:PORT, e.g. 127.0.0.1:9464");
    else
      config.metrics_listen = *listen;
  }
}

}  // namespace headlined::config
