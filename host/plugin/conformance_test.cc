#include "host/plugin/conformance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wildwatch {
namespace {

using ::testing::HasSubstr;

const std::string kScripted =
    std::string(WILDWATCH_BINARY_DIR) + "/plugins/libwildwatch_test_good.so";

const ConformanceStep* Find(const ConformanceReport& r,
                            const std::string& name) {
  for (const ConformanceStep& s : r.steps) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(ConformanceTest, AWellBehavedConnectorPasses) {
  std::vector<std::string> dumped;
  ConformanceOptions options;
  options.on_post = [&](const Post& p) { dumped.push_back(p.id); };
  ConformanceReport r = CheckConnector(kScripted, R"({"count": 50})", options);
  EXPECT_TRUE(r.passed()) << r.ToString();
  EXPECT_EQ(r.posts, 50u);
  ASSERT_EQ(dumped.size(), 50u);
  EXPECT_EQ(dumped.front(), "p0");
  EXPECT_THAT(r.ToString(), HasSubstr("PASS resume"));
}

TEST(ConformanceTest, ABrokenResumeIsCaught) {
  ConformanceReport r = CheckConnector(
      kScripted, R"({"count": 30, "ignore_checkpoint": true})", {});
  EXPECT_FALSE(r.passed());
  const ConformanceStep* resume = Find(r, "resume");
  ASSERT_NE(resume, nullptr);
  EXPECT_FALSE(resume->passed);
  EXPECT_THAT(resume->detail, HasSubstr("got"));
}

TEST(ConformanceTest, ALaxSchemaIsReported) {
  // This build of the scripted connector declares {"type":"object"}: any
  // key passes its schema.
  ConformanceReport r =
      CheckConnector(std::string(WILDWATCH_BINARY_DIR) +
                         "/plugins/libwildwatch_test_lax_schema.so",
                     R"({"count": 5})", {});
  const ConformanceStep* strict = Find(r, "invalid config rejected");
  ASSERT_NE(strict, nullptr);
  EXPECT_FALSE(strict->passed);
}

TEST(ConformanceTest, ARefusedLibraryStopsAtLoad) {
  ConformanceReport r =
      CheckConnector(std::string(WILDWATCH_BINARY_DIR) +
                         "/plugins/libwildwatch_test_wrong_major.so",
                     "{}", {});
  EXPECT_FALSE(r.passed());
  ASSERT_EQ(r.steps.size(), 1u);
  EXPECT_THAT(r.steps[0].detail, HasSubstr("ABI 2.0"));
}

TEST(ConformanceTest, AFatalErrorDuringTheReadFails) {
  ConformanceReport r =
      CheckConnector(kScripted, R"({"count": 30, "fatal_at": 10})", {});
  const ConformanceStep* read = Find(r, "read");
  ASSERT_NE(read, nullptr);
  EXPECT_FALSE(read->passed);
  EXPECT_THAT(read->detail, HasSubstr("scripted fatal failure"));
}

}  // namespace
}  // namespace wildwatch
