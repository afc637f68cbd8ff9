#include "host/rules/rule_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "host/rules/evaluation.h"

namespace wildwatch::rules {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// A valid file to edit in tests: line numbers below refer to it.
constexpr char kValid[] = R"(name: test
taxa:
  - id: loxodonta-africana
    scientific_name: Loxodonta africana
    appendix: I
    rules:
      - id: ivory
        any: ['\bivory\b']
)";

std::vector<Diagnostic> Problems(std::string_view yaml,
                                 const LoadOptions& options = LoadOptions()) {
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set =
      RuleSet::LoadFromString(yaml, "r.yaml", &diagnostics, options);
  EXPECT_EQ(set == nullptr, !diagnostics.empty());
  return diagnostics;
}

std::shared_ptr<const RuleSet> MustLoad(std::string_view yaml) {
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set =
      RuleSet::LoadFromString(yaml, "r.yaml", &diagnostics);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.ToString();
  return set;
}

// The qualified ids of the rules that hit text.
std::vector<std::string> HitIds(const RuleSet& set, std::string_view text,
                                std::string_view lang = "") {
  std::vector<std::string> ids;
  for (const Hit& hit : set.Match(text, lang)) ids.push_back(hit.rule->id);
  return ids;
}

// One taxon "t" with the rules given as YAML list entries (6 spaces deep).
std::string OneTaxon(std::string_view rules) {
  return std::string(R"(name: test
taxa:
  - id: t
    scientific_name: T t
    appendix: II
    rules:
)") + std::string(rules);
}

TEST(DiagnosticTest, ToStringLeavesOutUnknownParts) {
  EXPECT_EQ((Diagnostic{"a.yaml", 3, 7, "bad"}).ToString(), "a.yaml:3:7: bad");
  EXPECT_EQ((Diagnostic{"a.yaml", 3, 0, "bad"}).ToString(), "a.yaml:3: bad");
  EXPECT_EQ((Diagnostic{"a.yaml", 0, 0, "bad"}).ToString(), "a.yaml: bad");
}

TEST(RuleSetLoadTest, ValidFileLoads) {
  std::shared_ptr<const RuleSet> set = MustLoad(kValid);
  ASSERT_NE(set, nullptr);
  ASSERT_THAT(set->taxa(), SizeIs(1));
  EXPECT_EQ(set->taxa()[0].scientific_name, "Loxodonta africana");
  EXPECT_EQ(set->taxa()[0].appendix, "I");
  EXPECT_EQ(set->taxa()[0].rules[0].id, "loxodonta-africana/ivory");
  EXPECT_EQ(set->taxa()[0].rules[0].severity, Severity::kMedium);
  EXPECT_EQ(set->rule_count(), 1u);
  EXPECT_EQ(set->pattern_count(), 1u);
  EXPECT_THAT(set->version(), ::testing::MatchesRegex("test@[0-9a-f]{12}"));
}

TEST(RuleSetLoadTest, SyntaxErrorHasPosition) {
  std::vector<Diagnostic> d = Problems("name: test\ntaxa: x: y\n");
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].file, "r.yaml");
  EXPECT_EQ(d[0].line, 2);
  EXPECT_EQ(d[0].column, 8);
  EXPECT_THAT(d[0].message, HasSubstr("YAML syntax error"));
}

