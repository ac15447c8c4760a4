#pragma once
// Shared pieces of the notify tests: a sample message about the seed article.

#include "headlined/notify/channel.hpp"

namespace headlined::notify::testing {

inline Snapshot seed_snapshot() {
  Snapshot s;
  s.id = 7;
  s.article.url = "https://news.example.cn/zibo/2024/04/14/gaoqing.html";
  s.article.title = "一季度招商引资两项重要指标均居全市首位";
  s.article.subtitle = "高青:请进优质合伙人共赢未来";
  s.article.byline = "□本报记者 董振霞 通讯员 王克军";
  s.article.attribution = "淄博日报";
  s.article.published = "2024-04-14T08:45:07+08:00";
  s.article.body = "日前,我市公布今年一季度全市招商引资综合情况。\n优化产业链";
  s.article.source_name = "zibo";
  s.original_url = s.article.url;
  s.raw_page = "<html>…</html>";
  s.charset = "GBK";
  s.fetched_at = 1713055507;  // 2024-04-14T00:45:07Z
  return s;
}

inline Message seed_message() {
  Message m;
  m.idempotency_key = "headlined-delivery-42";
  m.items.push_back(
      {seed_snapshot(), {"investment"}, {"招商引资", "高青"}, "…全市招商引资综合情况…"});
  return m;
}

}  // namespace headlined::notify::testing
