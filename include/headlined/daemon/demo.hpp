#pragma once
// `headlined demo`: a bundled news site and a webhook receiver on 127.0.0.1, and the real
// daemon run against them with a sample config, printing what happens as it happens.

namespace headlined::daemon {

struct DemoOptions {
  bool once = false;  // one cycle (poll everything, send everything due), then exit
};

// Returns the process exit status: 0 when the cycle(s) ran, 1 when the demo could not start.
int run_demo(const DemoOptions& options);

}  // namespace headlined::daemon
