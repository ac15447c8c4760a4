#pragma once
// Article bodies for the story tests: one Chinese report, its reprint the way another outlet
// makes one (Traditional characters, an editor's note added, the last paragraph cut), and a
// different report on the same subject that shares its vocabulary.

#include <string>

namespace headlined::testing {

inline const std::string kHarbourReport =
    "本报讯 记者从市交通运输局获悉,经过三个月的抢修,受台风损坏的东港码头外堤已于本周一全部完"
    "工,码头恢复通航。\n"
    "据介绍,今年八月台风过境时,东港码头外堤有一百二十米被海浪冲毁,两座装卸平台受损,港区"
    "停运至今。抢修期间,施工单位分三班昼夜作业,共投放护坡石块四万余立方米。\n"
    "市交通运输局负责人表示,外堤加高了一点五米,可抵御五十年一遇的风暴潮。下一步还将对港区"
    "道路和照明设施进行改造,预计年底前完成。\n"
    "复航首日,共有十二艘货船进出港,装卸货物三千余吨。船主们说,停运期间只能绕道邻市港口,"
    "运费增加了近三成,如今终于可以回家门口装货了。";

// Traditional characters, an editor's line on top, the last paragraph left out.
inline const std::string kHarbourReprint =
    "編者按:本文轉自市交通運輸局官方網站,標題有改動。\n"
    "本報訊 記者從市交通運輸局獲悉,經過三個月的搶修,受颱風損壞的東港碼頭外堤已於本週一全部完"
    "工,碼頭恢復通航。\n"
    "據介紹,今年八月颱風過境時,東港碼頭外堤有一百二十米被海浪沖毀,兩座裝卸平臺受損,港區"
    "停運至今。搶修期間,施工單位分三班晝夜作業,共投放護坡石塊四萬餘立方米。\n"
    "市交通運輸局負責人表示,外堤加高了一點五米,可抵禦五十年一遇的風暴潮。下一步還將對港區"
    "道路和照明設施進行改造,預計年底前完成。";

// Another story about the same harbour: same words, different sentences.
inline const std::string kHarbourFollowUp =
    "东港码头复航一周来,货运量逐日回升。记者昨日在港区看到,两座新修的装卸平台前排起了等待"
    "装货的卡车。\n"
    "港务公司统计,复航以来累计装卸货物两万一千吨,已恢复到台风前的八成。公司计划下月增开两"
    "条至邻市的航线,并招聘三十名装卸工人。\n"
    "不少货主表示,外堤加高后心里踏实了,准备把明年的运输合同重新签回东港。";

inline std::string paragraphs(const std::string& body) {
  std::string out;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    out += "<p>" + body.substr(start, end - start) + "</p>";
    start = end + 1;
  }
  return out;
}

// Two sites' templates, each with its own chrome around the article.
inline std::string city_paper(const std::string& title, const std::string& body) {
  return "<html><head><meta charset=\"utf-8\"><title>" + title +
         " - 东港日报</title></head><body><div class=\"nav\"><a href=\"/\">首页</a> "
         "<a href=\"/city\">本地</a></div><article><h1>" +
         title + "</h1>" + paragraphs(body) +
         "</article><div class=\"footer\">东港日报社版权所有</div></body></html>";
}

inline std::string portal(const std::string& title, const std::string& body) {
  return "<html><head><meta charset=\"utf-8\"><title>" + title +
         "_新闻频道</title></head><body><header><ul><li>要闻</li><li>财经</li><li>体育</li>"
         "</ul></header><div id=\"main\"><div class=\"content\"><h2 class=\"title\">" +
         title + "</h2><div class=\"text\">" + paragraphs(body) +
         "</div></div><aside>热门推荐</aside></div></body></html>";
}

}  // namespace headlined::testing
