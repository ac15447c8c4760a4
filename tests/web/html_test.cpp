#include "headlined/web/html.hpp"

#include <gtest/gtest.h>

namespace headlined::web {
namespace {

TEST(Html, EscapesMarkupQuotesAndDropsControls) {
  EXPECT_EQ(escape_html("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(escape_html("a\x01"
                        "b\x7f"
                        "c\xC2\x85"
                        "d\n\te"),
            "abcd\n\te");
  EXPECT_EQ(escape_html("招商\xFF引资"), "招商\xEF\xBF\xBD引资");
}

TEST(Html, LinksOnlyToAbsoluteHttpUrls) {
  EXPECT_EQ(safe_link_target("https://example.org/a?b=1"), "https://example.org/a?b=1");
  EXPECT_EQ(safe_link_target("HTTP://example.org/"), "HTTP://example.org/");
  for (const char* bad : {"javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)",
                          " https://example.org/", "data:text/html,x", "//example.org/",
                          "/relative", "https://", "vbscript:x"}) {
    EXPECT_EQ(safe_link_target(bad), "") << bad;
  }
}

}  // namespace
}  // namespace headlined::web
