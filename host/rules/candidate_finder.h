// CandidateFinder: the first stage of matching, which `any` patterns of the
// whole rule set occur in a text, at a cost per byte that does not grow
// with the number of patterns.
//
// The way RE2's authors intend large sets to be run (re2/filtered_re2.h),
// with the prefilter tree kept per pattern:
//
//   1. At Compile, FilteredRE2 reduces each pattern to an AND/OR condition
//      on literal "atoms" (at least kMinAtomLength bytes) that any text it
//      matches must contain; "\bgrey\s+parrots?\b" needs "grey" and
//      "parrot". Compile rewrites the condition as a few terms, each "all
//      of these atoms, and one of those", keyed by one atom.
//   2. Find scans the text once for all atoms with a LiteralScanner
//      (Aho-Corasick), on a case-folded view of the text.
//   3. Each atom found checks the terms it keys; only the patterns with a
//      term fully present are confirmed with the pool's compiled regexes.
//
// Why not one FilteredRE2 over the whole set: its shared tree forgets an
// atom that guards more than eight AND nodes (a word like "island" in many
// species names), so at tens of thousands of patterns one common atom
// ("live") let hundreds of patterns through on a quarter of the posts, and
// their regex runs cost more than the scan. Checking every atom of a term
// costs a few loads.
//
// Patterns with no usable atom ("\d{3}-\d{4}") must be tried on every text;
// they go into RE2::Set shards, each small enough that its DFA stays within
// its share of the memory budget (a Set cannot fall back to the NFA, and
// one thrashing DFA cache would slow every post: google/re2#136).
//
// Case: the text is matched case-insensitively, as the pool's regexes are.
// Atoms are lower case; the scanner folds ASCII itself and Find maps other
// characters to one representative of their case (lower(upper(c)), with
// utf8proc), so "ΕΛΕΦΑΝΤΑΣ", "ελεφαντας" and "ελεφαντασ" all meet the same
// atom. An atom holding a character utf8proc does not know (newer Unicode
// than its tables) is taken as present in every text: slower, never wrong.
//
// Lifecycle: Add every pattern, Compile once, then Find; no Add after
// Compile. Find is const and safe for concurrent use without locking (its
// scratch space is per thread). Not copyable or movable: it keeps a pointer
// to its pool, and RuleSet owns both side by side for their whole life.

#ifndef WILDWATCH_HOST_RULES_CANDIDATE_FINDER_H_
#define WILDWATCH_HOST_RULES_CANDIDATE_FINDER_H_

#include <re2/set.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "host/core/status.h"
#include "host/rules/literal_scanner.h"
#include "host/rules/pattern_pool.h"

namespace wildwatch::rules {

class CandidateFinder {
 public:
  // Shortest atom FilteredRE2 keeps. Two-byte atoms ("de", "ou") occur in
  // nearly every post and would confirm their patterns on all of them;
  // three bytes still keep one CJK character, and a pattern left with no
  // atom is only moved to the Set shards, never lost.
  static constexpr int kMinAtomLength = 3;

  // Program instructions (RE2::ProgramSize) per Set shard. A shard's DFA
  // states are sets of its instructions, so small shards keep the state
  // count, and with it the DFA cache, small and stable.
  static constexpr int kShardProgramSize = 2000;

  // pool must outlive the finder. max_mem: the memory budget of the Set
  // shards together (programs and DFA caches), split evenly between them.
  CandidateFinder(const PatternPool* pool, int64_t max_mem);
  CandidateFinder(const CandidateFinder&) = delete;
  CandidateFinder& operator=(const CandidateFinder&) = delete;
  ~CandidateFinder();

  // Registers pattern id of the pool; adding an id twice is a no-op.
  // REQUIRES: Compile() not yet called; 0 <= id < pool->size().
  void Add(int id);

  // Most terms a pattern's condition is rewritten into; a condition that
  // needs more (an alternation of many multi-word phrases) ends in one
  // looser term, "all of the atoms so far, and one of the rest".
  static constexpr int kMaxTerms = 8;

  // Builds the prefilter, the literal scanner and the Set shards. Returns
  // RESOURCE_EXHAUSTED if a shard's program does not fit in its share of
  // max_mem, INTERNAL if RE2 refuses a pattern the pool accepted.
  Status Compile();

  // Replaces *ids with the pool ids of every registered pattern that
  // matches somewhere in text, ascending: exactly the ids whose pool regex
  // matches. If a shard's DFA runs out of memory on this text, that shard's
  // patterns are tested one by one instead, so the answer is the same, only
  // slower. REQUIRES: Compile() returned OK; ids != nullptr.
  void Find(std::string_view text, std::vector<int>* ids) const;

  // What the caller knows of text's case.
  enum class TextCase {
    kAsIs,
    // Non-ASCII characters already case folded (full Unicode case
    // folding, as Normalize() output is); ASCII may be in any case. Find
    // then skips most of its own folding pass.
    kFolded,
  };
  // What one Find call did, for benchmarks and tuning.
  struct FindCounts {
    size_t atoms = 0;      // Distinct atoms the scanner found.
    size_t confirmed = 0;  // Candidates the atoms let through, run with RE2.
  };

  // As above, with the same answer; text_case only saves work. Passing
  // kFolded for text that is not folded may miss matches. counts may be
  // null; otherwise *counts is set to what this call did.
  void Find(std::string_view text, TextCase text_case, std::vector<int>* ids,
            FindCounts* counts = nullptr) const;

  // What Compile built, for tests and load-time logging.
  struct Stats {
    size_t patterns = 0;    // Registered patterns.
    size_t unfiltered = 0;  // Patterns without atoms, in the shards.
    size_t atoms = 0;       // Distinct atoms, as the scanner looks for them.
    size_t terms = 0;       // What the patterns' conditions became.
    size_t shards = 0;
    size_t scanner_states = 0;
    size_t scanner_bytes = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  // Appends to *ids the pool ids of the shard patterns matching text.
  void FindUnfiltered(std::string_view text, std::vector<int>* ids) const;

  struct Shard {
    std::unique_ptr<RE2::Set> set;
    std::vector<int> ids;  // Set index -> pool id.
  };

  // One way for a pattern to become a candidate: every atom of
  // term_atoms_[begin, any) present and, unless any == end, at least one
  // of term_atoms_[any, end).
  struct Term {
    uint32_t index;  // Into ids_.
    uint32_t begin;
    uint32_t any;
    uint32_t end;
  };

  // Fills trigger_begin_ and triggers_ from terms_, for atom_count atoms.
  void IndexTriggers(size_t atom_count);

  // Compiles the patterns without a usable condition into shards_;
  // unfiltered holds (pool id, program size) pairs. Returns what Compile
  // returns for them.
  Status BuildShards(const std::vector<std::pair<int, int>>& unfiltered);

  // Whether term holds when present[atom] == epoch marks the atoms found.
  bool Holds(const Term& term, const uint32_t* present, uint32_t epoch) const;

  const PatternPool* const pool_;
  const int64_t max_mem_;
  std::vector<int> ids_;     // Index -> pool id, in order of Add.
  std::vector<bool> added_;  // By pool id; guards against duplicates.
  bool compiled_ = false;

  // Constant after Compile.
  LiteralScanner scanner_;  // Reports atom ids.
  std::vector<Term> terms_;
  std::vector<uint32_t> term_atoms_;
  // The terms keyed by atom a: triggers_[trigger_begin_[a], [a + 1]).
  std::vector<uint32_t> trigger_begin_;
  std::vector<uint32_t> triggers_;
  std::vector<Shard> shards_;
  Stats stats_;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_CANDIDATE_FINDER_H_
