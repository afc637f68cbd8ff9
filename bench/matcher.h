// Matcher: one compiled pattern set under test, answering "does this post
// hit at least one pattern?" -- the question every peer of the benchmark
// answers, so their match counts can be compared.
//
// Not thread-safe: a matcher may keep per-scan state (Hyperscan's scratch,
// failure counters). The benchmark measures one core.

#ifndef WILDWATCH_BENCH_MATCHER_H_
#define WILDWATCH_BENCH_MATCHER_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "bench/corpus.h"

namespace wildwatch::bench {

class Matcher {
 public:
  virtual ~Matcher() = default;

  // Work done on each post before matching that the benchmark times apart
  // from matching (Wildwatch normalises posts here). The driver calls it on
  // each run of consecutive posts, then Matches on those posts in order.
  // Returns whether the peer has such a step; the default has none.
  virtual bool Prepare(std::span<const CorpusPost> posts) {
    (void)posts;
    return false;
  }

  // Whether at least one pattern matches somewhere in text. lang is the
  // post's language hint, "" when unknown; peers that have no notion of
  // language ignore it.
  virtual bool Matches(std::string_view text, std::string_view lang) = 0;

  // Calls of Matches that could not be answered exactly and returned false
  // (see Figures::failures).
  virtual int64_t failures() const { return 0; }
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_MATCHER_H_
