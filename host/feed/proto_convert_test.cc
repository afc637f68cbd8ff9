#include "host/feed/proto_convert.h"

#include <gtest/gtest.h>

namespace wildwatch {
namespace {

Match SampleMatch() {
  Match m;
  m.sequence = 42;
  m.match_id = "0123456789abcdef0123456789abcdef";
  m.connector = "demo-market";
  m.platform = "bazaar-market";
  m.post.id = "123";
  m.post.url = "https://bazaar.example/item/123";
  m.post.author = "seller";
  m.post.author_id = "u-9";
  m.post.created_at_ms = 1714557600000;
  m.post.title = "Bangle";
  m.post.text = "carved ivory bangle";
  m.post.lang = "en";
  m.post.attributes = {{"price", "120"}, {"currency", "EUR"}};
  m.raw_sha256 = std::string(64, 'a');
  m.captured_at_ms = 1714557601000;
  m.matched_at_ms = 1714557601005;
  m.taxon_id = "loxodonta-africana";
  m.scientific_name = "Loxodonta africana";
  m.appendix = "I";
  m.rule_id = "loxodonta-africana/ivory";
  m.severity = Severity::kHigh;
  m.ruleset_version = "v7";
  m.spans = {{7, 12}};
  m.matched = {"ivory"};
  return m;
}

void ExpectSame(const Match& a, const Match& b) {
  EXPECT_EQ(a.sequence, b.sequence);
  EXPECT_EQ(a.match_id, b.match_id);
  EXPECT_EQ(a.connector, b.connector);
  EXPECT_EQ(a.platform, b.platform);
  EXPECT_EQ(a.post.id, b.post.id);
  EXPECT_EQ(a.post.url, b.post.url);
  EXPECT_EQ(a.post.author, b.post.author);
  EXPECT_EQ(a.post.author_id, b.post.author_id);
  EXPECT_EQ(a.post.created_at_ms, b.post.created_at_ms);
  EXPECT_EQ(a.post.title, b.post.title);
  EXPECT_EQ(a.post.text, b.post.text);
  EXPECT_EQ(a.post.lang, b.post.lang);
  EXPECT_EQ(a.post.attributes, b.post.attributes);
  EXPECT_EQ(a.raw_sha256, b.raw_sha256);
  EXPECT_EQ(a.captured_at_ms, b.captured_at_ms);
  EXPECT_EQ(a.matched_at_ms, b.matched_at_ms);
  EXPECT_EQ(a.taxon_id, b.taxon_id);
  EXPECT_EQ(a.scientific_name, b.scientific_name);
  EXPECT_EQ(a.appendix, b.appendix);
  EXPECT_EQ(a.rule_id, b.rule_id);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.ruleset_version, b.ruleset_version);
  EXPECT_EQ(a.spans, b.spans);
  EXPECT_EQ(a.matched, b.matched);
}

TEST(ProtoConvertTest, RoundTripsEveryField) {
  const Match m = SampleMatch();
  v1::Match wire;
  MatchToProto(m, &wire);
  EXPECT_EQ(wire.post().attributes_size(), 2);
  EXPECT_EQ(wire.severity(), v1::SEVERITY_HIGH);
  ExpectSame(MatchFromProto(wire), m);
}

TEST(ProtoConvertTest, UnknownTimesTravelAsZero) {
  Match m = SampleMatch();
  m.post.created_at_ms = kTimeUnknown;
  m.captured_at_ms = kTimeUnknown;
  v1::Match wire;
  MatchToProto(m, &wire);
  EXPECT_EQ(wire.post().created_at_ms(), 0);
  EXPECT_EQ(wire.captured_at_ms(), 0);
  Match back = MatchFromProto(wire);
  EXPECT_EQ(back.post.created_at_ms, kTimeUnknown);
  EXPECT_EQ(back.captured_at_ms, kTimeUnknown);
}

TEST(ProtoConvertTest, OverwritesThePreviousContents) {
  v1::Match wire;
  MatchToProto(SampleMatch(), &wire);
  Match other;
  other.match_id = "x";
  MatchToProto(other, &wire);
  EXPECT_EQ(wire.post().attributes_size(), 0);
  EXPECT_EQ(wire.spans_size(), 0);
  EXPECT_EQ(wire.scientific_name(), "");
}

TEST(ProtoConvertTest, SeveritiesMapBothWays) {
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical}) {
    Severity back = Severity::kLow;
    ASSERT_TRUE(SeverityFromProto(SeverityToProto(s), &back));
    EXPECT_EQ(back, s);
  }
  Severity unchanged = Severity::kCritical;
  EXPECT_FALSE(SeverityFromProto(v1::SEVERITY_UNSPECIFIED, &unchanged));
  EXPECT_EQ(unchanged, Severity::kCritical);
}

TEST(ProtoConvertTest, StatusKeepsCodeAndMessage) {
  grpc::Status s = ToGrpcStatus(OutOfRangeError("oldest held is 7"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(s.error_message(), "oldest held is 7");
  EXPECT_TRUE(ToGrpcStatus(OkStatus()).ok());
}

}  // namespace
}  // namespace wildwatch
