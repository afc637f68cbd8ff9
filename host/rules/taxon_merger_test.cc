// Layering rule files: override, extend and duplicate ids.
#include "host/rules/taxon_merger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace wildwatch::rules {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class LayeringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WILDWATCH_BINARY_DIR) / "layering_test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "generated");
  }
  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << content;
    return path.string();
  }
  std::shared_ptr<const RuleSet> Load(const std::vector<std::string>& paths,
                                      std::vector<Diagnostic>* diagnostics) {
    return RuleSet::Load(paths, diagnostics);
  }
  fs::path dir_;
};

constexpr char kBase[] = R"(name: base
taxa:
  - id: t
    scientific_name: T spp.
    appendix: I
    common_names: {en: [tee]}
    rules:
      - id: name
        any: ['\btee\b']
)";

TEST_F(LayeringTest, ExtendAddsRulesAndLaterFieldsWin) {
  const std::string base = Write("base.yaml", kBase);
  const std::string local = Write("local.yaml", R"(name: local
taxa:
  - id: t
    extend: true
    scientific_name: T
    appendix: II
    common_names: {en: [tee, tea]}
    taxonomy: {kingdom: Animalia, class: Mammalia}
    rules:
      - id: trade
        any: ['\btea\b']
)");
  std::vector<Diagnostic> diagnostics;
  auto set = Load({base, local}, &diagnostics);
  ASSERT_NE(set, nullptr) << diagnostics[0].ToString();
  ASSERT_EQ(set->taxa().size(), 1u);
  const Taxon& t = set->taxa()[0];
  EXPECT_EQ(t.scientific_name, "T");
  EXPECT_EQ(t.appendix, "II");
  EXPECT_EQ(t.taxonomy.class_name, "Mammalia");
  EXPECT_EQ(t.common_names.at("en"), (std::vector<std::string>{"tee", "tea"}));
  EXPECT_EQ(set->rule_count(), 2u);
  EXPECT_EQ(set->Match("tee and tea", "").size(), 2u);
  EXPECT_EQ(set->version().substr(0, 11), "base+local@");
}

TEST_F(LayeringTest, OverrideReplacesTheTaxon) {
  const std::string base = Write("base.yaml", kBase);
  const std::string local = Write("local.yaml", R"(name: local
taxa:
  - id: t
    override: true
    scientific_name: T t
    appendix: III
    rules:
      - id: other
        any: ['\bother\b']
)");
  std::vector<Diagnostic> diagnostics;
  auto set = Load({base, local}, &diagnostics);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->rule_count(), 1u);
  EXPECT_TRUE(set->Match("tee", "").empty());
  EXPECT_EQ(set->Match("other", "").size(), 1u);
  EXPECT_EQ(set->taxa()[0].appendix, "III");
}

TEST_F(LayeringTest, DuplicateWithoutFlagNamesBothPlaces) {
  const std::string base = Write("base.yaml", kBase);
  const std::string again = Write("again.yaml", kBase);
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(Load({base, again}, &diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, again);
  EXPECT_EQ(diagnostics[0].line, 3);
  EXPECT_THAT(
      diagnostics[0].message,
      HasSubstr("duplicate taxon id 't'; first defined at " + base + ":3:9"));
}

TEST_F(LayeringTest, ExtendingWithAnExistingRuleIdIsAnError) {
  const std::string base = Write("base.yaml", kBase);
  const std::string local = Write("local.yaml", R"(name: local
taxa:
  - id: t
    extend: true
    rules:
      - id: name
        any: ['x']
)");
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(Load({base, local}, &diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].message, HasSubstr("duplicate rule id 't/name'"));
}

TEST_F(LayeringTest, ExtendOfNothingMustBeComplete) {
  const std::string lone = Write("lone.yaml", R"(name: lone
taxa:
  - id: t
    extend: true
    rules:
      - id: r
        any: ['x']
)");
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(Load({lone}, &diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].message, HasSubstr("extends nothing"));
  // A complete one defines the taxon.
  diagnostics.clear();
  EXPECT_NE(Load({Write("full.yaml", std::string(kBase).replace(
                                         std::string(kBase).find("    sci"), 0,
                                         "    extend: true\n"))},
                 &diagnostics),
            nullptr);
}

TEST_F(LayeringTest, DirectoryLoadsSubdirectoriesFirstAndSkipsTools) {
  Write("generated/base.yaml", kBase);
  Write("curated.yaml", R"(name: curated
taxa:
  - id: t
    extend: true
    rules:
      - id: trade
        any: ['\btea\b']
)");
  fs::create_directories(dir_ / "tools");
  Write("tools/inputs.yaml", "amendments: []\n");
  std::vector<Diagnostic> diagnostics;
  auto set = Load({dir_.string()}, &diagnostics);
  ASSERT_NE(set, nullptr) << diagnostics[0].ToString();
  EXPECT_EQ(set->version().substr(0, 13), "base+curated@");
  EXPECT_EQ(set->rule_count(), 2u);
}

TEST_F(LayeringTest, ShippedRulesDirectoryLoads) {
  std::vector<Diagnostic> diagnostics;
  auto set = Load({std::string(WILDWATCH_SOURCE_DIR) + "/rules"}, &diagnostics);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_NE(set, nullptr);
  // Generated taxa first, then the lexicons, the curated file and the
  // templates (subdirectories before files, each in name order).
  EXPECT_EQ(set->version().rfind("cites-appendices+lexicons-", 0), 0u);
  EXPECT_NE(set->version().find("+cites-core+templates@"), std::string::npos);
}

}  // namespace
}  // namespace wildwatch::rules
