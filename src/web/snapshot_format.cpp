#include "headlined/web/snapshot_format.hpp"

#include <nlohmann/json.hpp>

#include "headlined/core/time.hpp"

namespace headlined::web {

SnapshotWording snapshot_wording(const std::string& language, const std::string& site_name) {
  if (language == "en") {
    return {"Reprinted from: ",
            "This is a snapshot of news collected by " + site_name +
                "'s crawler. The site has not modified it in any way; it does not represent "
                "the site's views.",
            "Snapshot taken: ",
            "Snapshot lookup is a non-profit public service. If this infringes your rights, "
            "contact us and we will delete it.",
            "Contact: ",
            "Original address: "};
  }
  return {"本文转自:",
          "以上内容为资讯信息快照,由" + site_name +
              "爬虫进行采集并收录,本站未对信息做任何修改,信息内容不代表本站立场。",
          "快照生成时间:",
          "本站信息快照查询为非营利公共服务,如有侵权请联系我们进行删除。",
          "联系方式:",
          "信息原文地址: "};
}

const std::string& original_address(const Snapshot& s) {
  return s.original_url.empty() ? s.article.url : s.original_url;
}

std::string format_snapshot_text(const Snapshot& s) {
  const Article& a = s.article;
  const SnapshotWording words = snapshot_wording("zh", "headlined");
  std::string out;
  auto line = [&out](const std::string& text) {
    if (!text.empty()) out += text + "\n";
  };
  if (!a.attribution.empty()) line(words.reprinted_from + a.attribution);
  // The kicker (sub-title) stands above the headline, as the paper printed it.
  line(a.subtitle);
  line(a.title);
  line(a.byline);
  line(a.body);
  line(words.statement);
  line(words.fetched_at + format_local_time(s.fetched_at));
  line(words.takedown);
  line(words.original + original_address(s));
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

}  // namespace headlined::web
