// CandidateFinder: the first stage of matching, which `any` patterns of the
// whole rule set occur in a text, found in one pass.
//
// Every `any` pattern goes into one RE2::Set, so a post is scanned once no
// matter how many rules there are; only the rules whose `any` patterns hit
// are looked at further (RuleSet::Match). Kept behind this small class so
// the stage can be swapped for FilteredRE2 with a literal prefilter without
// touching the rest of the engine.
// TODO(rules): when the FilteredRE2 + literal prefilter issue lands, it
// replaces the RE2::Set here; callers keep this interface.
//
// Lifecycle: Add every pattern, Compile once, then Find; no Add after
// Compile. Find is const and safe for concurrent use without locking. Not
// copyable or movable: it keeps a pointer to its pool, and RuleSet owns both
// side by side for their whole life.

#ifndef WILDWATCH_HOST_RULES_CANDIDATE_FINDER_H_
#define WILDWATCH_HOST_RULES_CANDIDATE_FINDER_H_

#include <re2/set.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "host/core/status.h"
#include "host/rules/pattern_pool.h"

namespace wildwatch::rules {

class CandidateFinder {
 public:
  // pool must outlive the finder. max_mem: budget of the combined program
  // and its DFA.
  CandidateFinder(const PatternPool* pool, int64_t max_mem);
  CandidateFinder(const CandidateFinder&) = delete;
  CandidateFinder& operator=(const CandidateFinder&) = delete;

  // Registers pattern id of the pool; adding an id twice is a no-op.
  // REQUIRES: Compile() not yet called; 0 <= id < pool->size().
  void Add(int id);

  // Builds the combined matcher. Returns RESOURCE_EXHAUSTED if it does not
  // fit in max_mem, INTERNAL if RE2 refuses a pattern the pool accepted.
  Status Compile();

  // Replaces *ids with the pool ids of every registered pattern that
  // matches somewhere in text, ascending. If the combined DFA runs out of
  // memory on this text, tests the patterns one by one instead, so the
  // answer is the same, only slower. REQUIRES: Compile() returned OK.
  void Find(std::string_view text, std::vector<int>* ids) const;

 private:
  const PatternPool* const pool_;
  RE2::Set set_;
  std::vector<int> ids_;     // Set index -> pool id.
  std::vector<bool> added_;  // By pool id; guards against duplicates.
  bool compiled_ = false;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_CANDIDATE_FINDER_H_
