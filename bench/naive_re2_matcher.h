// NaiveRe2Matcher: the baseline every multi-pattern engine is measured
// against -- one RE2 per pattern, tried in turn on every post until one
// matches. Its cost grows with the number of patterns, which is what a
// combined matcher exists to avoid.
//
// Not thread-safe (see Matcher); not copyable.

#ifndef WILDWATCH_BENCH_NAIVE_RE2_MATCHER_H_
#define WILDWATCH_BENCH_NAIVE_RE2_MATCHER_H_

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/matcher.h"
#include "host/core/status.h"

namespace wildwatch::bench {

class NaiveRe2Matcher : public Matcher {
 public:
  // Compiles each pattern with PeerRe2Options(max_mem_per_pattern). Returns
  // INVALID_ARGUMENT naming the first pattern RE2 rejects.
  static StatusOr<std::unique_ptr<Matcher>> Create(
      const std::vector<std::string>& patterns, int64_t max_mem_per_pattern);

  NaiveRe2Matcher(const NaiveRe2Matcher&) = delete;
  NaiveRe2Matcher& operator=(const NaiveRe2Matcher&) = delete;

  bool Matches(std::string_view text, std::string_view lang) override;

 private:
  explicit NaiveRe2Matcher(std::vector<std::unique_ptr<RE2>> regexes);

  const std::vector<std::unique_ptr<RE2>> regexes_;
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_NAIVE_RE2_MATCHER_H_
