#include "host/rules/evaluation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wildwatch::rules {
namespace {

// Two taxa, each needing a price, so that a name alone is not a hit.
constexpr char kRules[] = R"(name: eval-test
taxa:
  - id: tiger
    scientific_name: Panthera tigris
    appendix: I
    rules:
      - id: bone
        any: ['\btiger bone\b', '虎骨']
        all: ['\$\d+|价格']
  - id: pangolin
    scientific_name: Manidae
    appendix: I
    rules:
      - id: scales
        any: ['\bpangolin scales\b']
        all: ['\$\d+']
)";

std::shared_ptr<const RuleSet> LoadTestRules() {
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set =
      RuleSet::LoadFromString(kRules, "eval-test.yaml", &diagnostics);
  EXPECT_NE(set, nullptr) << (diagnostics.empty()
                                  ? std::string()
                                  : diagnostics.front().ToString());
  return set;
}

LabelledPost MakePost(std::string id, std::string lang, std::string text,
                      std::vector<std::string> labels) {
  LabelledPost labelled;
  labelled.post.id = std::move(id);
  labelled.post.lang = std::move(lang);
  labelled.post.text = std::move(text);
  labelled.labels = std::move(labels);
  return labelled;
}

TEST(LabelledPostFromJsonTest, ReadsLabelsSortedOnceAndDropsTheAttribute) {
  StatusOr<LabelledPost> post =
      LabelledPostFromJson(R"({"id":"p1","lang":"en","text":"t","source":"x",)"
                           R"("labels":["b","a","b"]})");
  ASSERT_TRUE(post.ok()) << post.status().ToString();
  EXPECT_EQ(post->post.id, "p1");
  EXPECT_EQ(post->labels, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(post->post.attributes.size(), 1u);
  EXPECT_EQ(post->post.attributes[0].first, "source");
}

TEST(LabelledPostFromJsonTest, AcceptsAnEmptyListAsANegative) {
  StatusOr<LabelledPost> post =
      LabelledPostFromJson(R"({"id":"p1","text":"t","labels":[]})");
  ASSERT_TRUE(post.ok()) << post.status().ToString();
  EXPECT_TRUE(post->labels.empty());
}

TEST(LabelledPostFromJsonTest, RejectsMissingOrMalformedLabels) {
  for (const char* line : {
           R"({"id":"p1","text":"t"})",
           R"({"id":"p1","text":"t","labels":"tiger"})",
           R"({"id":"p1","text":"t","labels":[1]})",
           R"({"id":"p1","text":"t","labels":[""]})",
           R"({"text":"t","labels":[]})",
       }) {
    StatusOr<LabelledPost> post = LabelledPostFromJson(line);
    ASSERT_FALSE(post.ok()) << line;
    EXPECT_EQ(post.status().code(), StatusCode::kInvalidArgument) << line;
  }
}

class ReadLabelledPostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("evaluation_test_" + std::to_string(::getpid()) + ".jsonl"))
                .string();
  }
  void TearDown() override { std::remove(path_.c_str()); }

  void Write(const std::string& contents) {
    std::ofstream(path_, std::ios::binary) << contents;
  }

  std::string path_;
};

TEST_F(ReadLabelledPostsTest, SkipsBlankLinesAndKeepsOrder) {
  Write(
      "{\"id\":\"a\",\"text\":\"x\",\"labels\":[]}\r\n\n  \n"
      "{\"id\":\"b\",\"text\":\"y\",\"labels\":[\"tiger\"]}\n");
  StatusOr<std::vector<LabelledPost>> posts = ReadLabelledPosts(path_);
  ASSERT_TRUE(posts.ok()) << posts.status().ToString();
  ASSERT_EQ(posts->size(), 2u);
  EXPECT_EQ((*posts)[0].post.id, "a");
  EXPECT_EQ((*posts)[1].labels, std::vector<std::string>{"tiger"});
}

