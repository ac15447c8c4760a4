#pragma once

#include <string>

namespace headlined::parse {

// A short Chinese news article (a city's spring tree planting) that several extraction tests
// surround with the furniture, dates, names or signals they are about.
inline const std::string kTreePlantingProse =
    "<p>3月2日，市里召开新闻发布会，介绍了今年春季植树活动的安排，各区将在河道两侧和新建公园里种下"
    "两万棵树，并组织市民认养。</p><p>有关负责人表示，今年的树种以本地树种为主，养护期为三年，由各"
    "街道负责落实，园林部门将定期检查成活情况。</p>";

inline std::string tree_planting_page(const std::string& head, const std::string& body) {
  return "<html><head><title>春季植树活动启动</title>" + head + "</head><body>" + body +
         "</body></html>";
}

}  // namespace headlined::parse
