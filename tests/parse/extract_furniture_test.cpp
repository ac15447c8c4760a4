// Lines inside a story's container that are not its text: the site's disclaimer, a line of
// credits, the author's name on a line of its own. Each from a small hand-written page.

#include <gtest/gtest.h>

#include <string>

#include "headlined/parse/extract.hpp"
#include "tree_planting_page.hpp"

namespace headlined::parse {
namespace {

Article extract_with_last_line(const std::string& last) {
  return extract_article(
      "<html><head><title>春季植树活动启动</title></head><body><h1>春季植树活动"
      "启动</h1><div class=\"content\">" +
          kTreePlantingProse + "<p>" + last + "</p></div></body></html>",
      "https://x.example/1.html");
}

TEST(StoryFurniture, TheSitesDisclaimerIsNotBody) {
  for (const std::string line : {"【免责声明】本文仅代表作者本人观点，与本网无关。本网对文中陈述、"
                                 "观点判断保持中立，不对所包含"
                                 "内容的准确性、可靠性或完整性提供任何明示或暗示的保证。",
                                 "版权声明：本文为本网原创，转载请注明出处，违者必究。",
                                 "声明：本文来自网友投稿，观点仅代表作者本人，不代表本站立场。"}) {
    Article a = extract_with_last_line(line);
    EXPECT_EQ(a.body.find("声明"), std::string::npos) << a.body;
    EXPECT_NE(a.body.find("有关负责人表示"), std::string::npos) << a.body;
  }
}

TEST(StoryFurniture, ALineOfCreditsIsNotBody) {
  Article a = extract_with_last_line("医技药剂党支部、药剂科供稿 摄影/张艳 编辑/苏芳");
  EXPECT_EQ(a.body.find("供稿"), std::string::npos) << a.body;
  // One role named in a sentence is prose.
  Article b =
      extract_with_last_line("这批树苗由市园林局供稿图片的那家苗圃提供，已经全部运到现场。");
  EXPECT_NE(b.body.find("苗圃提供"), std::string::npos) << b.body;
}

TEST(StoryFurniture, TheAuthorsNameOnItsOwnLineIsNotBody) {
  Article a = extract_with_last_line("《棱镜》作者 周纯");
  EXPECT_EQ(a.body.find("周纯"), std::string::npos) << a.body;
  EXPECT_EQ(a.byline, "周纯");
}

}  // namespace
}  // namespace headlined::parse
