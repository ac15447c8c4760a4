#pragma once

#include <atomic>

namespace headlined::daemon {

struct SignalFlags {
  std::atomic<bool>& stop;    // SIGTERM, SIGINT
  std::atomic<bool>& reload;  // SIGHUP
};

// SIGTERM and SIGINT set `stop` (the daemon then finishes and commits the work in flight); a
// second one while stopping exits at once. SIGHUP sets `reload`. SIGPIPE is ignored (a peer
// closing a socket is an error value, not a death).
SignalFlags install_signal_handlers();

// The stop flag alone, for commands that do not reload.
inline std::atomic<bool>& install_stop_signals() {
  return install_signal_handlers().stop;
}

}  // namespace headlined::daemon
