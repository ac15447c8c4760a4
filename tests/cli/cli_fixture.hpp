#pragma once
// The admin commands run as the real `headlined` binary against a real database prepared
// through the store: the seed article (matched, with deliveries), an English article, and a
// config file naming the database, its sources and subscriptions.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include "headlined/core/time.hpp"
#include "headlined/store/store.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined::cli::testing {

using Output = headlined::testing::CommandOutput;  // stdout only, so JSON parses

// Runs the binary with `args` (already shell-quoted); stderr goes to the test's stderr.
inline Output headlined(const std::string& args) {
  return headlined::testing::run_command(std::string(HEADLINED_BINARY) + " " + args);
}

// Single quotes for the shell.
inline std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline Snapshot seed_article(const std::string& url, UnixTime fetched_at) {
  Snapshot s;
  s.article.url = url;
  s.article.title = "一季度招商引资两项重要指标均居全市首位";
  s.article.subtitle = "高青:请进优质合伙人共赢未来";
  s.article.byline = "□本报记者 董振霞 通讯员 王克军";
  s.article.attribution = "淄博日报";
  s.article.published = "2024-04-14T08:45:07+08:00";
  s.article.body =
      "日前,我市公布今年一季度全市招商引资综合情况,高青县省外到位资金、新引进过亿元项目两项"
      "重要指标的年度目标完成率,均居全市首位。\n从京津冀到苏沪浙、从长三角到珠三角,高青县聚焦"
      "“高水平扩大开放、高质量招商引资”,马不停蹄,精准出击。";
  s.article.source_name = "zibo";
  s.original_url = url + "?utm_source=rss";
  s.raw_page = "<html>" + s.article.body + "</html>";
  s.charset = "GBK";
  s.fetched_at = fetched_at;
  return s;
}

class CliTest : public ::testing::Test {
 protected:
  const std::string kSeedUrl = "https://zibo.example/news/gaoqing.html";
  const std::string kHarbourUrl = "https://coast.example/harbour.html";

  void SetUp() override {
    db_path = dir.file("headlined.db");
    config_path = dir.file("headlined.jsonc");
    headlined::testing::write_file(config_path, R"({
      "database": "headlined.db",
      "retention": "90d",
      "sources": [
        {"name": "zibo", "type": "feed", "url": "https://zibo.example/rss.xml", "interval": "5m"},
        {"name": "coast", "type": "list", "url": "https://coast.example/", "interval": "1h"}
      ],
      "channels": [{"name": "hook", "type": "webhook", "url": "https://hooks.example/x"}],
      "subscriptions": [
        {"name": "investment", "query": "招商引资", "channels": ["hook"]},
        {"name": "harbour", "query": "harbour", "channels": ["hook"]},
        {"name": "quiet", "query": "nothing-matches-this", "channels": ["hook"]}
      ]
    })");
    auto opened = store::Store::open(db_path);
    ASSERT_TRUE(opened) << opened.error().to_string();
    store = std::move(*opened);
    const UnixTime now = now_unix();
    auto seed = store->commit_article(seed_article(kSeedUrl, now),
                                      {Match{"investment", {"招商引资"}, "…全市招商引资综合情况…"}},
                                      {{"investment", "hook"}});
    ASSERT_TRUE(seed) << seed.error().to_string();
    seed_id = *seed;
    Snapshot harbour;
    harbour.article.url = kHarbourUrl;
    // Markup characters and a control byte an extracted page may carry: export must escape.
    harbour.article.title = "Harbour <reopens> & ferries \"run\"\x01 again";
    harbour.article.body = "The harbour reopened on Monday.\x0c Ferries run again & more.";
    harbour.article.source_name = "coast";
    harbour.original_url = kHarbourUrl;
    harbour.raw_page = "<html></html>";
    harbour.charset = "UTF-8";
    harbour.fetched_at = now - 100 * 86400;  // older than the 90-day retention
    auto old = store->commit_article(
        harbour, {Match{"harbour", {"harbour"}, "The harbour <reopened> & more"}},
        {{"harbour", "hook"}});
    ASSERT_TRUE(old) << old.error().to_string();
    harbour_id = *old;
    Source zibo;
    zibo.name = "zibo";
    zibo.url = "https://zibo.example/rss.xml";
    ASSERT_TRUE(store->upsert_source(zibo));
    ASSERT_TRUE(store->record_poll_success("zibo", "", "", now - 60, now + 240));
    Source coast;
    coast.name = "coast";
    coast.kind = SourceKind::ListPage;
    coast.url = "https://coast.example/";
    ASSERT_TRUE(store->upsert_source(coast));
    ASSERT_TRUE(store->record_poll_failure("coast", "HTTP 503", now, now + 600));
  }

  // Runs a command against the test database.
  Output db_command(const std::string& args) {
    return headlined(args + " --db " + shell_quoted(db_path));
  }

  static nlohmann::json parse(const Output& o) {
    auto parsed = nlohmann::json::parse(o.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << o.out;
    return parsed;
  }

  headlined::testing::TempDir dir;
  std::string db_path;
  std::string config_path;
  std::unique_ptr<store::Store> store;
  std::int64_t seed_id = 0;
  std::int64_t harbour_id = 0;
};

}  // namespace headlined::cli::testing
