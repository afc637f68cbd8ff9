// HyperscanMatcher: every pattern in one Hyperscan block-mode database,
// the multi-pattern engine the benchmark holds Wildwatch against.
//
// Flags: CASELESS and UTF8, so \b and \s are ASCII as in RE2; SINGLEMATCH,
// since only "any hit" is asked. Not UCP: Hyperscan rejects \b in UCP mode,
// and the shipped rules use it everywhere. Without UCP Hyperscan folds case
// in ASCII only, so "ΕΛΕΦΑΝΤΑΣ" does not hit "ελεφαντας" and its counts can
// fall slightly below the RE2 peers'.
//
// Not thread-safe (one scratch space; see Matcher); not copyable.

#ifndef WILDWATCH_BENCH_HYPERSCAN_MATCHER_H_
#define WILDWATCH_BENCH_HYPERSCAN_MATCHER_H_

#include <hs/hs.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/matcher.h"
#include "host/core/status.h"

namespace wildwatch::bench {

class HyperscanMatcher : public Matcher {
 public:
  // Compiles patterns into one database. Returns INVALID_ARGUMENT naming
  // the pattern Hyperscan rejects (it lacks some RE2 syntax), or
  // RESOURCE_EXHAUSTED if no scratch space can be allocated.
  static StatusOr<std::unique_ptr<Matcher>> Create(
      const std::vector<std::string>& patterns);

  ~HyperscanMatcher() override;
  HyperscanMatcher(const HyperscanMatcher&) = delete;
  HyperscanMatcher& operator=(const HyperscanMatcher&) = delete;

  // A scan that fails for any reason other than the first hit stopping it
  // counts as a failure and as no hit.
  bool Matches(std::string_view text, std::string_view lang) override;
  int64_t failures() const override { return failures_; }

 private:
  HyperscanMatcher(hs_database_t* database, hs_scratch_t* scratch);

  hs_database_t* const database_;  // Owned.
  hs_scratch_t* const scratch_;    // Owned.
  int64_t failures_ = 0;
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_HYPERSCAN_MATCHER_H_
