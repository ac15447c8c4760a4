#include "vectorscan_probe.hpp"

#include <ctime>

#ifdef HEADLINED_BENCH_VECTORSCAN
#include <hs/hs.h>
#endif

namespace headlined::bench {

#ifdef HEADLINED_BENCH_VECTORSCAN

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

int count_hit(unsigned, unsigned long long, unsigned long long, unsigned, void* context) {
  ++*static_cast<std::size_t*>(context);
  return 0;
}

}  // namespace

std::optional<VectorscanFigures> probe_vectorscan(const std::vector<std::string>& literals,
                                                  const std::vector<std::string>& texts,
                                                  double seconds) {
  VectorscanFigures f;
  std::vector<const char*> expressions;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < literals.size(); ++i) {
    expressions.push_back(literals[i].data());
    lengths.push_back(literals[i].size());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  const double t0 = cpu_seconds();
  if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr, &db,
                           &error) != HS_SUCCESS) {
    f.error = error ? error->message : "hs_compile_lit_multi failed";
    hs_free_compile_error(error);
    return f;
  }
  f.compile_seconds = cpu_seconds() - t0;
  hs_database_size(db, &f.database_bytes);
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  std::size_t bytes = 0;
  const double s0 = cpu_seconds();
  double elapsed = 0;
  do {
    for (const std::string& t : texts) {
      hs_scan(db, t.data(), static_cast<unsigned>(t.size()), 0, scratch, count_hit,
              &f.literal_hits);
      bytes += t.size();
    }
    elapsed = cpu_seconds() - s0;
  } while (elapsed < seconds);
  f.scan_mb_per_second = static_cast<double>(bytes) / 1e6 / elapsed;
  hs_free_scratch(scratch);
  hs_free_database(db);
  return f;
}

#else

std::optional<VectorscanFigures> probe_vectorscan(const std::vector<std::string>&,
                                                  const std::vector<std::string>&, double) {
  return std::nullopt;
}

#endif

}  // namespace headlined::bench
