// RuleSetMatcher: the Wildwatch rule engine under test -- a rule set YAML
// loaded with RuleSet::Load, then RuleSet::Prepare (normalising) and
// RuleSet::Match on every post, exactly as the daemon matches, with the two
// steps timed apart. A post hits when Match returns at least one Hit.
//
// Not thread-safe only because Matcher is not required to be; the RuleSet
// itself is safe for concurrent use. Not copyable.

#ifndef WILDWATCH_BENCH_RULE_SET_MATCHER_H_
#define WILDWATCH_BENCH_RULE_SET_MATCHER_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/matcher.h"
#include "host/core/status.h"
#include "host/rules/rule_set.h"

namespace wildwatch::bench {

class RuleSetMatcher : public Matcher {
 public:
  // Loads the rule file at path. On success sets *pattern_count to the
  // set's pattern_count(). Returns INVALID_ARGUMENT carrying the loader's
  // diagnostics (the first few, and how many there were) if it fails;
  // *pattern_count is then unchanged. REQUIRES: pattern_count != nullptr.
  static StatusOr<std::unique_ptr<Matcher>> Create(
      const std::string& path, const rules::LoadOptions& options,
      int64_t* pattern_count);

  RuleSetMatcher(const RuleSetMatcher&) = delete;
  RuleSetMatcher& operator=(const RuleSetMatcher&) = delete;

  // Normalises posts for the rule set (RuleSet::Prepare), so that Matches
  // times matching alone.
  bool Prepare(std::span<const CorpusPost> posts) override;

  // RuleSet::Match on the prepared post when text is the next one Prepare
  // was given, as the driver guarantees; otherwise on text itself.
  bool Matches(std::string_view text, std::string_view lang) override;

 private:
  explicit RuleSetMatcher(std::shared_ptr<const rules::RuleSet> set);

  const std::shared_ptr<const rules::RuleSet> set_;
  std::vector<rules::PreparedPost> prepared_;
  size_t next_ = 0;  // Index into prepared_ of the next post to match.
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_RULE_SET_MATCHER_H_
