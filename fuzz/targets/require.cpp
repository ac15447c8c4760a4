#include <cstdio>
#include <cstdlib>

#include "targets.hpp"

namespace headlined::fuzz {

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

}  // namespace headlined::fuzz
