#include <vector>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

class SnapshotScanTest : public StoreTest {
 protected:
  void store_at(const std::string& url, UnixTime fetched_at) {
    Snapshot s = sample_snapshot(url);
    s.fetched_at = fetched_at;
    ASSERT_TRUE(store_->commit_article(s, {}, {}));
  }
};

TEST_P(SnapshotScanTest, VisitsSnapshotsSinceATimeNewestFirstWithoutTheirPages) {
  store_at("https://x.cn/old", 1000);
  store_at("https://x.cn/mid", 2000);
  store_at("https://x.cn/new", 3000);
  std::vector<std::string> urls;
  auto done = store_->for_each_snapshot(2000, [&](const Snapshot& s) {
    urls.push_back(s.article.url);
    EXPECT_TRUE(s.raw_page.empty());
    EXPECT_EQ(s.article.title, "一季度招商引资两项重要指标均居全市首位");
    return true;
  });
  ASSERT_TRUE(done) << done.error().to_string();
  EXPECT_EQ(urls, (std::vector<std::string>{"https://x.cn/new", "https://x.cn/mid"}));
}

TEST_P(SnapshotScanTest, StopsWhenTheVisitorSaysSo) {
  store_at("https://x.cn/a", 1000);
  store_at("https://x.cn/b", 2000);
  int visited = 0;
  ASSERT_TRUE(store_->for_each_snapshot(0, [&](const Snapshot&) { return ++visited < 1; }));
  EXPECT_EQ(visited, 1);
}

HEADLINED_ON_EVERY_BACKEND(SnapshotScanTest);

}  // namespace
}  // namespace headlined::store::testing
