#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

TEST_P(StoreTest, ThreadsCommittingTheSameUrlsStoreEachOnce) {
  constexpr int kThreads = 4;
  constexpr int kUrls = 20;
  std::atomic<int> inserted_total{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kUrls; ++i) {
        bool inserted = false;
        auto id = store_->commit_article(sample_snapshot("https://a.example/" + std::to_string(i)),
                                         {Match{"s", {"t"}, "x"}}, {{"s", "mail"}}, &inserted);
        if (!id) ++errors;
        if (inserted) ++inserted_total;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(inserted_total.load(), kUrls);
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), std::to_string(kUrls));
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), std::to_string(kUrls));
}

}  // namespace
}  // namespace headlined::store::testing
