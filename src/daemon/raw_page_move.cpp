#include "headlined/daemon/raw_page_move.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

#include "headlined/daemon/service_manager.hpp"

namespace headlined::daemon {

void move_raw_pages_at_start(store::Store& store) {
  auto left = store.raw_pages_to_move();
  if (!left || *left == 0) return;
  // 500 rows of tens of KB: a few seconds a batch at most, so a stop loses little.
  constexpr std::int64_t kBatch = 500;
  const std::int64_t total = *left;
  spdlog::info(
      "raw pages: moving those of {} snapshot id(s) out of the snapshots table "
      "(an upgrade; resumes where it stopped)",
      total);
  const ServiceManager service;
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  std::int64_t done = 0;
  for (;;) {
    service.extend_start(std::chrono::seconds(60));
    auto moved = store.move_raw_pages(kBatch);
    if (!moved) {
      spdlog::warn("raw pages: moving failed after {} of {} id(s), goes on at the next start: {}",
                   done, total, moved.error().to_string());
      return;
    }
    done += *moved;
    if (*moved < kBatch) break;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report >= std::chrono::seconds(10)) {
      last_report = now;
      spdlog::info("raw pages: {} of {} id(s) moved", done, total);
      service.status("moving raw pages: " + std::to_string(done) + " of " + std::to_string(total));
    }
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("raw pages: moved those of {} snapshot id(s) in {:.1f} s", done, seconds);
}

}  // namespace headlined::daemon
