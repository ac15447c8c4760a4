#include "headlined/web/snapshot_format.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace headlined::web {
namespace {

Snapshot seed_like_snapshot() {
  Snapshot s;
  s.id = 7;
  s.original_url = "http://127.0.0.1:1/articles/gaoqing.html?utm_source=rss";
  s.fetched_at = 1713055507;
  s.charset = "gb18030";
  s.article.url = "http://127.0.0.1:1/articles/gaoqing.html";
  s.article.attribution = "淄博日报";
  s.article.subtitle = "一季度招商引资两项重要指标均居全市首位";
  s.article.title = "高青:请进优质合伙人共赢未来";
  s.article.byline = "□本报记者 董振霞 通讯员 王克军";
  s.article.body = "第一段。\n第二段。";
  return s;
}

TEST(SnapshotFormat, FollowsTheSeedLayout) {
  const std::string text = format_snapshot_text(seed_like_snapshot());
  const std::vector<std::string> in_order = {
      "本文转自:淄博日报\n",
      "一季度招商引资两项重要指标均居全市首位\n",
      "高青:请进优质合伙人共赢未来\n",
      "□本报记者 董振霞 通讯员 王克军\n",
      "第一段。\n第二段。\n",
      "以上内容为资讯信息快照",
      "快照生成时间:20",
      "如有侵权请联系我们进行删除",
      "信息原文地址: http://127.0.0.1:1/articles/gaoqing.html?utm_source=rss"};
  std::size_t pos = 0;
  for (const std::string& part : in_order) {
    std::size_t found = text.find(part, pos);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << part << "\n" << text;
    pos = found + part.size();
  }
  EXPECT_EQ(text.rfind("本文转自:", 0), 0u);
}

TEST(SnapshotFormat, JsonCarriesEveryField) {
  Match m{"招商", {"招商引资"}, "…招商引资…"};
  auto j = nlohmann::json::parse(format_snapshot_json(seed_like_snapshot(), {m}));
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["title"], "高青:请进优质合伙人共赢未来");
  EXPECT_EQ(j["attribution"], "淄博日报");
  EXPECT_EQ(j["fetched_at"], "2024-04-14T00:45:07Z");
  EXPECT_EQ(j["matches"][0]["subscription"], "招商");
}

}  // namespace
}  // namespace headlined::web
