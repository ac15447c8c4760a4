#include "cli/commands.hpp"

#include "cli/version.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "headlined/config/database_path.hpp"
#include "headlined/core/url.hpp"
#include "headlined/daemon/config_check.hpp"
#include "headlined/daemon/daemon.hpp"
#include "headlined/daemon/demo.hpp"
#include "headlined/daemon/http_frontends.hpp"
#include "headlined/daemon/logging.hpp"
#include "headlined/daemon/redact.hpp"
#include "headlined/daemon/signals.hpp"
#include "headlined/store/store.hpp"
#include "headlined/web/snapshot_format.hpp"
#include "headlined/web/story_format.hpp"

namespace headlined::cli {

namespace {

// Exit statuses: 0 done, 1 the thing asked for failed or was not found, 2 bad config/usage.
constexpr int kFailed = 1;
constexpr int kBadConfig = 2;

bool report_config_errors(const config::LoadResult& loaded) {
  for (const config::ConfigError& e : loaded.errors) std::cerr << e.to_string() << "\n";
  return !loaded.ok();
}

// Safety switches the admin turned off, in the log whenever a config is taken into use.
void log_config_warnings(const config::Config& config) {
  for (const std::string& w : config::config_warnings(config)) spdlog::warn("{}", w);
}

}  // namespace

int command_check_config(const CommandOptions& options) {
  // Run before `systemctl enable --now`, from a shell that lacks what the unit gives the
  // service (Environment=, LoadCredential=): those values are named, not counted as errors.
  config::LoadResult loaded =
      daemon::load_and_check_config(options.config_path, config::Secrets::ReadIfHere);
  for (const config::ConfigError& note : loaded.unchecked) std::cerr << note.to_string() << "\n";
  const bool bad = report_config_errors(loaded);
  // Warnings with the errors too: a setting without effect may be what a mistake looks like.
  for (const std::string& w : config::config_warnings(loaded.config)) std::cerr << w << "\n";
  if (bad) {
    std::cerr << loaded.errors.size() << " error(s) in " << options.config_path << "\n";
    return kBadConfig;
  }
  std::cout << "OK: " << options.config_path << ": " << loaded.config.sources.size()
            << " source(s), " << loaded.config.channels.size() << " channel(s), "
            << loaded.config.subscriptions.size() << " subscription(s)";
  if (!loaded.unchecked.empty())
    std::cout << "; " << loaded.unchecked.size()
              << " secret(s) only the service can read were not checked";
  std::cout << "\n";
  return 0;
}

int command_run(const CommandOptions& options) {
  daemon::SignalFlags signals = daemon::install_signal_handlers();
  config::LoadResult loaded = daemon::load_and_check_config(options.config_path);
  if (report_config_errors(loaded)) return kBadConfig;
  daemon::set_log_secrets(daemon::secrets_of(loaded.config));
  log_config_warnings(loaded.config);
  if (const char* state = std::getenv("STATE_DIRECTORY")) {
    // Under the unit nothing but the state folder is writable: say so before the open fails.
    if (auto problem = config::database_outside_state_directory(loaded.config.database, state))
      spdlog::warn("{}: {}", loaded.config.path, *problem);
  }
  // A one-off run is a node of its own: the daemon running beside it with this config has the
  // config's name, and its leases and claims are not this run's to use or give up.
  if (options.once) loaded.config.node = daemon::once_node_name(loaded.config.node);
  daemon::LogEventSink events;
  daemon::DaemonOptions daemon_options;
  daemon_options.version = version_number();
  // A PostgreSQL server not up yet is waited for (a one-off --once run fails instead).
  daemon_options.database_wait = {!options.once, &signals.stop};
  auto running = daemon::Daemon::create(loaded.config, events, daemon_options);
  if (!running) {
    if (signals.stop.load()) {
      spdlog::info("stopped before the start completed: {}", running.error().to_string());
      return 0;
    }
    spdlog::error("cannot start: {}", running.error().to_string());
    return kFailed;
  }
  auto http =
      daemon::start_http_frontends(loaded.config, (*running)->metrics(), (*running)->websub());
  if (!http) {
    spdlog::error("cannot start: {}", http.error().to_string());
    return kFailed;
  }
  // The ports bound, which port 0 in the config leaves to the system.
  if (!loaded.config.metrics_listen.empty()) {
    const std::string& listen = loaded.config.metrics_listen;
    spdlog::info("metrics on http://{}:{}/metrics", listen.substr(0, listen.rfind(':')),
                 http->metrics_port);
  }
  if (loaded.config.web) {
    const std::string& listen = loaded.config.web->listen;
    spdlog::info("web front on http://{}:{}/", listen.substr(0, listen.rfind(':')), http->web_port);
  }
  if (loaded.config.websub) {
    const std::string& listen = loaded.config.websub->listen;
    spdlog::info("websub callbacks on http://{}:{}/websub/ (hubs are given {}/websub/...)",
                 listen.substr(0, listen.rfind(':')), http->websub_port,
                 loaded.config.websub->public_base_url);
  }
  spdlog::info("started: {} source(s), {} subscription(s), database {}",
               loaded.config.sources.size(), loaded.config.subscriptions.size(),
               loaded.config.database);
  if (options.once) {
    (*running)->run_once(signals.stop);
    return 0;
  }
  daemon::RunControl control;
  control.reload_requested = &signals.reload;
  control.load_config = [path = options.config_path]() -> std::optional<config::Config> {
    config::LoadResult next = daemon::load_and_check_config(path);
    if (!next.ok()) {
      for (const config::ConfigError& e : next.errors)
        spdlog::error("reload refused: {}", e.to_string());
      return std::nullopt;
    }
    daemon::set_log_secrets(daemon::secrets_of(next.config));
    log_config_warnings(next.config);
    return next.config;
  };
  (*running)->run(signals.stop, control);
  return 0;
}

int command_show(const CommandOptions& options) {
  std::string database = options.database;
  std::string password;
  if (database.empty()) {
    if (options.config_path.empty()) {
      std::cerr << "headlined show: give --db FILE or --config FILE\n";
      return kBadConfig;
    }
    // Like every admin command, it needs no channel secret (docs/operations.md).
    config::LoadResult loaded =
        config::load_config_file(options.config_path, config::Secrets::Skip);
    if (report_config_errors(loaded)) return kBadConfig;
    database = loaded.config.database;
    password = loaded.config.database_password;
  }
  auto store = store::Store::open(database, password);
  if (!store) {
    std::cerr << "headlined show: " << store.error().to_string() << "\n";
    return kFailed;
  }
  std::int64_t id = 0;
  const std::string& t = options.target;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
  auto found = (ec == std::errc() && end == t.data() + t.size())
                   ? (*store)->snapshot_by_id(id)
                   : (*store)->snapshot_by_url(canonical_url(t));
  if (!found) {
    std::cerr << "headlined show: " << found.error().to_string() << "\n";
    return kFailed;
  }
  if (!*found) {
    std::cerr << "headlined show: no snapshot " << t << " in " << database << "\n";
    return kFailed;
  }
  auto copies = (*store)->story_copies((*found)->id);
  if (!copies) {
    std::cerr << "headlined show: " << copies.error().to_string() << "\n";
    return kFailed;
  }
  const std::string& attribution = (*found)->article.attribution;
  if (options.json) {
    auto matches = (*store)->matches_for((*found)->id);
    auto j = nlohmann::json::parse(
        web::format_snapshot_json(**found, matches ? *matches : std::vector<Match>{}));
    j["story"] = web::story_json(attribution, *copies);
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << web::format_snapshot_text(**found) << web::format_story_text(attribution, *copies);
  }
  return 0;
}

int command_demo(const CommandOptions& options) {
  return daemon::run_demo(daemon::DemoOptions{.once = options.once, .database = options.database});
}

}  // namespace headlined::cli
