#pragma once

#include <atomic>

namespace headlined::daemon {

// SIGTERM and SIGINT set the returned flag (the daemon then finishes and commits the work in
// flight); a second signal while stopping exits at once. SIGPIPE is ignored (a peer closing
// a socket is an error value, not a death).
std::atomic<bool>& install_stop_signals();

}  // namespace headlined::daemon
