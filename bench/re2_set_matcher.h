// Re2SetMatcher: every pattern in one RE2::Set, the combined matcher
// Wildwatch's first engine uses, measured bare. With RE2's default budget
// (8 MiB) large sets fail to compile or exhaust the DFA while scanning;
// the benchmark also runs it with a raised budget to show the difference.
//
// Not thread-safe (its failure counter; see Matcher); not copyable.

#ifndef WILDWATCH_BENCH_RE2_SET_MATCHER_H_
#define WILDWATCH_BENCH_RE2_SET_MATCHER_H_

#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/matcher.h"
#include "host/core/status.h"

namespace wildwatch::bench {

class Re2SetMatcher : public Matcher {
 public:
  // Adds every pattern with PeerRe2Options(max_mem) and compiles the set.
  // Returns INVALID_ARGUMENT naming the first pattern RE2 rejects, or
  // RESOURCE_EXHAUSTED if the compiled set does not fit in max_mem.
  static StatusOr<std::unique_ptr<Matcher>> Create(
      const std::vector<std::string>& patterns, int64_t max_mem);

  Re2SetMatcher(const Re2SetMatcher&) = delete;
  Re2SetMatcher& operator=(const Re2SetMatcher&) = delete;

  // A text on which the DFA runs out of memory counts as a failure and as
  // no hit: RE2::Set has no slower exact fallback of its own.
  bool Matches(std::string_view text, std::string_view lang) override;
  int64_t failures() const override { return failures_; }

 private:
  explicit Re2SetMatcher(int64_t max_mem);

  RE2::Set set_;
  int64_t failures_ = 0;
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_RE2_SET_MATCHER_H_
