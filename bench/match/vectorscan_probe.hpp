#pragma once
// For comparison only: the same distinct terms compiled into a Vectorscan literal database
// (what the issue proposed), to measure its build time, size and raw scan speed. The probe
// only finds literals; boundaries, phrases and evaluation would come on top.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace headlined::bench {

struct VectorscanFigures {
  double compile_seconds = 0;
  std::size_t database_bytes = 0;
  double scan_mb_per_second = 0;
  std::size_t literal_hits = 0;
  std::string error;  // when compiling failed
};

// nullopt when the benchmark was built without libvectorscan-dev.
std::optional<VectorscanFigures> probe_vectorscan(const std::vector<std::string>& literals,
                                                  const std::vector<std::string>& texts,
                                                  double seconds);

}  // namespace headlined::bench
