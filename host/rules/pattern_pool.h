// PatternPool: every distinct pattern of a rule set, compiled once.
//
// Rules share patterns (the same trade-intent context appears under many
// taxa), so the pool interns them: each distinct pattern text is compiled to
// one RE2 and known by a small integer id, and per-post work can be
// memoised by id. All patterns use the same options (Options()), so a
// pattern's behaviour is the same here and inside the combined matcher.
//
// Lifecycle: Add while loading, then only const calls. The const methods are
// safe for concurrent use without locking (RE2 is). Not copyable or movable:
// ids and the compiled regexes stay put for the pool's lifetime.

#ifndef WILDWATCH_HOST_RULES_PATTERN_POOL_H_
#define WILDWATCH_HOST_RULES_PATTERN_POOL_H_

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/core/match.h"

namespace wildwatch::rules {

class PatternPool {
 public:
  // max_mem: the memory budget of each compiled pattern.
  explicit PatternPool(int64_t max_mem);
  PatternPool(const PatternPool&) = delete;
  PatternPool& operator=(const PatternPool&) = delete;

  // Options every rule pattern is compiled with: case-insensitive (Unicode
  // simple case folding), UTF-8, unanchored, never logging.
  static RE2::Options Options(int64_t max_mem);

  // Compiles pattern, or finds it if added before, and returns its id
  // (>= 0). Returns -1 if it does not compile, with *error set to RE2's
  // message and the offending fragment, or if it can match the empty
  // string (it would hit every post). *error is untouched on success.
  // REQUIRES: error != nullptr.
  int Add(std::string_view pattern, std::string* error);

  // Number of distinct patterns; ids are 0 .. size() - 1.
  int size() const { return static_cast<int>(regexes_.size()); }
  const std::string& pattern(int id) const { return regexes_[id]->pattern(); }

  // Whether pattern id matches anywhere in text. REQUIRES: 0 <= id < size().
  bool Matches(int id, std::string_view text) const;

  // Appends the non-overlapping occurrences of pattern id in text, left to
  // right, to *spans. An empty occurrence moves the search on by one UTF-8
  // character, so this always ends. REQUIRES: 0 <= id < size().
  void FindAll(int id, std::string_view text, std::vector<Span>* spans) const;

 private:
  const int64_t max_mem_;
  std::vector<std::unique_ptr<RE2>> regexes_;
  std::unordered_map<std::string, int> ids_;  // Pattern text -> id.
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_PATTERN_POOL_H_
