// Rule-set diffs: which matches a change to the rules gains and loses.
//
// Before shipping a rule change, run the old and the new set over a sample
// of posts and compare: every (post, rule) pair that only the new set
// reports is gained, every one only the old set reports is lost. Rules are
// compared by their qualified id, so a rule that moved between files but
// kept its id is the same rule. `wildwatch rules diff` prints the result.
//
// Example:
//
//   RuleSetDiff diff = DiffRuleSets(*old_set, *new_set, posts);
//   std::cout << FormatRuleSetDiff(diff);
//
// Thread-safe: pure functions; RuleSet::Match is safe for concurrent use.

#ifndef WILDWATCH_HOST_RULES_RULE_SET_DIFF_H_
#define WILDWATCH_HOST_RULES_RULE_SET_DIFF_H_

#include <string>
#include <vector>

#include "host/core/post.h"
#include "host/rules/rule_set.h"

namespace wildwatch::rules {

// One (post, rule) pair that one set reports and the other does not.
struct DiffEntry {
  std::string post_id;
  std::string taxon_id;
  std::string rule_id;
  friend bool operator==(const DiffEntry&, const DiffEntry&) = default;
};

struct RuleSetDiff {
  int posts = 0;
  int old_matches = 0;  // (post, rule) pairs the old set reports.
  int new_matches = 0;  // Likewise for the new set.
  // In post order, then by rule id.
  std::vector<DiffEntry> gained;  // New set only.
  std::vector<DiffEntry> lost;    // Old set only.
};

// Runs both sets over every post's text with its language hint.
RuleSetDiff DiffRuleSets(const RuleSet& old_set, const RuleSet& new_set,
                         const std::vector<Post>& posts);

// A report for people: one line per gained ("+ post taxon rule") and lost
// ("- post taxon rule") pair, then a summary line
//   "N posts: M matches before, K after, G gained, L lost".
std::string FormatRuleSetDiff(const RuleSetDiff& diff);

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_RULE_SET_DIFF_H_