TEST(RuleSetLoadTest, ReportsEveryProblemNotOnlyTheFirst) {
  std::vector<Diagnostic> d = Problems(R"(name: Bad_Name
colour: red
taxa:
  - id: t
    scientific_name: T t
    appendix: IV
    rules:
      - id: r
        severity: urgent
        any: ['(ivory']
)");
  ASSERT_THAT(d, SizeIs(5));
  EXPECT_EQ(d[0].line, 1);  // name
  EXPECT_EQ(d[0].column, 7);
  EXPECT_THAT(d[0].message, HasSubstr("'Bad_Name'"));
  EXPECT_EQ(d[1].line, 2);  // colour
  EXPECT_EQ(d[1].column, 1);
  EXPECT_THAT(d[1].message,
              HasSubstr("unknown key 'colour' in rule file; allowed keys: "
                        "name, description, taxa"));
  EXPECT_EQ(d[2].line, 6);  // appendix
  EXPECT_EQ(d[2].column, 15);
  EXPECT_THAT(d[2].message, HasSubstr("appendix must be I, II or III"));
  EXPECT_EQ(d[3].line, 9);  // severity
  EXPECT_EQ(d[3].column, 19);
  EXPECT_THAT(d[3].message, HasSubstr("not 'urgent'"));
  EXPECT_EQ(d[4].line, 10);  // pattern
  EXPECT_EQ(d[4].column, 15);
  EXPECT_THAT(d[4].message, HasSubstr("invalid pattern in 'any'"));
}

TEST(RuleSetLoadTest, InvalidRegexNamesErrorAndFragment) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: ['\bivory\b', '(tusk']
)"));
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 8);
  EXPECT_EQ(d[0].column, 28);
  EXPECT_THAT(d[0].message, HasSubstr("invalid pattern in 'any'"));
  EXPECT_THAT(d[0].message, HasSubstr("missing )"));
  EXPECT_THAT(d[0].message, HasSubstr("'(tusk'"));
}

TEST(RuleSetLoadTest, UnknownKeyInRuleSaysWhichAreAllowed) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: [tusk]
        unles: [faux]
)"));
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 9);
  EXPECT_EQ(d[0].column, 9);
  EXPECT_EQ(d[0].message,
            "unknown key 'unles' in rule; allowed keys: id, severity, any, "
            "all, unless, languages, normalize");
}

TEST(RuleSetLoadTest, MissingRequiredFieldsReportedAtTheirMapping) {
  std::vector<Diagnostic> d = Problems(R"(name: test
taxa:
  - id: t
    appendix: II
    rules:
      - id: r
        severity: high
)");
  ASSERT_THAT(d, SizeIs(2));
  EXPECT_EQ(d[0].line, 3);
  EXPECT_EQ(d[0].column, 5);
  EXPECT_EQ(d[0].message, "taxon is missing required key 'scientific_name'");
  EXPECT_EQ(d[1].line, 6);
  EXPECT_EQ(d[1].column, 9);
  EXPECT_EQ(d[1].message, "rule is missing required key 'any'");
}

TEST(RuleSetLoadTest, MissingTopLevelKeys) {
  std::vector<Diagnostic> d = Problems("description: nothing\n");
  ASSERT_THAT(d, SizeIs(2));
  EXPECT_THAT(d[0].message, HasSubstr("missing required key 'name'"));
  EXPECT_THAT(d[1].message, HasSubstr("missing required key 'taxa'"));
  EXPECT_EQ(d[0].line, 1);
}

TEST(RuleSetLoadTest, WrongTypes) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: [r]
        any: tusk
        languages: {en: yes}
)"));
  ASSERT_THAT(d, SizeIs(3));
  EXPECT_EQ(d[0].line, 7);
  EXPECT_EQ(d[0].message, "'id' must be a string");
  EXPECT_EQ(d[1].line, 8);
  EXPECT_EQ(d[1].column, 14);
  EXPECT_EQ(d[1].message, "'any' must be a list of strings");
  EXPECT_EQ(d[2].line, 9);
  EXPECT_EQ(d[2].message, "'languages' must be a list of strings");
}

TEST(RuleSetLoadTest, EmptyAnyList) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: []
)"));
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 8);
  EXPECT_EQ(d[0].column, 14);
  EXPECT_EQ(d[0].message, "'any' must list at least one pattern");
}

