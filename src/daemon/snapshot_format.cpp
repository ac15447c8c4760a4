#include "headlined/daemon/snapshot_format.hpp"

#include <nlohmann/json.hpp>

#include "headlined/core/time.hpp"

namespace headlined::daemon {

std::string format_snapshot_text(const Snapshot& s) {
  const Article& a = s.article;
  std::string out;
  auto line = [&out](const std::string& text) {
    if (!text.empty()) out += text + "\n";
  };
  if (!a.attribution.empty()) line("本文转自:" + a.attribution);
  // The kicker (sub-title) stands above the headline, as the paper printed it.
  line(a.subtitle);
  line(a.title);
  line(a.byline);
  line(a.body);
  line(
      "以上内容为资讯信息快照,由headlined爬虫进行采集并收录,本站未对信息做任何修改,"
      "信息内容不代表本站立场。");
  line("快照生成时间:" + format_local_time(s.fetched_at));
  line("本站信息快照查询为非营利公共服务,如有侵权请联系我们进行删除。");
  line("信息原文地址: " + (s.original_url.empty() ? a.url : s.original_url));
  return out;
}

std::string format_snapshot_json(const Snapshot& s, const std::vector<Match>& matches) {
  const Article& a = s.article;
  nlohmann::json matched = nlohmann::json::array();
  for (const Match& m : matches)
    matched.push_back(
        {{"subscription", m.subscription}, {"terms", m.terms}, {"snippet", m.snippet}});
  nlohmann::json j = {
      {"id", s.id},
      {"url", a.url},
      {"original_url", s.original_url},
      {"source", a.source_name},
      {"title", a.title},
      {"subtitle", a.subtitle},
      {"byline", a.byline},
      {"attribution", a.attribution},
      {"published", a.published},
      {"body", a.body},
      {"charset", s.charset},
      {"fetched_at", format_utc_iso(s.fetched_at)},
      {"raw_page_bytes", s.raw_page.size()},
      {"matches", matched},
  };
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace headlined::daemon
