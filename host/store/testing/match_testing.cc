#include "host/store/testing/match_testing.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "host/core/sha256.h"

namespace wildwatch::testing {

Match FullMatch(int n) {
  const std::string k = std::to_string(n);
  Match m;
  m.connector = "market-" + k;
  m.platform = "bazaar-" + k;
  m.post.id = "post-" + k;
  m.post.platform = "bazaar-post-" + k;
  m.post.url = "https://bazaar.example/item/" + k;
  m.post.author = "seller " + k;
  m.post.author_id = "u" + k;
  m.post.created_at_ms = 1714557600000 + n;
  m.post.title = "Bangle " + k;
  m.post.text = "carved ivory bangle, genuine, lot " + k;
  m.post.lang = "en";
  m.post.attributes = {{"price", "120." + k},
                       {"binary", std::string("a\0\xff", 3) + k},
                       {"price", "again " + k}};  // Repeated keys are kept.
  m.post.raw = std::string("{\"id\":\"post-") + k + "\"}\n" +
               std::string("\0\xfe\xff", 3) + k;
  m.raw_sha256 = Sha256Hex(m.post.raw);
  m.captured_at_ms = 1714557700000 + n;
  m.matched_at_ms = 1714557700500 + n;
  m.taxon_id = "loxodonta-africana-" + k;
  m.scientific_name = "Loxodonta africana";
  m.appendix = n % 2 == 0 ? "I" : "II";
  m.rule_id = m.taxon_id + "/ivory";
  m.severity = Severity::kCritical;
  m.ruleset_version = "2024.05." + k;
  m.match_id = MatchId(m.connector, m.post.id, m.rule_id, m.ruleset_version);
  m.spans = {{7, 12}, {13, 19}};
  m.matched = {"ivory", "bangle"};
  return m;
}

void ExpectSameMatch(const Match& expected, const Match& actual) {
  EXPECT_EQ(actual.sequence, expected.sequence) << "sequence";
  EXPECT_EQ(actual.match_id, expected.match_id) << "match_id";
  EXPECT_EQ(actual.connector, expected.connector) << "connector";
  EXPECT_EQ(actual.platform, expected.platform) << "platform";
  EXPECT_EQ(actual.post.id, expected.post.id) << "post.id";
  EXPECT_EQ(actual.post.platform, expected.post.platform) << "post.platform";
  EXPECT_EQ(actual.post.url, expected.post.url) << "post.url";
  EXPECT_EQ(actual.post.author, expected.post.author) << "post.author";
  EXPECT_EQ(actual.post.author_id, expected.post.author_id) << "post.author_id";
  EXPECT_EQ(actual.post.created_at_ms, expected.post.created_at_ms)
      << "post.created_at_ms";
  EXPECT_EQ(actual.post.title, expected.post.title) << "post.title";
  EXPECT_EQ(actual.post.text, expected.post.text) << "post.text";
  EXPECT_EQ(actual.post.lang, expected.post.lang) << "post.lang";
  EXPECT_EQ(actual.post.attributes, expected.post.attributes)
      << "post.attributes";
  EXPECT_EQ(actual.post.raw, expected.post.raw) << "post.raw";
  EXPECT_EQ(actual.raw_sha256, expected.raw_sha256) << "raw_sha256";
  EXPECT_EQ(actual.captured_at_ms, expected.captured_at_ms) << "captured_at_ms";
  EXPECT_EQ(actual.matched_at_ms, expected.matched_at_ms) << "matched_at_ms";
  EXPECT_EQ(actual.taxon_id, expected.taxon_id) << "taxon_id";
  EXPECT_EQ(actual.scientific_name, expected.scientific_name)
      << "scientific_name";
  EXPECT_EQ(actual.appendix, expected.appendix) << "appendix";
  EXPECT_EQ(actual.rule_id, expected.rule_id) << "rule_id";
  EXPECT_EQ(actual.severity, expected.severity) << "severity";
  EXPECT_EQ(actual.ruleset_version, expected.ruleset_version)
      << "ruleset_version";
  EXPECT_EQ(actual.spans, expected.spans) << "spans";
  EXPECT_EQ(actual.matched, expected.matched) << "matched";
}

}  // namespace wildwatch::testing