TEST_F(ReadLabelledPostsTest, NamesTheFileAndLineOfABadPost) {
  Write(
      "{\"id\":\"a\",\"text\":\"x\",\"labels\":[]}\n\n"
      "{\"id\":\"b\",\"text\":\"y\"}\n");
  StatusOr<std::vector<LabelledPost>> posts = ReadLabelledPosts(path_);
  ASSERT_FALSE(posts.ok());
  EXPECT_EQ(posts.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(posts.status().message().rfind(path_ + ":3: ", 0), 0u)
      << posts.status().message();
}

TEST_F(ReadLabelledPostsTest, MissingFileIsNotFound) {
  StatusOr<std::vector<LabelledPost>> posts = ReadLabelledPosts(path_);
  ASSERT_FALSE(posts.ok());
  EXPECT_EQ(posts.status().code(), StatusCode::kNotFound);
}

TEST(CountsTest, RatiosAndEmptyDenominators) {
  Counts counts{/*true_positives=*/3, /*false_positives=*/1,
                /*false_negatives=*/2};
  EXPECT_DOUBLE_EQ(counts.precision(), 0.75);
  EXPECT_DOUBLE_EQ(counts.recall(), 0.6);
  EXPECT_DOUBLE_EQ(counts.f1(), 2 * 0.75 * 0.6 / (0.75 + 0.6));

  const Counts empty;
  EXPECT_DOUBLE_EQ(empty.precision(), 1.0);
  EXPECT_DOUBLE_EQ(empty.recall(), 1.0);
  const Counts all_wrong{0, 2, 3};
  EXPECT_DOUBLE_EQ(all_wrong.f1(), 0.0);
}

TEST(EvaluateTest, CountsEveryPostTaxonPair) {
  std::shared_ptr<const RuleSet> set = LoadTestRules();
  ASSERT_NE(set, nullptr);
  const std::vector<LabelledPost> posts = {
      // Hit and labelled: one true positive.
      MakePost("tp", "en", "tiger bone $300", {"tiger"}),
      // Hit, not labelled.
      MakePost("fp", "en", "pangolin scales $5 (a toy)", {}),
      // Labelled, not hit (no price).
      MakePost("fn", "zh-Hans", "虎骨 私聊", {"tiger"}),
      // One of each at once, and no language hint.
      MakePost("mixed", "", "tiger bone $1", {"pangolin", "tiger"}),
      // A negative nothing hits counts nothing.
      MakePost("tn", "en", "tiger balm $3", {}),
      // A label the set does not define can only be missed.
      MakePost("unknown", "en", "saiga horn $9", {"saiga"}),
  };
  const Evaluation result = Evaluate(*set, posts);

  EXPECT_EQ(result.posts, 6);
  EXPECT_EQ(result.overall.true_positives, 2);
  EXPECT_EQ(result.overall.false_positives, 1);
  EXPECT_EQ(result.overall.false_negatives, 3);

  ASSERT_EQ(result.by_taxon.size(), 3u);
  EXPECT_EQ(result.by_taxon.at("tiger").true_positives, 2);
  EXPECT_EQ(result.by_taxon.at("tiger").false_negatives, 1);
  EXPECT_EQ(result.by_taxon.at("pangolin").false_positives, 1);
  EXPECT_EQ(result.by_taxon.at("pangolin").false_negatives, 1);
  EXPECT_EQ(result.by_taxon.at("saiga").false_negatives, 1);

  ASSERT_EQ(result.by_language.size(), 3u);
  EXPECT_EQ(result.by_language.at("und").true_positives, 1);
  EXPECT_EQ(result.by_language.at("und").false_negatives, 1);
  EXPECT_EQ(result.by_language.at("zh-Hans").false_negatives, 1);
  EXPECT_EQ(result.by_language.at("en").true_positives, 1);
  EXPECT_EQ(result.by_language.at("en").false_positives, 1);

  ASSERT_EQ(result.false_positives.size(), 1u);
  EXPECT_EQ(result.false_positives[0].post_id, "fp");
  EXPECT_EQ(result.false_positives[0].taxon_id, "pangolin");
  EXPECT_EQ(result.false_positives[0].excerpt, "pangolin scales $5 (a toy)");
  ASSERT_EQ(result.false_negatives.size(), 3u);
  EXPECT_EQ(result.false_negatives[0].post_id, "fn");
  EXPECT_EQ(result.false_negatives[0].lang, "zh-Hans");
  EXPECT_EQ(result.false_negatives[1].post_id, "mixed");
  EXPECT_EQ(result.false_negatives[1].taxon_id, "pangolin");
  EXPECT_EQ(result.false_negatives[2].taxon_id, "saiga");
}

TEST(EvaluateTest, UsesThePostLanguageHint) {
  constexpr char kEnglishOnly[] = R"(name: lang-test
taxa:
  - id: tiger
    scientific_name: Panthera tigris
    appendix: I
    rules:
      - id: bone
        any: ['\btiger bone\b']
        languages: [en]
)";
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set =
      RuleSet::LoadFromString(kEnglishOnly, "lang.yaml", &diagnostics);
  ASSERT_NE(set, nullptr);
  const Evaluation result =
      Evaluate(*set, {MakePost("de", "de", "tiger bone", {"tiger"}),
                      MakePost("en", "en-GB", "tiger bone", {"tiger"})});
  EXPECT_EQ(result.overall.true_positives, 1);
  EXPECT_EQ(result.overall.false_negatives, 1);
  EXPECT_EQ(result.by_language.at("de").false_negatives, 1);
}

