// `headlined deliveries` and `headlined redeliver`, run as the real binary on a database
// holding a dead delivery and a channel paused by a 410.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>

#include "headlined/store/store.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

TEST(DeliveriesCli, ListsFailedDeliveriesAndRedeliversThem) {
  testing::TempDir dir;
  const std::string db = dir.file("h.db");
  {
    auto store = store::Store::open(db);
    ASSERT_TRUE(store) << store.error().to_string();
    Snapshot s;
    s.article.url = "https://news.example/a";
    s.article.title = "Harbour reopens";
    s.fetched_at = 1700000000;
    auto id = (*store)->commit_article(s, {{"harbour", {"harbour"}, "the harbour"}},
                                       {{"harbour", "hook"}, {"harbour", "mail"}});
    ASSERT_TRUE(id);
    auto all = (*store)->deliveries();
    ASSERT_TRUE(all && all->size() == 2u);
    ASSERT_TRUE((*store)->mark_failed(all->front().id, "HTTP 410 Gone", 1700000000, true));
    ASSERT_TRUE((*store)->disable_channel({"hook", "HTTP 410 Gone", "https://x.test", 1}));
  }
  const std::string bin = std::string(HEADLINED_BINARY);

  auto [status, out] = testing::run_command_merged(bin + " deliveries --failed --json --db " + db);
  ASSERT_EQ(status, 0) << out;
  auto listed = nlohmann::json::parse(out);
  ASSERT_EQ(listed["deliveries"].size(), 1u);
  EXPECT_EQ(listed["deliveries"][0]["channel"], "hook");
  EXPECT_EQ(listed["deliveries"][0]["status"], "dead");
  EXPECT_EQ(listed["deliveries"][0]["last_error"], "HTTP 410 Gone");
  EXPECT_EQ(listed["disabled_channels"][0]["channel"], "hook");

  std::tie(status, out) = testing::run_command_merged(bin + " deliveries --db " + db);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("channel 'hook' paused"), std::string::npos) << out;

  std::tie(status, out) = testing::run_command_merged(bin + " redeliver --all-failed --db " + db);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("queued 1 failed delivery again"), std::string::npos) << out;

  std::tie(status, out) = testing::run_command_merged(bin + " deliveries --failed --db " + db);
  EXPECT_EQ(status, 1) << out;  // none left
  std::tie(status, out) = testing::run_command_merged(bin + " redeliver 999 --db " + db);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("no delivery with id 999"), std::string::npos) << out;

  auto store = store::Store::open(db);
  ASSERT_TRUE(store);
  auto pending = (*store)->deliveries(DeliveryStatus::Pending);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 2u);
  auto off = (*store)->disabled_channels();
  EXPECT_TRUE(off && off->empty());
}

}  // namespace
}  // namespace headlined
