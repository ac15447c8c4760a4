#include "headlined/daemon/service_manager.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>

namespace headlined::daemon {

void ServiceManager::ready() const {
  sd_notify(0, "READY=1");
}

void ServiceManager::reloading() const {
  sd_notify(0, "RELOADING=1");
}

void ServiceManager::stopping() const {
  sd_notify(0, "STOPPING=1");
}

void ServiceManager::status(const std::string& line) const {
  sd_notifyf(0, "STATUS=%s", line.c_str());
}

void ServiceManager::watchdog() const {
  sd_notify(0, "WATCHDOG=1");
}

void ServiceManager::extend_start(std::chrono::microseconds more) const {
  sd_notifyf(0, "EXTEND_TIMEOUT_USEC=%llu", static_cast<unsigned long long>(more.count()));
}

std::optional<std::chrono::microseconds> ServiceManager::watchdog_timeout() const {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

}  // namespace headlined::daemon
