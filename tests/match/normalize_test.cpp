#include "headlined/match/normalize.hpp"

#include <gtest/gtest.h>

#include "headlined/text/normalize.hpp"

namespace headlined::match {
namespace {

TEST(MatchNormalize, TraditionalBecomesSimplified) {
  ASSERT_TRUE(traditional_to_simplified_available());
  EXPECT_EQ(normalize("招商引資"), "招商引资");
  EXPECT_EQ(normalize("新聞訂閱"), "新闻订阅");
  EXPECT_EQ(normalize("臺灣經濟發展"), "台湾经济发展");
  EXPECT_EQ(normalize("招商引资"), "招商引资");  // Simplified stays as it is
}

TEST(MatchNormalize, WidthCaseAndIgnorables) {
  EXPECT_EQ(normalize("ＡＩ芯片，２０２４年"), "ai芯片,2024年");
  EXPECT_EQ(normalize("Headline NEWS"), "headline news");
  EXPECT_EQ(normalize("Straße"), "strasse");
  EXPECT_EQ(normalize("招\u200B商引資"), "招商引资");
}

TEST(MatchNormalize, CombiningMarksComposeWithWhatPrecedesThem) {
  EXPECT_EQ(normalize("Cafe\u0301 e\u0301\u0323"),
            text::normalize_for_match("Cafe\u0301 e\u0301\u0323"));
  EXPECT_EQ(normalize("cafe\u0301"), "caf\u00E9");
  // Hangul jamo compose into a syllable.
  EXPECT_EQ(normalize("\u1100\u1161\u11A8"), "\uAC01");
  EXPECT_EQ(normalize("\u0301leading mark"), text::normalize_for_match("\u0301leading mark"));
}

// The table-driven fold must agree with utf8proc over the whole text wherever no Chinese
// character needs simplifying.
TEST(MatchNormalize, AgreesWithWholeTextNormalisation) {
  const char* samples[] = {
      "Ünïcödé ＴＥＸＴ ﬁne ① ㈱ ½ Ⅻ ß ſ ǅ ΣΑΣ Ωmega",
      "e\u0308\u0301 a\u030A\u0327 \u0915\u093C \u0B47\u0B3E",
      "日前，我市（试行）「引号」《书名》……——",
      "\xF0\x9F\x98\x80 emoji \xF3\xA0\x80\x81 tag \xE2\x80\x8D zwj",
      "bad \xC3 bytes \xFF here",
  };
  for (const char* s : samples) EXPECT_EQ(normalize(s), text::normalize_for_match(s)) << s;
}

TEST(MatchNormalize, OriginPointsBackIntoTheInput) {
  std::vector<std::size_t> origin;
  const std::string input = "ＡＩ招商引資 Cafe\u0301";
  const std::string out = normalize(input, origin);
  ASSERT_EQ(origin.size(), out.size() + 1);
  EXPECT_EQ(origin.back(), input.size());
  const std::size_t at = out.find("引资");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(input.substr(origin[at], 6), "引資");
  const std::size_t cafe = out.find("caf");
  EXPECT_EQ(input.substr(origin[cafe], 4), "Cafe");
}

}  // namespace
}  // namespace headlined::match
