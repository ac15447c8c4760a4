#pragma once
// The seed article (the original service's example snapshot: a Zibo Daily reprint) as a stored
// snapshot, for search, takedown, retention and export tests.

#include <string>

#include "headlined/core/types.hpp"

namespace headlined::store::testing {

inline Snapshot seed_snapshot(const std::string& url, UnixTime fetched_at) {
  Snapshot s;
  s.article.url = url;
  s.article.title = "一季度招商引资两项重要指标均居全市首位";
  s.article.subtitle = "高青:请进优质合伙人共赢未来";
  s.article.byline = "□本报记者 董振霞 通讯员 王克军";
  s.article.attribution = "淄博日报";
  s.article.published = "2024-04-14T08:45:07+08:00";
  s.article.body =
      "日前,我市公布今年一季度全市招商引资综合情况,高青县省外到位资金、新引进过亿元项目两项"
      "重要指标的年度目标完成率,均居全市首位。\n"
      "从京津冀到苏沪浙、从长三角到珠三角,高青县聚焦“高水平扩大开放、高质量招商引资”,"
      "马不停蹄,精准出击,一季度县党政主要领导、各招商链链长、各镇办主职干部带队外出招商49次。\n"
      "优化产业链\n成立五大招商专班";
  s.article.source_name = "zibo";
  s.original_url = url;
  s.raw_page = "<html><body>SEED-RAW-PAGE-MARKER " + s.article.body + "</body></html>";
  s.charset = "UTF-8";
  s.fetched_at = fetched_at;
  return s;
}

// A short English article, so tests can tell results apart.
inline Snapshot harbour_snapshot(const std::string& url, UnixTime fetched_at) {
  Snapshot s;
  s.article.url = url;
  s.article.title = "Harbour reopens after storm";
  s.article.body = "The harbour reopened on Monday after a week of repairs to the outer wall.";
  s.article.source_name = "coast";
  s.original_url = url;
  s.raw_page = "<html>" + s.article.body + "</html>";
  s.charset = "UTF-8";
  s.fetched_at = fetched_at;
  return s;
}

}  // namespace headlined::store::testing
