#include "headlined/text/markup_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace headlined::text {
namespace {

bool no_controls(char32_t cp) {
  return cp >= 0x20;
}

TEST(MarkupEscape, ReplacesTheMarkupCharactersAndOnlyTheQuotesAskedFor) {
  const std::string in = R"(<a href="x">Tom & Jerry's</a>)";
  EXPECT_EQ(escape_markup(in, EscapeQuotes::None),
            "&lt;a href=\"x\"&gt;Tom &amp; Jerry's&lt;/a&gt;");
  EXPECT_EQ(escape_markup(in, EscapeQuotes::Double),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry's&lt;/a&gt;");
  EXPECT_EQ(escape_markup(in, EscapeQuotes::DoubleAndSingle),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(MarkupEscape, LeavesChineseTextAsItIs) {
  EXPECT_EQ(escape_markup("本文转自:淄博日报", EscapeQuotes::Double), "本文转自:淄博日报");
  EXPECT_EQ(escape_markup("本文转自:淄博日报", EscapeQuotes::Double, no_controls),
            "本文转自:淄博日报");
}

TEST(MarkupEscape, WithAFilterDropsRejectedCodePointsAndRepairsInvalidUtf8) {
  EXPECT_EQ(escape_markup("a\x01"
                          "b<\x07",
                          EscapeQuotes::Double, no_controls),
            "ab&lt;");
  EXPECT_EQ(escape_markup("a\xFF"
                          "b",
                          EscapeQuotes::Double, no_controls),
            "a\xEF\xBF\xBD"
            "b");
  // Without a filter the bytes are copied: the caller vouches for the text.
  EXPECT_EQ(escape_markup("a\x01"
                          "b",
                          EscapeQuotes::Double),
            "a\x01"
            "b");
}

}  // namespace
}  // namespace headlined::text
