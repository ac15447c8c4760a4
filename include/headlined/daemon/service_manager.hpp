#pragma once
// The systemd notify protocol (sd_notify): readiness, reload and stop, status lines, and
// watchdog pings. Without NOTIFY_SOCKET (not under systemd) every call does nothing.

#include <chrono>
#include <optional>
#include <string>

namespace headlined::daemon {

class ServiceManager {
 public:
  void ready() const;
  void reloading() const;
  void stopping() const;
  void status(const std::string& line) const;
  void watchdog() const;
  // Asks for `more` time to start (EXTEND_TIMEOUT_USEC): long work before ready, such as
  // rebuilding the search index, must not run into TimeoutStartSec.
  void extend_start(std::chrono::microseconds more) const;

  // How often systemd expects WATCHDOG=1 (half of WatchdogSec is the usual pace); empty when
  // the watchdog is off.
  std::optional<std::chrono::microseconds> watchdog_timeout() const;
};

}  // namespace headlined::daemon
