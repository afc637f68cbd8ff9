// PatternPool: every distinct pattern of a rule set, compiled once.
//
// Rules share patterns (the same trade-intent context appears under many
// taxa), so the pool interns them: each distinct pattern text is compiled to
// one RE2 and known by a small integer id, and per-post work can be
// memoised by id. All patterns use the same options (Options()), so a
// pattern's behaviour is the same here and inside the combined matcher.
//
// Patterns are matched against normalised text (normalizer.h), so Add()
// normalises their literal characters the same way. RE2's \b only knows
// ASCII word characters; a \b at the very start or end of a pattern (of
// every top-level alternative) is therefore taken off the regex and checked
// after each occurrence instead, with Unicode letters, marks and digits as
// word characters and no boundary needed next to Han, Hiragana, Katakana,
// Thai, Lao, Khmer or Myanmar, which are written without spaces. A \b
// anywhere else stays RE2's ASCII one.
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

// Whether the first (last) character of text is a word character as the
// edge \b sees it (letters, marks and digits of every script, and '_'), so
// that a pattern starting (ending) with it can ask for a boundary there.
bool StartsWithWordChar(std::string_view text);
bool EndsWithWordChar(std::string_view text);

class PatternPool {
 public:
  // max_mem: the memory budget of each compiled pattern.
  explicit PatternPool(int64_t max_mem);
  PatternPool(const PatternPool&) = delete;
  PatternPool& operator=(const PatternPool&) = delete;

  // Options every rule pattern is compiled with: case-insensitive (Unicode
  // simple case folding), UTF-8, unanchored, never logging.
  static RE2::Options Options(int64_t max_mem);

  // Compiles pattern (with the edge \b taken off and its literals
  // normalised, marks removed too with fold_diacritics), or finds it if
  // added before, and returns its id (>= 0). Returns -1 if it does not
  // compile, with *error set to RE2's message and the offending fragment,
  // or if it can match the empty string (it would hit every post). *error
  // is untouched on success. REQUIRES: error != nullptr.
  int Add(std::string_view pattern, std::string* error,
          bool fold_diacritics = false);

  // Number of distinct patterns; ids are 0 .. size() - 1.
  int size() const { return static_cast<int>(entries_.size()); }
  // The regex RE2 runs for pattern id: without the edge \b, literals
  // normalised. When checks_boundaries(id), a match of it is only a
  // candidate until Occurs() or FindAll() confirms it.
  const std::string& pattern(int id) const {
    return entries_[id].re->pattern();
  }
  bool checks_boundaries(int id) const {
    return entries_[id].boundary_before || entries_[id].boundary_after;
  }

  // Whether the regex of pattern id (pattern(id)) matches anywhere in
  // text, boundaries not checked: what the candidate stage computes.
  // REQUIRES: 0 <= id < size().
  bool Matches(int id, std::string_view text) const;

  // Whether pattern id occurs anywhere in text, boundaries checked: what a
  // rule's clause means. REQUIRES: 0 <= id < size().
  bool Occurs(int id, std::string_view text) const;

  // Appends the non-overlapping occurrences of pattern id in text, left to
  // right, to *spans. An occurrence that fails a boundary check is skipped
  // and the search goes on one character after its start, so this always
  // ends. REQUIRES: 0 <= id < size().
  void FindAll(int id, std::string_view text, std::vector<Span>* spans) const;

 private:
  struct Entry {
    std::unique_ptr<RE2> re;
    bool boundary_before = false;
    bool boundary_after = false;
  };

  // Finds the first occurrence at or after pos that passes the boundary
  // checks; on success sets *span and returns true.
  bool FindFrom(const Entry& entry, std::string_view text, size_t pos,
                Span* span) const;

  const int64_t max_mem_;
  std::vector<Entry> entries_;
  // Regex text plus the two boundary flags -> id.
  std::unordered_map<std::string, int> ids_;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_PATTERN_POOL_H_
