#include "plugins/common/text/html_to_text.h"

#include <gtest/gtest.h>

namespace wildwatch::plugins {
namespace {

TEST(HtmlToTextTest, BlocksAndBreaksBecomeLines) {
  EXPECT_EQ(HtmlToText("<p>Ivory <b>bangles</b></p><p>DM me</p>"),
            "Ivory bangles\nDM me");
  EXPECT_EQ(HtmlToText("line one<br>line two<br/><br>line four"),
            "line one\nline two\n\nline four");
  EXPECT_EQ(HtmlToText("<ul><li>horn</li><li>scales</li></ul>after"),
            "horn\nscales\nafter");
}

TEST(HtmlToTextTest, DecodesEntitiesAndNoBreakSpaces) {
  EXPECT_EQ(HtmlToText("Pangolin&nbsp;scales &amp; horn &lt;3 &#x1F422;"),
            "Pangolin scales & horn <3 \xF0\x9F\x90\xA2");
}

TEST(HtmlToTextTest, CollapsesWhitespaceOutsidePre) {
  EXPECT_EQ(HtmlToText("<div>  tiger \n\t bone  </div>"), "tiger bone");
  EXPECT_EQ(HtmlToText("<pre>a\n  b</pre>"), "a\nb");
}

TEST(HtmlToTextTest, DropsScriptsStylesAndHead) {
  EXPECT_EQ(HtmlToText("<html><head><title>t</title><style>p{}</style></head>"
                       "<body><script>var rhino = 1;</script>visible"
                       "<noscript>hidden</noscript></body></html>"),
            "visible");
}

TEST(HtmlToTextTest, SurvivesBrokenMarkupAndEmptyInput) {
  EXPECT_EQ(HtmlToText(""), "");
  EXPECT_EQ(HtmlToText("<p>unclosed <i>tags<p>next"), "unclosed tags\nnext");
  EXPECT_EQ(HtmlToText("plain text, no tags"), "plain text, no tags");
  EXPECT_EQ(HtmlToText("price < 500 && weight > 2kg"),
            "price < 500 && weight > 2kg");
}

}  // namespace
}  // namespace wildwatch::plugins
