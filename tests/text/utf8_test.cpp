#include "headlined/text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace headlined::text {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(Utf8, ValidatesWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("本文转自:淄博日报"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600, four bytes
  EXPECT_TRUE(is_valid_utf8(kReplacement));        // a literal U+FFFD is text, not an error
}

TEST(Utf8, RejectsMalformedText) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE6\x9C"));          // cut off
  EXPECT_FALSE(is_valid_utf8("\xB1\xBE\xCE\xC4"));  // GBK "本文"
}

TEST(Utf8, SanitizeKeepsValidTextAndReplacesEachBadStretchOnce) {
  EXPECT_EQ(sanitize_utf8("招商引资"), "招商引资");
  EXPECT_EQ(sanitize_utf8("a\xFF"
                          "b"),
            "a" + kReplacement + "b");
  // A truncated three-byte sequence is one ill-formed subpart: one U+FFFD, and the ASCII after
  // it is kept.
  EXPECT_EQ(sanitize_utf8("\xE6\x9C"
                          "x"),
            kReplacement + "x");
  EXPECT_EQ(sanitize_utf8("\xC0\xAF"), kReplacement + kReplacement);
  EXPECT_TRUE(is_valid_utf8(sanitize_utf8("\xB1\xBE\xCE\xC4\x80\xFE")));
}

TEST(Utf8, NextCodePointWalksAndStopsAtTheEnd) {
  const std::string s = "a本\xFF";
  std::size_t pos = 0;
  EXPECT_EQ(next_code_point(s, pos), U'a');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(next_code_point(s, pos), U'本');
  EXPECT_EQ(pos, 4u);
  EXPECT_EQ(next_code_point(s, pos), U'\uFFFD');
  EXPECT_EQ(pos, 5u);
  EXPECT_EQ(next_code_point(s, pos), 0u);
  EXPECT_EQ(pos, 5u);
}

TEST(Utf8, AppendEncodesEveryLengthAndRefusesSurrogates) {
  std::string out;
  append_utf8(out, U'A');
  append_utf8(out, U'é');
  append_utf8(out, U'报');
  append_utf8(out, U'\U0001F600');
  EXPECT_EQ(out, "Aé报\xF0\x9F\x98\x80");
  std::string bad;
  append_utf8(bad, 0xD800);
  append_utf8(bad, 0x110000);
  EXPECT_EQ(bad, kReplacement + kReplacement);
}

TEST(Utf8, IsCjkCoversHanKanaHangulAndFullWidthPunctuation) {
  EXPECT_TRUE(is_cjk(U'招'));
  EXPECT_TRUE(is_cjk(U'\U00020000'));  // extension B
  EXPECT_TRUE(is_cjk(U'の'));
  EXPECT_TRUE(is_cjk(U'カ'));
  EXPECT_TRUE(is_cjk(U'한'));
  EXPECT_TRUE(is_cjk(U'，'));
  EXPECT_TRUE(is_cjk(U'。'));
  EXPECT_FALSE(is_cjk(U'a'));
  EXPECT_FALSE(is_cjk(U','));
  EXPECT_FALSE(is_cjk(U'é'));
  EXPECT_FALSE(is_cjk(U'\U0001F600'));
}

TEST(Utf8, TrimRemovesIdeographicSpaceAndNbsp) {
  EXPECT_EQ(trim("\u3000\u00A0 \t高青县\u3000招商\n\u3000"), "高青县\u3000招商");
  EXPECT_EQ(trim(" \u3000 "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("x"), "x");
}

TEST(Utf8, CollapseWhitespaceJoinsRunsIntoOneSpace) {
  EXPECT_EQ(collapse_whitespace("  一季度\u3000\u3000招商引资 \n\t两项\u00A0指标  "),
            "一季度 招商引资 两项 指标");
  EXPECT_EQ(collapse_whitespace("\u3000\n"), "");
  EXPECT_EQ(collapse_whitespace("a\xFF  b"), "a" + kReplacement + " b");
  // ASCII stretches are copied whole, sequences as they are; a sequence cut short by the end
  // is one U+FFFD, and a written U+FFFD stays.
  EXPECT_EQ(collapse_whitespace("Long ASCII\x01words\v\v高\xE4\xB8"),
            "Long ASCII\x01words 高" + kReplacement);
  EXPECT_EQ(collapse_whitespace("\uFFFD x"), kReplacement + " x");
}

}  // namespace
}  // namespace headlined::text
