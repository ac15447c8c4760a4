#pragma once
// Opening the daemon's database, where a PostgreSQL server may not be up yet: the machines
// boot in any order, and a server restarts or fails over. A URL libpq cannot use never
// gets here (load_and_check_config refuses it: exit 2).

#include <atomic>
#include <memory>

#include "headlined/config/config.hpp"
#include "headlined/core/error.hpp"
#include "headlined/store/store.hpp"

namespace headlined::daemon {

struct DatabaseWait {
  // False: one attempt (`run --once`, `demo --once`: a job that finds no database fails).
  bool wait = false;
  // Set by SIGTERM/SIGINT: the wait ends with an error saying so.
  const std::atomic<bool>* stop = nullptr;
};

// Opens (and migrates) the config's database. With `wait.wait`, a PostgreSQL server that
// cannot be reached (refused, timed out, name not resolved, starting up, too many
// connections) is tried again after 1 s, then waits doubling up to the config's
// "database_retry_max" (with jitter), each failure logged and told to systemd (STATUS, and
// more time to start). A refusal that trying again cannot mend (authentication, a database
// or role that does not exist) ends the wait at once: the error goes to the caller and the
// service fails visibly (systemd's Restart= tries again later). The store it returns
// reconnects with the same waits when the connection breaks while running.
Result<std::unique_ptr<store::Store>> open_database(const config::Config& config,
                                                    const DatabaseWait& wait);

}  // namespace headlined::daemon
