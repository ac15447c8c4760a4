#include <unistd.h>

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

namespace {

// Loopback names and addresses: 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// The listener has no authentication: reaching it from other hosts needs the admin's word
// ("metrics_allow_remote": true), which is then only a warning; the word without such a
// listener does nothing.
void check_metrics_reach(Reader& reader, const nlohmann::json& root, const std::string& listen) {
  bool allow_remote = false;
  if (auto it = root.find("metrics_allow_remote"); it != root.end()) {
    if (!it->is_boolean()) {
      reader.error_at_value(
          "/metrics_allow_remote",
          "'metrics_allow_remote' must be true or false, not " + describe_type(*it));
      return;
    }
    allow_remote = it->get<bool>();
  }
  const bool remote = !listen.empty() && !is_loopback_host(listen.substr(0, listen.rfind(':')));
  if (remote && !allow_remote)
    reader.error_at_value(
        "/metrics_listen",
        "'metrics_listen' " + listen +
            " is reachable from other hosts, and /metrics has no authentication: listen on "
            "127.0.0.1 (a reverse proxy can publish it; docs/operations.md), or set "
            "\"metrics_allow_remote\": true");
  else if (remote)
    reader.warn_at_key("/metrics_listen",
                       "/metrics on " + listen +
                           " is reachable from other hosts without authentication "
                           "(\"metrics_allow_remote\": true)");
  else if (allow_remote)
    reader.warn_at_key("/metrics_allow_remote",
                       "'metrics_allow_remote' has no effect: 'metrics_listen' is " +
                           (listen.empty() ? std::string("not set") : "on loopback"));
}

// The machine's host name, the default node name; "headlined" if it has none.
std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "headlined";
  return name;
}

// "node" names this daemon on the rows it shares with other nodes; letters, digits and
// ".-_:" keep it readable in logs, status and metric labels. "lease_period" bounds how long
// a dead node's work waits for another node.
void read_node(Reader& reader, const nlohmann::json& root, Config& config) {
  const std::string what = "the config";
  config.node = host_name();
  if (auto node = reader.string_field(root, "", "node", Need::Optional, what)) {
    const bool plain = !node->empty() && node->size() <= 64 &&
                       node->find_first_not_of(
                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
                           "WXYZ0123456789.-_:") == std::string::npos;
    if (plain) {
      config.node = *node;
    } else {
      reader.error_at_value("/node",
                            "'node' must be 1 to 64 letters, digits or '.-_:' (e.g. the host "
                            "name), not '" +
                                *node + "'");
    }
  }
  if (auto period = reader.duration_field(root, "", "lease_period", Need::Optional, what))
    config.lease_period = *period;
}

}  // namespace

void read_top_level(Reader& reader, const nlohmann::json& root, Config& config) {
  reader.check_keys(
      root, "",
      {"database", "database_password", "user_agent", "workers", "metrics_listen",
       "metrics_allow_remote", "retention", "story_window", "crawl", "web", "websub", "polling",
       "sources", "channels", "subscriptions", "node", "lease_period", "database_retry_max"},
      "the config");
  const std::string what = "the config";
  if (auto db = reader.string_field(root, "", "database", Need::Optional, what))
    config.database = *db;
  {
    // Read even where other secrets are skipped: the admin commands open the database too.
    const Secrets mode = reader.secrets();
    if (mode == Secrets::Skip) reader.set_secrets(Secrets::Read);
    if (auto password = reader.string_field(root, "", "database_password", Need::Optional, what))
      config.database_password = *password;
    reader.set_secrets(mode);
  }
  // A duration is whole seconds above zero, so at least 1 s.
  if (auto most = reader.duration_field(root, "", "database_retry_max", Need::Optional, what))
    config.database_retry_max = *most;
  if (auto ua = reader.string_field(root, "", "user_agent", Need::Optional, what))
    config.user_agent = *ua;
  if (auto w = reader.int_field(root, "", "workers", 1, 256, Need::Optional, what))
    config.workers = static_cast<int>(*w);
  if (auto retention = reader.duration_field(root, "", "retention", Need::Optional, what))
    config.retention = *retention;
  if (auto window = reader.duration_field(root, "", "story_window", Need::Optional, what))
    config.story_window = *window;
  read_node(reader, root, config);
  read_crawl(reader, root, config.crawl);
  read_web(reader, root, config.web);
  read_websub(reader, root, config.websub);
  read_polling(reader, root, config.polling);
  if (auto listen = reader.string_field(root, "", "metrics_listen", Need::Optional, what)) {
    // "127.0.0.1:9464" or "[::1]:9464": the metrics endpoint has no authentication, so the
    // address is the admin's explicit choice, and the documented default is loopback.
    if (!valid_listen_address(*listen))
      reader.error_at_value("/metrics_listen",
                            "'metrics_listen' must be HOST:PORT, e.g. 127.0.0.1:9464");
    else
      config.metrics_listen = *listen;
  }
  check_metrics_reach(reader, root, config.metrics_listen);
}

}  // namespace headlined::config
