#pragma once
// How many times slower than a normal build the code under test runs (at least 1): the
// sanitizer builds set HEADLINED_TEST_TIME_SCALE (scripts/test-sanitizers), so a test that
// aims at a moment of the daemon's work, or allows for scheduling jitter, can stretch that.

#include <cstdlib>

namespace headlined::testing {

inline double time_scale() {
  const char* value = std::getenv("HEADLINED_TEST_TIME_SCALE");
  const double scale = value ? std::atof(value) : 1.0;
  return scale > 1.0 ? scale : 1.0;
}

}  // namespace headlined::testing