TEST(RuleSetLoadTest, DuplicateRuleIdSaysWhereTheFirstWas) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: [tusk]
      - id: r
        any: [horn]
)"));
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 9);
  EXPECT_EQ(d[0].column, 13);
  EXPECT_EQ(d[0].message,
            "duplicate rule id 'r' in taxon 't'; first defined at r.yaml:7:13");
}

TEST(RuleSetLoadTest, DuplicateKeyInMapping) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: [tusk]
        any: [horn]
)"));
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 9);
  EXPECT_THAT(d[0].message, HasSubstr("first given at r.yaml:8:9"));
}

TEST(RuleSetLoadTest, PatternThatMatchesEmptyTextIsRejected) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: [tusk]
        unless: ['x*']
)"));
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 9);
  EXPECT_THAT(d[0].message, HasSubstr("matches the empty string"));
}

TEST(RuleSetLoadTest, PatternLengthLimit) {
  LoadOptions options;
  options.max_pattern_bytes = 8;
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: [tusk, elephant tusk]
)"),
                                       options);
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 8);
  EXPECT_EQ(d[0].column, 21);
  EXPECT_EQ(d[0].message, "pattern in 'any' is 13 bytes; the limit is 8");
}

TEST(RuleSetLoadTest, TotalPatternLimitReportedOnce) {
  LoadOptions options;
  options.max_patterns = 2;
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: [a1, a2]
        all: [b1, b2]
        unless: [c1]
)"),
                                       options);
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 9);  // The third pattern crosses the limit.
  EXPECT_EQ(d[0].column, 15);
  EXPECT_THAT(d[0].message, HasSubstr("at most 2"));
}

TEST(RuleSetLoadTest, RootMustBeAMapping) {
  EXPECT_THAT(Problems(""), SizeIs(1));
  std::vector<Diagnostic> d = Problems("- a\n- b\n");
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_THAT(d[0].message, HasSubstr("must be a mapping"));
}

TEST(RuleSetLoadTest, BadLanguageCode) {
  std::vector<Diagnostic> d = Problems(OneTaxon(R"(      - id: r
        any: [tusk]
        languages: [en, 'fr_FR']
)"));
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 9);
  EXPECT_EQ(d[0].column, 25);
}

class RuleSetFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WILDWATCH_BINARY_DIR) / "rule_set_test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, std::string_view content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(RuleSetFilesTest, DirectoryReadsYamlFilesInNameOrder) {
  Write("b.yaml", R"(name: second
taxa:
  - id: b
    scientific_name: B b
    appendix: II
    rules: [{id: r, any: [beta]}]
)");
  Write("a.yaml", R"(name: first
taxa:
  - id: a
    scientific_name: A a
    appendix: I
    rules: [{id: r, any: [alpha]}]
)");
  Write("notes.txt", "not a rule file");
  std::vector<Diagnostic> d;
  auto set = RuleSet::Load({dir_.string()}, &d);
  ASSERT_NE(set, nullptr) << (d.empty() ? "" : d[0].ToString());
  ASSERT_THAT(set->taxa(), SizeIs(2));
  EXPECT_EQ(set->taxa()[0].id, "a");
  EXPECT_EQ(set->taxa()[1].id, "b");
  EXPECT_THAT(set->version(), ::testing::StartsWith("first+second@"));
  EXPECT_THAT(HitIds(*set, "alpha and beta"), ElementsAre("a/r", "b/r"));
}

TEST_F(RuleSetFilesTest, DuplicateTaxonAcrossFilesSaysWhereTheFirstWas) {
  const std::string one = Write("one.yaml", kValid);
  const std::string two = Write("two.yaml", kValid);
  std::vector<Diagnostic> d;
  EXPECT_EQ(RuleSet::Load({one, two}, &d), nullptr);
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].file, two);
  EXPECT_EQ(d[0].line, 3);
  EXPECT_EQ(d[0].column, 9);
  EXPECT_EQ(d[0].message,
            "duplicate taxon id 'loxodonta-africana'; first "
            "defined at " +
                one +
                ":3:9 (add 'override: true' to replace it or 'extend: true' "
                "to add to it)");
}

