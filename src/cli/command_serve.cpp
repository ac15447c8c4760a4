// `headlined serve --db FILE --listen ADDR`: the web front alone, on a database it only
// reads (snapshot pages, search, feeds), for a replica or a backup on another host. With
// --config it takes the config's "web" settings and the subscriptions' feed tokens.
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli/admin_support.hpp"
#include "headlined/config/config.hpp"
#include "headlined/daemon/signals.hpp"
#include "headlined/store/store.hpp"
#include "headlined/web/front.hpp"
#include "headlined/web/http_listener.hpp"

namespace headlined::cli {

int command_serve(const AdminOptions& options) {
  const std::string_view command = "serve";
  std::atomic<bool>& stop = daemon::install_stop_signals();
  web::FrontOptions front;
  front.database = options.database;
  if (!options.config_path.empty()) {
    auto loaded = load_config_for(command, options.config_path);
    if (!loaded) return kExitUsage;
    if (front.database.empty()) {
      front.database = loaded->database;
      front.database_password = loaded->database_password;
    }
    if (loaded->web) front.settings = *loaded->web;
    for (const config::SubscriptionEntry& entry : loaded->subscriptions)
      front.subscriptions.push_back(entry.subscription);
  }
  if (front.database.empty()) return report(command, "give --db FILE or --config FILE", kExitUsage);
  if (!options.listen.empty()) front.settings.listen = options.listen;
  if (front.settings.listen.empty())
    return report(command, "give --listen HOST:PORT (or a config with web.listen)", kExitUsage);
  std::error_code ec;
  if (!store::is_postgresql_location(front.database) &&
      !std::filesystem::exists(front.database, ec))
    return report(command, "no database at " + front.database, kExitFailed);

  auto opened = web::Front::open(front);
  if (!opened) return report(command, opened.error().to_string(), kExitFailed);
  web::ListenerLimits limits;
  limits.threads = front.readers;
  auto listener = web::HttpListener::start(
      front.settings.listen, limits, [&](httplib::Server& server) { (*opened)->install(server); });
  if (!listener) return report(command, listener.error().to_string(), kExitFailed);
  const std::string& listen = front.settings.listen;
  spdlog::info("web front on http://{}:{}/ serving {}", listen.substr(0, listen.rfind(':')),
               (*listener)->port(), front.database);
  // The listener answers on its own threads; this one only waits for SIGTERM or SIGINT.
  while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  spdlog::info("web front stopped");
  return kExitDone;
}

}  // namespace headlined::cli
