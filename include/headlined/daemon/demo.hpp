#pragma once
// `headlined demo`: a bundled news site and a webhook receiver on 127.0.0.1, and the real
// daemon run against them with a sample config, printing what happens as it happens.

#include <string>

namespace headlined::daemon {

struct DemoOptions {
  bool once = false;  // one cycle (poll everything, send everything due), then exit
  // Where to store: a SQLite file or a PostgreSQL URL; empty = a new file in a temporary
  // folder. Its password, if any, from libpq's PGPASSWORD / PGPASSFILE.
  std::string database;
};

// Returns the process exit status: 0 when the cycle(s) ran, 1 when the demo could not start.
int run_demo(const DemoOptions& options);

}  // namespace headlined::daemon
