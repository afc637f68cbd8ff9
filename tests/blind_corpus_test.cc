// The shape of the blind evaluation splits in tests/data/eval: every post
// parses as a labelled post, follows its line of plan.jsonl (the seeded
// draw of tools/draw_plan.py: same id, language and class, and the drawn
// taxon as its label), and each of the 24 languages has its quota of
// positives and hard negatives. The figures a rule set reaches on these
// splits are measured by `wildwatch rules eval`, not here: this test holds
// for any rule set.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "host/rules/evaluation.h"

namespace wildwatch::rules {
namespace {

const char* const kLanguages[] = {"en", "zh-Hans", "zh-Hant", "vi", "th", "id",
                                  "ms", "tl",      "ja",      "ko", "hi", "ar",
                                  "fa", "ru",      "uk",      "tr", "sw", "fr",
                                  "es", "pt",      "de",      "it", "nl", "pl"};

std::string EvalPath(const std::string& name) {
  return std::string(WILDWATCH_SOURCE_DIR) + "/tests/data/eval/" + name;
}

// What the plan fixed for one post before it was written.
struct PlanLine {
  std::string lang;
  bool positive = false;
  std::string taxon_id;
};

std::map<std::string, PlanLine> ReadPlan() {
  std::map<std::string, PlanLine> plan;
  std::ifstream in(EvalPath("plan.jsonl"));
  EXPECT_TRUE(in.is_open()) << "cannot open plan.jsonl";
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line);
    plan[j.at("id").get<std::string>()] = {
        j.at("lang").get<std::string>(),
        j.at("class").get<std::string>() == "positive",
        j.at("taxon_id").get<std::string>()};
  }
  return plan;
}

struct Split {
  const char* name;
  int quota;  // Positives, and hard negatives, per language at least.
};

class BlindCorpusTest : public ::testing::TestWithParam<Split> {};

TEST_P(BlindCorpusTest, FollowsThePlanWithItsQuotaPerLanguage) {
  const Split split = GetParam();
  StatusOr<std::vector<LabelledPost>> posts =
      ReadLabelledPosts(EvalPath(std::string(split.name) + ".jsonl"));
  ASSERT_TRUE(posts.ok()) << posts.status().ToString();
  const std::map<std::string, PlanLine> plan = ReadPlan();

  std::set<std::string> ids;
  std::map<std::pair<std::string, bool>, int> cells;
  for (const LabelledPost& p : *posts) {
    const std::string& id = p.post.id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    EXPECT_EQ(id.rfind(std::string(split.name) + "-", 0), 0u) << id;
    EXPECT_FALSE(p.post.text.empty()) << id;
    EXPECT_TRUE(std::is_sorted(p.labels.begin(), p.labels.end()) &&
                std::adjacent_find(p.labels.begin(), p.labels.end()) ==
                    p.labels.end())
        << id << ": labels not sorted and unique";
    auto planned = plan.find(id);
    if (planned == plan.end()) {
      ADD_FAILURE() << id << " is not in plan.jsonl";
      continue;
    }
    EXPECT_EQ(p.post.lang, planned->second.lang) << id;
    const std::vector<std::string> expected =
        planned->second.positive
            ? std::vector<std::string>{planned->second.taxon_id}
            : std::vector<std::string>{};
    EXPECT_EQ(p.labels, expected) << id;
    ++cells[{p.post.lang, !p.labels.empty()}];
  }
  for (const char* lang : kLanguages) {
    const int positives = cells[{lang, true}];
    const int negatives = cells[{lang, false}];
    EXPECT_GE(positives, split.quota) << lang << " positives";
    EXPECT_GE(negatives, split.quota) << lang << " negatives";
  }
  std::set<std::string> known(std::begin(kLanguages), std::end(kLanguages));
  for (const auto& [cell, count] : cells) {
    EXPECT_TRUE(known.count(cell.first)) << "unexpected lang " << cell.first;
  }
}

INSTANTIATE_TEST_SUITE_P(Splits, BlindCorpusTest,
                         ::testing::Values(Split{"blind-tune", 8},
                                           Split{"blind-holdout", 16}),
                         [](const auto& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace wildwatch::rules
