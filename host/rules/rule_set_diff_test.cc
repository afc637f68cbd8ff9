#include "host/rules/rule_set_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wildwatch::rules {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const RuleSet> Load(const std::string& any) {
  std::vector<Diagnostic> diagnostics;
  auto set = RuleSet::LoadFromString(R"(name: d
taxa:
  - id: t
    scientific_name: T t
    appendix: I
    rules:
      - id: r
        any: [')" + any + "']\n",
                                     "d.yaml", &diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  return set;
}

TEST(RuleSetDiffTest, GainedAndLostWithCounts) {
  auto before = Load("\\bivory\\b");
  auto after = Load("\\btusk\\b");
  std::vector<Post> posts(3);
  posts[0].id = "a";
  posts[0].text = "ivory";
  posts[1].id = "b";
  posts[1].text = "tusk";
  posts[2].id = "c";
  posts[2].text = "nothing";
  RuleSetDiff diff = DiffRuleSets(*before, *after, posts);
  EXPECT_EQ(diff.posts, 3);
  EXPECT_EQ(diff.old_matches, 1);
  EXPECT_EQ(diff.new_matches, 1);
  EXPECT_EQ(diff.gained, (std::vector<DiffEntry>{{"b", "t", "t/r"}}));
  EXPECT_EQ(diff.lost, (std::vector<DiffEntry>{{"a", "t", "t/r"}}));
  const std::string text = FormatRuleSetDiff(diff);
  EXPECT_THAT(text, HasSubstr("+ b t t/r\n"));
  EXPECT_THAT(text, HasSubstr("- a t t/r\n"));
  EXPECT_THAT(
      text, HasSubstr("3 posts: 1 matches before, 1 after, 1 gained, 1 lost"));
}

TEST(RuleSetDiffTest, SameSetsDiffEmpty) {
  auto set = Load("ivory");
  std::vector<Post> posts(1);
  posts[0].id = "a";
  posts[0].text = "ivory";
  RuleSetDiff diff = DiffRuleSets(*set, *set, posts);
  EXPECT_TRUE(diff.gained.empty());
  EXPECT_TRUE(diff.lost.empty());
}

}  // namespace
}  // namespace wildwatch::rules