TEST(EvaluateTest, ExcerptIsOneLineAndCutBetweenCharacters) {
  std::shared_ptr<const RuleSet> set = LoadTestRules();
  ASSERT_NE(set, nullptr);
  // 3-byte characters, and three line breaks to keep the count a multiple
  // of 3: a cut at kExcerptBytes would fall inside a character.
  std::string text = "虎骨\n\r\t价格";
  while (text.size() <= kExcerptBytes) text += "好";
  const Evaluation result = Evaluate(*set, {MakePost("p", "zh", text, {})});
  ASSERT_EQ(result.false_positives.size(), 1u);
  const std::string& excerpt = result.false_positives[0].excerpt;
  EXPECT_EQ(excerpt.find('\n'), std::string::npos);
  ASSERT_GE(excerpt.size(), 3u);
  EXPECT_EQ(excerpt.substr(excerpt.size() - 3), "...");
  const std::string body = excerpt.substr(0, excerpt.size() - 3);
  EXPECT_LE(body.size(), kExcerptBytes);
  EXPECT_EQ(body.size() % 3, 0u) << "cut inside a character: " << body;
  EXPECT_EQ(body.substr(0, 6), "虎骨");
}

TEST(FormatEvaluationTest, JsonCarriesTheFiguresAndErrorsOnRequest) {
  std::shared_ptr<const RuleSet> set = LoadTestRules();
  ASSERT_NE(set, nullptr);
  const Evaluation result =
      Evaluate(*set, {MakePost("tp", "en", "tiger bone $300", {"tiger"}),
                      MakePost("fp", "en", "pangolin scales $5", {})});

  const nlohmann::json with_errors =
      nlohmann::json::parse(FormatEvaluationJson(result, true));
  EXPECT_EQ(with_errors["posts"], 2);
  EXPECT_DOUBLE_EQ(with_errors["overall"]["precision"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(with_errors["overall"]["recall"].get<double>(), 1.0);
  EXPECT_EQ(with_errors["by_taxon"]["pangolin"]["false_positives"], 1);
  EXPECT_EQ(with_errors["by_language"]["en"]["true_positives"], 1);
  ASSERT_EQ(with_errors["false_positives"].size(), 1u);
  EXPECT_EQ(with_errors["false_positives"][0]["post_id"], "fp");
  EXPECT_TRUE(with_errors["false_negatives"].empty());

  const nlohmann::json without_errors =
      nlohmann::json::parse(FormatEvaluationJson(result, false));
  EXPECT_FALSE(without_errors.contains("false_positives"));
  EXPECT_FALSE(without_errors.contains("false_negatives"));
}

TEST(FormatEvaluationTest, TextListsErrorsOnlyOnRequest) {
  std::shared_ptr<const RuleSet> set = LoadTestRules();
  ASSERT_NE(set, nullptr);
  const Evaluation result =
      Evaluate(*set, {MakePost("tp", "en", "tiger bone $300", {"tiger"}),
                      MakePost("fp-post", "en", "pangolin scales $5", {})});
  const std::string brief = FormatEvaluationText(result, false);
  EXPECT_NE(brief.find("precision 0.500  recall 1.000"), std::string::npos)
      << brief;
  EXPECT_NE(brief.find("pangolin"), std::string::npos);
  EXPECT_EQ(brief.find("fp-post"), std::string::npos);
  const std::string detailed = FormatEvaluationText(result, true);
  EXPECT_NE(detailed.find("fp-post  pangolin  pangolin scales $5"),
            std::string::npos)
      << detailed;
}

}  // namespace
}  // namespace wildwatch::rules
