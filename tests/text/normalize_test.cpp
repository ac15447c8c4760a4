#include "headlined/text/normalize.hpp"

#include <gtest/gtest.h>

#include "headlined/text/utf8.hpp"

namespace headlined::text {
namespace {

TEST(NormalizeForMatch, FullWidthLatinBecomesLowerCaseAscii) {
  EXPECT_EQ(normalize_for_match("ＡＩ"), "ai");
  EXPECT_EQ(normalize_for_match("ＡＩ芯片"), "ai芯片");
  EXPECT_EQ(normalize_for_match("２０２４年"), "2024年");
}

TEST(NormalizeForMatch, FullWidthPunctuationBecomesAscii) {
  EXPECT_EQ(normalize_for_match("，"), ",");
  EXPECT_EQ(normalize_for_match("（试行）"), "(试行)");
  EXPECT_EQ(normalize_for_match("日前，我市"), "日前,我市");
}

TEST(NormalizeForMatch, ChineseTextIsUnchanged) {
  const std::string text = "一季度招商引资两项重要指标均居全市首位。高青县委书记刘学圣说";
  EXPECT_EQ(normalize_for_match(text), text);
  EXPECT_EQ(normalize_for_match("新聞訂閱"), "新聞訂閱");  // no Traditional->Simplified here
}

TEST(NormalizeForMatch, CaseFoldsAndComposes) {
  EXPECT_EQ(normalize_for_match("Headline NEWS"), "headline news");
  EXPECT_EQ(normalize_for_match("Straße"), "strasse");
  EXPECT_EQ(normalize_for_match("e\u0301"), "\u00E9");  // decomposed é composes
}

TEST(NormalizeForMatch, DropsZeroWidthCharactersThatWouldSplitAKeyword) {
  EXPECT_EQ(normalize_for_match("招\u200B商引资"), "招商引资");
}

TEST(NormalizeForMatch, InvalidBytesAreReplacedNotAnError) {
  const std::string out = normalize_for_match("ＡＩ\xFF\xFE招商");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_EQ(out, "ai\uFFFD\uFFFD招商");
  EXPECT_EQ(normalize_for_match(""), "");
}

}  // namespace
}  // namespace headlined::text
