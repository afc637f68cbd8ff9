#include "host/rules/rules_tool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace wildwatch::rules {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

constexpr char kRules[] = R"(name: tool-test
taxa:
  - id: loxodonta-africana
    scientific_name: Loxodonta africana
    appendix: I
    rules:
      - id: ivory-sale
        severity: high
        any: ['\bivory\b', '象牙']
        all: ['for sale|出售']
)";

class RulesToolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WILDWATCH_BINARY_DIR) / "rules_tool_test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    rules_ = Write("rules.yaml", kRules);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, std::string_view content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  int Test(const TestRulesOptions& options, std::string stdin_text = "") {
    std::istringstream in(stdin_text);
    return TestRules(options, in, out_, err_);
  }

  fs::path dir_;
  std::string rules_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(RulesToolTest, CheckValidPrintsSummary) {
  EXPECT_EQ(CheckRules({rules_}, out_), kExitOk);
  EXPECT_THAT(out_.str(),
              MatchesRegex(".*rules\\.yaml: OK, tool-test@[0-9a-f]{12}: 1 "
                           "taxa, 1 rules, 3 patterns\n"));
}

TEST_F(RulesToolTest, CheckInvalidPrintsEveryProblem) {
  const std::string bad = Write("bad.yaml", R"(name: bad
taxa:
  - id: t
    scientific_name: T t
    appendix: V
    rules:
      - id: r
        any: ['(']
)");
  EXPECT_EQ(CheckRules({bad}, out_), kExitInvalidRules);
  EXPECT_THAT(out_.str(), HasSubstr(bad + ":5:15: appendix must be"));
  EXPECT_THAT(out_.str(), HasSubstr(bad + ":8:15: invalid pattern"));
}

TEST_F(RulesToolTest, TestTextPrintsOneJsonObjectPerMatch) {
  TestRulesOptions options;
  options.rules = {rules_};
  options.text = "出售 象牙 and ivory";
  EXPECT_EQ(Test(options), kExitOk);
  const nlohmann::json hit = nlohmann::json::parse(out_.str());
  EXPECT_EQ(hit["post_id"], "text");
  EXPECT_EQ(hit["taxon_id"], "loxodonta-africana");
  EXPECT_EQ(hit["scientific_name"], "Loxodonta africana");
  EXPECT_EQ(hit["appendix"], "I");
  EXPECT_EQ(hit["rule_id"], "loxodonta-africana/ivory-sale");
  EXPECT_EQ(hit["severity"], "high");
  EXPECT_EQ(hit["spans"], nlohmann::json::parse("[[0,6],[7,13],[18,23]]"));
  EXPECT_EQ(hit["matched"],
            nlohmann::json::parse(R"(["出售","象牙","ivory"])"));
  EXPECT_THAT(hit["ruleset_version"].get<std::string>(),
              MatchesRegex("tool-test@[0-9a-f]{12}"));
  // Compact, in the documented key order.
  EXPECT_THAT(out_.str(), ::testing::StartsWith("{\"post_id\":\"text\","
                                                "\"taxon_id\":"));
}

TEST_F(RulesToolTest, TestTextWithoutMatchPrintsNothing) {
  TestRulesOptions options;
  options.rules = {rules_};
  options.text = "ivory coloured dress";
  EXPECT_EQ(Test(options), kExitOk);
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(RulesToolTest, TestInputSkipsMalformedLinesWithTheirNumber) {
  const std::string posts =
      Write("posts.jsonl",
            "{\"id\":\"p1\",\"text\":\"ivory for sale\",\"lang\":\"en\"}\n"
            "{not json\n"
            "\n"
            "{\"id\":\"p2\",\"text\":\"nothing\"}\n"
            "{\"id\":\"p3\",\"text\":\"象牙出售\"}\n");
  TestRulesOptions options;
  options.rules = {rules_};
  options.input = posts;
  EXPECT_EQ(Test(options), kExitOk);
  std::istringstream lines(out_.str());
  std::string line;
  std::vector<std::string> ids;
  while (std::getline(lines, line)) {
    ids.push_back(nlohmann::json::parse(line)["post_id"]);
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("p1", "p3"));
  EXPECT_THAT(err_.str(), ::testing::StartsWith(posts + ":2: "));
}

TEST_F(RulesToolTest, TestInputFromStdin) {
  TestRulesOptions options;
  options.rules = {rules_};
  options.input = "-";
  EXPECT_EQ(Test(options, "{\"id\":7,\"text\":\"Ivory, for sale\"}\n"),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("\"post_id\":\"7\""));
}

TEST_F(RulesToolTest, TestExitCodes) {
  TestRulesOptions options;
  options.rules = {rules_};
  EXPECT_EQ(Test(options), kExitUsage);  // Neither --text nor --input.
  options.text = "x";
  options.input = "y";
  EXPECT_EQ(Test(options), kExitUsage);  // Both.
  options.text.reset();
  options.input = (dir_ / "missing.jsonl").string();
  EXPECT_EQ(Test(options), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("missing.jsonl: cannot open"));
  options.rules = {Write("bad.yaml", "name: [x]\n")};
  EXPECT_EQ(Test(options), kExitInvalidRules);
  EXPECT_THAT(err_.str(), HasSubstr("bad.yaml:1:7: 'name' must be a string"));
}

TEST_F(RulesToolTest, ExplainAndWhyNot) {
  TestRulesOptions options;
  options.rules = {rules_};
  options.text = "i.v.o.r.y for sale";
  options.explain = true;
  EXPECT_EQ(Test(options), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("\"explain\":{"));
  EXPECT_THAT(out_.str(), HasSubstr("\"normalized_text\":\"ivory for sale\""));

  out_.str("");
  options.explain = false;
  options.text = "ivory";
  options.why_not = "loxodonta-africana";
  EXPECT_EQ(Test(options), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("\"verdict\":\"missing-all\""));

  options.why_not = "no-such-taxon";
  EXPECT_EQ(Test(options), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("no-such-taxon"));
}

TEST_F(RulesToolTest, DiffReportsGainedAndLost) {
  const std::string stricter = Write("new.yaml", R"(name: tool-test
taxa:
  - id: loxodonta-africana
    scientific_name: Loxodonta africana
    appendix: I
    rules:
      - id: ivory-sale
        any: ['\bivory\b']
        all: ['for sale']
)");
  const std::string posts =
      Write("posts.jsonl",
            "{\"id\":\"p1\",\"text\":\"ivory for sale\"}\n"
            "{\"id\":\"p2\",\"text\":\"象牙 出售\"}\n");
  DiffRulesOptions options;
  options.old_rules = {rules_};
  options.new_rules = {stricter};
  options.input = posts;
  std::istringstream in;
  EXPECT_EQ(DiffRules(options, in, out_, err_), kExitOk);
  EXPECT_EQ(out_.str(),
            "- p2 loxodonta-africana loxodonta-africana/ivory-sale\n"
            "2 posts: 2 matches before, 1 after, 0 gained, 1 lost\n");
  options.new_rules = {Write("bad.yaml", "name: [")};
  EXPECT_EQ(DiffRules(options, in, out_, err_), kExitInvalidRules);
}

}  // namespace
}  // namespace wildwatch::rules
