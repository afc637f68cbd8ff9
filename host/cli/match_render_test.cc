#include "host/cli/match_render.h"

#include <gtest/gtest.h>

namespace wildwatch::cli {
namespace {

v1::Match Ivory() {
  v1::Match m;
  m.set_sequence(42);
  m.set_match_id("9f2c");
  m.set_connector("demo-market");
  m.set_platform("bazaar");
  m.mutable_post()->set_id("123");
  m.mutable_post()->set_author("seller");
  m.mutable_post()->set_url("https://bazaar.example/123");
  m.mutable_post()->set_created_at_ms(1714557600000);  // 2024-05-01T10:00Z
  m.mutable_post()->set_text("carved ivory bangle");
  m.set_captured_at_ms(1714557601005);
  m.set_scientific_name("Loxodonta africana");
  m.set_taxon_id("loxodonta-africana");
  m.set_appendix("I");
  m.set_rule_id("loxodonta-africana/ivory");
  m.set_severity(v1::SEVERITY_HIGH);
  m.set_ruleset_version("v7");
  v1::Span* span = m.add_spans();
  span->set_start(7);
  span->set_end(12);
  return m;
}

TEST(MatchRenderTest, FormatsTimesToTheMinuteOrMillisecond) {
  EXPECT_EQ(FormatTime(1714557601005, false), "2024-05-01T10:00Z");
  EXPECT_EQ(FormatTime(1714557601005, true), "2024-05-01T10:00:01.005Z");
  EXPECT_EQ(FormatTime(0, true), "");
}

TEST(MatchRenderTest, LineNamesWhoWhatWhereAndWhen) {
  EXPECT_EQ(MatchLine(Ivory()),
            "#42 2024-05-01T10:00Z [high] Loxodonta africana (App. I) bazaar "
            "post 123 by @seller: \"carved ivory bangle\" "
            "https://bazaar.example/123");
}

TEST(MatchRenderTest, LineFallsBackToCaptureTimeAndAuthorId) {
  v1::Match m = Ivory();
  m.mutable_post()->set_created_at_ms(0);
  m.mutable_post()->clear_author();
  m.mutable_post()->set_author_id("u-9");
  m.set_captured_at_ms(1714561200000);  // 11:00
  const std::string line = MatchLine(m);
  EXPECT_NE(line.find("2024-05-01T11:00Z"), std::string::npos) << line;
  EXPECT_NE(line.find("by @u-9"), std::string::npos) << line;
}

TEST(MatchRenderTest, SnippetCutsOnUtf8BoundariesAndFlattensLines) {
  v1::Match m = Ivory();
  // 50 two-byte letters, the hit, 50 more: the cut 40 bytes out lands
  // inside a letter on neither side.
  std::string pad;
  for (int i = 0; i < 50; ++i) pad += "\xC3\xA9";  // é
  m.mutable_post()->set_text(pad + "\nivory\t" + pad);
  m.mutable_spans(0)->set_start(101);
  m.mutable_spans(0)->set_end(106);
  const std::string snippet = Snippet(m);
  ASSERT_EQ(snippet.substr(0, 3), "...");
  ASSERT_EQ(snippet.substr(snippet.size() - 3), "...");
  const std::string inner = snippet.substr(3, snippet.size() - 6);
  EXPECT_NE(inner.find(" ivory "), std::string::npos) << inner;
  // Whole letters only: the bytes before " ivory" come in pairs.
  EXPECT_EQ(inner.find(" ivory") % 2, 0u);
  EXPECT_EQ(static_cast<unsigned char>(inner[0]), 0xC3);
  EXPECT_EQ(static_cast<unsigned char>(inner.back()), 0xA9);
}

TEST(MatchRenderTest, SnippetOfASpanPastTheTextIsTheStart) {
  v1::Match m = Ivory();
  m.mutable_spans(0)->set_end(999);
  EXPECT_EQ(Snippet(m), "carved ivory bangle");
}

TEST(MatchRenderTest, RowHasAColumnPerHeader) {
  const std::vector<std::string> header = MatchHeader();
  const std::vector<std::string> row = MatchRow(Ivory());
  ASSERT_EQ(row.size(), header.size());
  auto cell = [&](const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return row[i];
    }
    return std::string("(no column)");
  };
  EXPECT_EQ(cell("sequence"), "42");
  EXPECT_EQ(cell("severity"), "high");
  EXPECT_EQ(cell("captured_at"), "2024-05-01T10:00:01.005Z");
  EXPECT_EQ(cell("snippet"), "carved ivory bangle");
}

}  // namespace
}  // namespace wildwatch::cli