TEST_F(RuleSetFilesTest, MissingFileAndEmptyDirectory) {
  fs::create_directories(dir_ / "empty");
  std::vector<Diagnostic> d;
  EXPECT_EQ(RuleSet::Load(
                {(dir_ / "nope.yaml").string(), (dir_ / "empty").string()}, &d),
            nullptr);
  ASSERT_THAT(d, SizeIs(2));
  EXPECT_THAT(d[0].message, HasSubstr("cannot read"));
  EXPECT_THAT(d[1].message, HasSubstr("no *.yaml files"));
}

TEST_F(RuleSetFilesTest, VersionChangesWithContent) {
  const std::string path = Write("r.yaml", kValid);
  std::vector<Diagnostic> d;
  const std::string before = RuleSet::Load({path}, &d)->version();
  EXPECT_EQ(RuleSet::Load({path}, &d)->version(), before);
  Write("r.yaml", std::string(kValid) + "# a comment changes the bytes\n");
  const std::string after = RuleSet::Load({path}, &d)->version();
  EXPECT_NE(after, before);
  EXPECT_THAT(after, ::testing::StartsWith("test@"));
  EXPECT_THAT(d, IsEmpty());
}

// --- Matching -------------------------------------------------------------

TEST(RuleSetMatchTest, AnyAllUnless) {
  auto set = MustLoad(OneTaxon(R"(      - id: sale
        any: ['\bivory\b', '\btusks?\b']
        all: ['for sale|\$\s?\d+']
        unless: ['ivory coast']
)"));
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "Ivory bangle for sale"), ElementsAre("t/sale"));
  EXPECT_THAT(HitIds(*set, "tusk, $ 300"), ElementsAre("t/sale"));
  EXPECT_THAT(HitIds(*set, "ivory bangle"), IsEmpty());      // No `all`.
  EXPECT_THAT(HitIds(*set, "for sale: bangle"), IsEmpty());  // No `any`.
  EXPECT_THAT(HitIds(*set, "Ivory Coast stamps, ivory, for sale"),
              IsEmpty());  // `unless` vetoes.
  EXPECT_THAT(HitIds(*set, "ivoryware for sale"), IsEmpty());  // \b
}

TEST(RuleSetMatchTest, EveryAllPatternMustHit) {
  auto set = MustLoad(OneTaxon(R"(      - id: r
        any: [horn]
        all: [rhino, powder]
)"));
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "rhino horn powder"), ElementsAre("t/r"));
  EXPECT_THAT(HitIds(*set, "rhino horn"), IsEmpty());
}

TEST(RuleSetMatchTest, HitsComeInRuleOrderWithTaxonAndRule) {
  auto set = MustLoad(OneTaxon(R"(      - id: b
        severity: critical
        any: [horn]
      - id: a
        any: [rhino]
)"));
  ASSERT_NE(set, nullptr);
  std::vector<Hit> hits = set->Match("rhino horn", "");
  ASSERT_THAT(hits, SizeIs(2));
  EXPECT_EQ(hits[0].rule->id, "t/b");
  EXPECT_EQ(hits[0].rule->severity, Severity::kCritical);
  EXPECT_EQ(hits[0].taxon->scientific_name, "T t");
  EXPECT_EQ(hits[1].rule->id, "t/a");
}

TEST(RuleSetMatchTest, Languages) {
  auto set = MustLoad(OneTaxon(R"(      - id: fr
        any: [ivoire]
        languages: [fr]
      - id: zh
        any: ['象牙']
        languages: [zh]
)"));
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "ivoire", "fr"), ElementsAre("t/fr"));
  EXPECT_THAT(HitIds(*set, "ivoire", "FR-ca"), ElementsAre("t/fr"));
  EXPECT_THAT(HitIds(*set, "ivoire", ""), ElementsAre("t/fr"));  // Unknown.
  EXPECT_THAT(HitIds(*set, "ivoire", "en"), IsEmpty());
  EXPECT_THAT(HitIds(*set, "ivoire", "fro"), IsEmpty());  // Not a prefix.
  EXPECT_THAT(HitIds(*set, "象牙", "zh-Hans"), ElementsAre("t/zh"));
  EXPECT_THAT(HitIds(*set, "象牙", "ja"), IsEmpty());
}

