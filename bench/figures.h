// Figures: what one driver measured, printed as one JSON line that
// bench/report.py turns into the benchmark table.
//
// A plain value; copy freely.

#ifndef WILDWATCH_BENCH_FIGURES_H_
#define WILDWATCH_BENCH_FIGURES_H_

#include <cstdint>
#include <string>

namespace wildwatch::bench {

struct Figures {
  std::string peer;      // e.g. "re2-set", "wildwatch".
  int64_t patterns = 0;  // Patterns compiled.
  int64_t posts = 0;     // Posts scanned.
  uint64_t bytes = 0;    // Text bytes scanned.
  double seconds = 0;    // Matching only, one thread.
  // Matcher::Prepare on the posts scanned (normalising, for Wildwatch), one
  // thread; 0 for peers with no such step.
  double prepare_s = 0;
  double compile_s = 0;  // Compiling the pattern set.
  // Resident growth from before compiling to after scanning, so it covers
  // caches the matcher fills lazily (RE2's DFA states); MiB.
  double rss_mb = 0;
  int64_t matches = 0;  // Posts with at least one hit.
  // Posts the matcher could not answer exactly, e.g. RE2::Set's DFA out of
  // memory; their verdict counts as no hit.
  int64_t failures = 0;
  // False when the time budget stopped the scan before the corpus ended.
  bool complete = true;
  // Non-empty when compiling failed; the scan figures are then zero.
  std::string error;

  // One line of JSON with the fields above plus the derived "mb_s"
  // (10^6 bytes per second) and "posts_s" of matching, and for a peer that
  // prepares, "norm_mb_s" and "norm_posts_s" of preparing and matching
  // together; no trailing newline.
  std::string ToJson() const;
};

}  // namespace wildwatch::bench

#endif  // WILDWATCH_BENCH_FIGURES_H_
