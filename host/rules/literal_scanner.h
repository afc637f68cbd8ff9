// LiteralScanner: which of many fixed strings occur in a text, found in one
// pass whose cost per byte does not grow with the number of strings.
//
// An Aho-Corasick automaton over bytes. The states nearest the root, where a
// scan spends nearly all its time, get dense transition rows (a full DFA
// over byte classes), the prefixes most literals share first; deeper states
// keep only their trie edges and fall back along failure links, which keeps
// memory proportional to the total length of the literals. ASCII letters are
// matched case-insensitively (the literals must be given in lower case); every
// other byte must match exactly, so callers fold non-ASCII text themselves.
//
// Typical use, as CandidateFinder does with its atoms:
//
//   LiteralScanner scanner({"ivory", "rhino horn", "象牙"});
//   std::vector<int> found;
//   scanner.Scan("Carved IVORY for sale", &found);  // found == {0}
//
// Immutable after construction: Scan is const and safe for concurrent use
// without locking (its scratch space is per thread). Movable, not copyable
// (the tables can be tens of megabytes).

#ifndef WILDWATCH_HOST_RULES_LITERAL_SCANNER_H_
#define WILDWATCH_HOST_RULES_LITERAL_SCANNER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wildwatch::rules {

class LiteralScanner {
 public:
  // A scanner of no literals: Scan always finds nothing.
  LiteralScanner();

  // Builds the automaton over literals; a literal's index in the vector is
  // what Scan reports. Equal literals are allowed and are all reported.
  // dense_bytes bounds the dense transition rows: the default holds every
  // state to depth two or three for tens of thousands of literals (on
  // 50,000 patterns about 10% faster than a quarter of it, for 48 MB more),
  // beyond which rows stop paying for their cache misses. Smaller sets use
  // only the rows their states need.
  // REQUIRES: every literal is non-empty and has no ASCII upper-case letter.
  explicit LiteralScanner(const std::vector<std::string>& literals,
                          size_t dense_bytes = size_t{64} << 20);

  LiteralScanner(LiteralScanner&&) = default;
  LiteralScanner& operator=(LiteralScanner&&) = default;
  LiteralScanner(const LiteralScanner&) = delete;
  LiteralScanner& operator=(const LiteralScanner&) = delete;

  // Replaces *found with the index of every literal that occurs in text
  // (ASCII case-insensitively), each once, in no particular order.
  // REQUIRES: found != nullptr.
  void Scan(std::string_view text, std::vector<int>* found) const;

  // Automaton states (one per distinct literal prefix, plus the root) and
  // how many of them have dense rows.
  size_t state_count() const { return fail_.size(); }
  size_t dense_state_count() const { return dense_count_; }
  // Bytes held by the automaton's tables.
  size_t memory_bytes() const;

 private:
  // What the scan loop carries instead of a state number, so that the
  // common step, dense state to dense state with nothing to report, is one
  // load and one test: a dense state's row offset (state * class_count_),
  // or kSparse | state for the others, either with kReport when a literal
  // ends there.
  static constexpr uint32_t kSparse = uint32_t{1} << 31;
  static constexpr uint32_t kReport = uint32_t{1} << 30;
  static constexpr uint32_t kPayload = kReport - 1;

  // The state a scan code stands for.
  uint32_t StateOf(uint32_t code) const;
  // The code of the state reached from sparse state on byte.
  uint32_t SparseStep(uint32_t state, uint8_t byte) const;

  // Reports the literals ending at state (and at its dictionary suffixes)
  // that *found does not hold yet, and marks state; seen and epoch are the
  // per-thread marks. REQUIRES: state is not marked.
  void Report(uint32_t state, uint32_t epoch, uint32_t* seen,
              std::vector<int>* found) const;

  // Byte -> column of a dense row; ASCII upper case shares lower case's.
  uint16_t byte_class_[256];
  // Byte as the trie edges store it: ASCII lower-cased.
  uint8_t fold_[256];
  size_t class_count_ = 1;
  // States are numbered breadth first, and within a depth by how many
  // literals go through them, so the dense ones, 0 (the root) to
  // dense_count_ - 1, are the shallowest and, at the deepest dense depth,
  // the busiest.
  size_t dense_count_ = 1;
  // dense_count_ rows of class_count_ scan codes.
  std::vector<uint32_t> dense_;
  // Trie edges of each state, sorted by byte: edge_begin_[s] to
  // edge_begin_[s + 1] in edge_byte_ / edge_target_.
  std::vector<uint32_t> edge_begin_;
  std::vector<uint8_t> edge_byte_;
  std::vector<uint32_t> edge_target_;
  std::vector<uint32_t> fail_;
  std::vector<uint32_t> code_;  // Scan code of each state.
  // First state on the suffix chain (the state itself included) where a
  // literal ends, 0 (the root, which ends none) if there is none; dict_
  // is the same for the proper suffixes only.
  std::vector<uint32_t> report_;
  std::vector<uint32_t> dict_;
  // Literals ending at each state: out_begin_[s] to out_begin_[s + 1].
  std::vector<uint32_t> out_begin_;
  std::vector<int> out_;
  size_t literal_count_ = 0;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_LITERAL_SCANNER_H_
