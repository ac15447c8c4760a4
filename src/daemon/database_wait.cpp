#include "headlined/daemon/database_wait.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "headlined/daemon/service_manager.hpp"
#include "headlined/store/pg_url.hpp"

namespace headlined::daemon {

namespace {

// `delay` give or take a fifth: nodes started together do not all knock at once.
std::chrono::milliseconds jittered(std::chrono::milliseconds delay) {
  std::minstd_rand random{std::random_device{}()};
  std::uniform_real_distribution<double> factor(0.8, 1.2);
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(static_cast<double>(delay.count()) * factor(random)));
}

}  // namespace

Result<std::unique_ptr<store::Store>> open_database(const config::Config& config,
                                                    const DatabaseWait& wait) {
  const bool server = store::is_postgresql_location(config.database);
  const std::chrono::milliseconds most = config.database_retry_max;
  const std::chrono::milliseconds first =
      std::min<std::chrono::milliseconds>(std::chrono::seconds(1), most);
  const ServiceManager service;
  const auto started = std::chrono::steady_clock::now();
  std::chrono::milliseconds delay{0};
  for (int attempt = 1;; ++attempt) {
    auto opened = store::Store::open(config.database, config.database_password);
    if (opened) {
      if (attempt > 1) {
        const double waited =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        spdlog::info("database {}: reached after {} attempt(s) in {:.1f} s",
                     store::masked_postgresql_url(config.database), attempt, waited);
      }
      (*opened)->set_reconnect_delays({first, most});
      return opened;
    }
    if (!server || !wait.wait) return opened;
    if (opened.error().permanent) {
      Error e = opened.error();
      e.what += " (the server refused: not retried; fix the config or the server)";
      return std::unexpected(e);
    }
    delay = delay.count() == 0 ? first : std::min(delay * 2, most);
    const std::chrono::milliseconds pause = jittered(delay);
    spdlog::warn("waiting for the database (attempt {}, next in {:.1f} s): {}", attempt,
                 static_cast<double>(pause.count()) / 1000.0, opened.error().to_string());
    service.status("waiting for the database: " + opened.error().to_string());
    // Type=notify: without more time systemd would end a start that waits for a server
    // (the next attempt may itself take connect_timeout, 10 s by default).
    service.extend_start(pause + std::chrono::seconds(30));
    const auto until = std::chrono::steady_clock::now() + pause;
    while (std::chrono::steady_clock::now() < until) {
      if (wait.stop && wait.stop->load())
        return fail("stopped while waiting for the database",
                    store::masked_postgresql_url(config.database));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

}  // namespace headlined::daemon
