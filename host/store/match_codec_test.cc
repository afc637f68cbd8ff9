#include "host/store/match_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "host/store/testing/match_testing.h"

namespace wildwatch {
namespace {

using ::testing::HasSubstr;
using std::string_literals::operator""s;
using testing::ExpectSameMatch;
using testing::FullMatch;

TEST(MatchCodecTest, EveryFieldButSequenceAndRawRoundTrips) {
  Match m = FullMatch(3);
  m.sequence = 42;
  StatusOr<Match> back = DecodeMatchBody(EncodeMatchBody(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  Match expected = m;
  expected.sequence = 0;
  expected.post.raw.clear();
  ExpectSameMatch(expected, *back);
}

TEST(MatchCodecTest, ExtremeValuesRoundTrip) {
  Match m = FullMatch(4);
  m.post.created_at_ms = kTimeUnknown;
  m.captured_at_ms = std::numeric_limits<int64_t>::max();
  m.matched_at_ms = -1;
  m.severity = Severity::kLow;
  m.spans = {{0, std::numeric_limits<uint32_t>::max()}};
  m.post.text = "\xc3\x28 not UTF-8 \0 with NUL"s;
  m.post.attributes.clear();
  m.matched.clear();
  StatusOr<Match> back = DecodeMatchBody(EncodeMatchBody(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  m.post.raw.clear();
  ExpectSameMatch(m, *back);
}

TEST(MatchCodecTest, MissingFieldsKeepTheirDefaults) {
  std::string body;
  nlohmann::json::to_cbor(nlohmann::json{{"match_id", "abc"}}, body);
  StatusOr<Match> m = DecodeMatchBody(body);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  Match expected;
  expected.match_id = "abc";
  ExpectSameMatch(expected, *m);
}

TEST(MatchCodecTest, GarbageIsDataLoss) {
  StatusOr<Match> m = DecodeMatchBody("not cbor at all");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kDataLoss);
}

TEST(MatchCodecTest, WrongTypeIsDataLossNamingTheField) {
  std::string body;
  nlohmann::json::to_cbor(
      nlohmann::json{{"match_id", "abc"}, {"post", {{"text", 7}}}}, body);
  StatusOr<Match> m = DecodeMatchBody(body);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(m.status().message(), HasSubstr("'post.text'"));

  body.clear();
  nlohmann::json::to_cbor(nlohmann::json{{"severity", 9}}, body);
  m = DecodeMatchBody(body);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(m.status().message(), HasSubstr("'severity'"));
}

}  // namespace
}  // namespace wildwatch