TEST(RuleSetMatchTest, UnicodeCaseFolding) {
  auto set = MustLoad(OneTaxon(R"(      - id: greek
        any: ['ελεφαντας']
      - id: cyrillic
        any: ['слоновая кость']
      - id: spanish
        any: ['\btigre\b', 'marfíl']
      - id: upper
        any: ['ÉLÉPHANT']
)"));
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "ΕΛΕΦΑΝΤΑΣ"), ElementsAre("t/greek"));
  EXPECT_THAT(HitIds(*set, "Ελεφαντας"), ElementsAre("t/greek"));
  EXPECT_THAT(HitIds(*set, "СЛОНОВАЯ КОСТЬ"), ElementsAre("t/cyrillic"));
  EXPECT_THAT(HitIds(*set, "Piel de TIGRE"), ElementsAre("t/spanish"));
  EXPECT_THAT(HitIds(*set, "MARFÍL"), ElementsAre("t/spanish"));
  EXPECT_THAT(HitIds(*set, "éléphant"), ElementsAre("t/upper"));
  // Folding is by case only; an accent is a different letter.
  EXPECT_THAT(HitIds(*set, "elephant"), IsEmpty());
}

TEST(RuleSetMatchTest, SpansAreByteOffsetsAfterMultibyteText) {
  auto set = MustLoad(OneTaxon(R"(      - id: r
        any: ['象牙', '\bivory\b']
        all: ['出售|for sale']
)"));
  ASSERT_NE(set, nullptr);
  // "出售" is 6 bytes, "：" 3, "象牙" 6; "ivory" follows at 15 + 1.
  const std::string text = "出售：象牙 ivory 象牙";
  std::vector<Hit> hits = set->Match(text, "");
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_THAT(hits[0].spans,
              ElementsAre(Span{0, 6}, Span{9, 15}, Span{16, 21}, Span{22, 28}));
  EXPECT_THAT(hits[0].matched, ElementsAre("出售", "象牙", "ivory", "象牙"));
  for (size_t i = 0; i < hits[0].spans.size(); ++i) {
    const Span& s = hits[0].spans[i];
    EXPECT_EQ(text.substr(s.start, s.end - s.start), hits[0].matched[i]);
  }
}

TEST(RuleSetMatchTest, SpansKeepTheTextsOwnCase) {
  auto set = MustLoad(OneTaxon(R"(      - id: r
        any: ['tigre']
)"));
  ASSERT_NE(set, nullptr);
  std::vector<Hit> hits = set->Match("TIGRE, Tigre", "");
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_THAT(hits[0].matched, ElementsAre("TIGRE", "Tigre"));
}

TEST(RuleSetMatchTest, NonOverlappingOccurrencesAndWordBoundaryPatterns) {
  // \b-only alternatives can match empty between words; they must neither
  // loop nor produce empty spans.
  auto set = MustLoad(OneTaxon(R"(      - id: r
        any: ['aa|\b']
)"));
  ASSERT_NE(set, nullptr);
  std::vector<Hit> hits = set->Match("aaa é aa", "");
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_THAT(hits[0].spans, ElementsAre(Span{0, 2}, Span{7, 9}));
}

TEST(RuleSetMatchTest, SharedPatternsAcrossTaxa) {
  auto set = MustLoad(R"(name: test
taxa:
  - id: a
    scientific_name: A a
    appendix: I
    rules:
      - id: r
        any: [horn]
        all: &trade ['for sale']
  - id: b
    scientific_name: B b
    appendix: II
    rules:
      - id: r
        any: [horn, scale]
        all: *trade
        unless: [horn]
)");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->pattern_count(), 6u);
  EXPECT_THAT(HitIds(*set, "horn for sale"), ElementsAre("a/r"));
  EXPECT_THAT(HitIds(*set, "scale for sale"), ElementsAre("b/r"));
  EXPECT_THAT(HitIds(*set, "nothing here"), IsEmpty());
}

TEST(RuleSetMatchTest, ConcurrentMatchingGivesTheSameAnswers) {
  auto set = MustLoad(OneTaxon(R"(      - id: r
        any: ['\bivory\b']
        all: ['sale']
)"));
  ASSERT_NE(set, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> hits{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        hits += static_cast<int>(set->Match("ivory for sale", "").size());
        hits += static_cast<int>(set->Match("ivory", "").size());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(hits.load(), 4 * 500);
}

TEST(RuleSetLoadTest, PathologicalPatternIsADiagnosticNotAnOutOfMemory) {
  LoadOptions options;
  options.max_pattern_mem = 1 << 20;
  std::vector<Diagnostic> d = Problems(
      OneTaxon("      - id: r\n        any: ['(?:a{1000}){1000}']\n"), options);
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_THAT(d[0].message, HasSubstr("invalid pattern in 'any'"));
}

// Zero-width controls are dropped from texts before matching, so they are
// dropped from patterns too: Persian writes some names with a zero-width
// non-joiner, and a pattern copied from such a name must still match it,
// with or without the control in the post.
TEST(RuleSetMatchTest, PatternsWithZeroWidthControlsMatch) {
  const auto set = MustLoad(OneTaxon(
      "      - id: horn\n"
      "        any: ['\u0646\u0648\u06A9\u200C\u0634\u0627\u062E']\n"));
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(HitIds(*set, "\u0646\u0648\u06A9\u200C\u0634\u0627\u062E"),
            std::vector<std::string>{"t/horn"});
  EXPECT_EQ(HitIds(*set, "x \u0646\u0648\u06A9\u0634\u0627\u062E"),
            std::vector<std::string>{"t/horn"});
}

// Preparing a post and matching it later finds exactly what matching its
// text does: the same rules, spans and matched text, on the shipped rules
// (several normalisation profiles) over every labelled post (ten languages,
// disguised spellings, look-alikes).
TEST(RuleSetMatchTest, PreparedPostsMatchAsTheirText) {
  std::vector<Diagnostic> diagnostics;
  auto set = RuleSet::Load({std::string(WILDWATCH_SOURCE_DIR) + "/rules"},
                           &diagnostics);
  ASSERT_NE(set, nullptr);
  StatusOr<std::vector<LabelledPost>> posts = ReadLabelledPosts(
      std::string(WILDWATCH_SOURCE_DIR) + "/tests/data/eval/tune.jsonl");
  ASSERT_TRUE(posts.ok()) << posts.status().ToString();
  int hits = 0;
  for (const LabelledPost& labelled : *posts) {
    const Post& post = labelled.post;
    const std::vector<Hit> direct = set->Match(post.text, post.lang);
    const PreparedPost prepared = set->Prepare(post.text);
    const std::vector<Hit> later = set->Match(prepared, post.lang);
    ASSERT_EQ(direct.size(), later.size()) << post.id;
    for (size_t i = 0; i < direct.size(); ++i) {
      EXPECT_EQ(direct[i].rule, later[i].rule) << post.id;
      EXPECT_EQ(direct[i].spans, later[i].spans) << post.id;
      EXPECT_EQ(direct[i].matched, later[i].matched) << post.id;
    }
    hits += static_cast<int>(direct.size());
  }
  EXPECT_GT(hits, 100);  // The comparison covered real matches.
}

}  // namespace
}  // namespace wildwatch::rules
