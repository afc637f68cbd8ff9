#include "host/rules/rule_set_diff.h"

#include <algorithm>
#include <iterator>

namespace wildwatch::rules {

namespace {

bool RuleIdLess(const DiffEntry& a, const DiffEntry& b) {
  return a.rule_id < b.rule_id;
}

// The (taxon, rule) pairs set reports for post, sorted by rule id.
std::vector<DiffEntry> Pairs(const RuleSet& set, const Post& post) {
  std::vector<DiffEntry> pairs;
  for (const Hit& hit : set.Match(post.text, post.lang)) {
    pairs.push_back(DiffEntry{post.id, hit.taxon->id, hit.rule->id});
  }
  std::sort(pairs.begin(), pairs.end(), RuleIdLess);
  return pairs;
}

}  // namespace

RuleSetDiff DiffRuleSets(const RuleSet& old_set, const RuleSet& new_set,
                         const std::vector<Post>& posts) {
  RuleSetDiff diff;
  for (const Post& post : posts) {
    ++diff.posts;
    const std::vector<DiffEntry> before = Pairs(old_set, post);
    const std::vector<DiffEntry> after = Pairs(new_set, post);
    diff.old_matches += static_cast<int>(before.size());
    diff.new_matches += static_cast<int>(after.size());
    std::set_difference(after.begin(), after.end(), before.begin(),
                        before.end(), std::back_inserter(diff.gained),
                        RuleIdLess);
    std::set_difference(before.begin(), before.end(), after.begin(),
                        after.end(), std::back_inserter(diff.lost), RuleIdLess);
  }
  return diff;
}

std::string FormatRuleSetDiff(const RuleSetDiff& diff) {
  std::string out;
  for (const auto& [sign, list] :
       {std::pair{"+ ", &diff.gained}, std::pair{"- ", &diff.lost}}) {
    for (const DiffEntry& e : *list) {
      out += sign + e.post_id + " " + e.taxon_id + " " + e.rule_id + "\n";
    }
  }
  out += std::to_string(diff.posts) +
         " posts: " + std::to_string(diff.old_matches) + " matches before, " +
         std::to_string(diff.new_matches) + " after, " +
         std::to_string(diff.gained.size()) + " gained, " +
         std::to_string(diff.lost.size()) + " lost\n";
  return out;
}

}  // namespace wildwatch::rules
