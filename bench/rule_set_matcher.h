// RuleSetMatcher: the Wildwatch rule engine under test -- a rule set YAML
// loaded with RuleSet::Load, then RuleSet::Match on every post, exactly as
// the daemon matches. A post hits when Match returns at least one Hit.
//
// Not thread-safe only because Matcher is not required to be; the RuleSet
// itself is safe for concurrent use. Not copyable.

#ifndef WILDWATCH_BENCH_RULE_SET_MATCHER_H_
#define WILDWATCH_BENCH_RULE_SET_MATCHER_H_

#include <memory>
#include <string>
#include <string_view>

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

  bool Matches(std::string_view text, std::string_view lang) override;

 private:
  explicit RuleSetMatcher(std::shared_ptr<const rules::RuleSet> set);

  const std::shared_ptr<const rules::RuleSet> set_;
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_RULE_SET_MATCHER_H_
