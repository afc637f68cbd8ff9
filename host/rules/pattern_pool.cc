#include "host/rules/pattern_pool.h"

#include <utf8proc.h>

#include <cctype>
#include <utility>

#include "host/rules/normalizer.h"

namespace wildwatch::rules {

namespace {

// Length of the UTF-8 sequence starting with lead byte c; 1 for a stray
// continuation or invalid byte, so scanning always advances.
size_t Utf8Length(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC2 && c < 0xE0) return 2;
  return 1;
}

// The code point starting at text[pos], or -1 at the end or on an invalid
// byte.
int32_t CodePointAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return -1;
  utf8proc_int32_t cp = -1;
  if (utf8proc_iterate(
          reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
          static_cast<utf8proc_ssize_t>(text.size() - pos), &cp) <= 0) {
    return -1;
  }
  return cp;
}

// The code point ending at text[pos - 1], or -1.
int32_t CodePointBefore(std::string_view text, size_t pos) {
  if (pos == 0) return -1;
  size_t start = pos - 1;
  while (start > 0 && pos - start < 4 &&
         (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  return CodePointAt(text, start);
}

// A word character as the edge \b sees it: RE2's [0-9A-Za-z_] widened to
// letters, marks and digits of every script.
bool IsWordChar(int32_t cp) {
  if (cp < 0) return false;
  if (cp < 0x80) return std::isalnum(cp) || cp == '_';
  const utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
         c == UTF8PROC_CATEGORY_ND;
}

// Scripts written without spaces between words, where a keyword is
// usually glued to its neighbours: Thai, Lao, Myanmar, Khmer, Hiragana,
// Katakana and Han.
bool IsSpacelessScript(int32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0EFF) ||  // Thai, Lao.
         (cp >= 0x1000 && cp <= 0x109F) ||  // Myanmar.
         (cp >= 0x1780 && cp <= 0x17FF) ||  // Khmer.
         (cp >= 0x19E0 && cp <= 0x19FF) ||  // Khmer symbols.
         (cp >= 0x2E80 && cp <= 0x2FDF) ||  // CJK radicals.
         (cp >= 0x3005 && cp <= 0x3007) ||  // Ideographic marks.
         (cp >= 0x3040 && cp <= 0x30FF) ||  // Hiragana, Katakana.
         (cp >= 0x31F0 && cp <= 0x31FF) ||  // Katakana extensions.
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK extension A.
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs.
         (cp >= 0xA9E0 && cp <= 0xA9FF) ||  // Myanmar extended-B.
         (cp >= 0xAA60 && cp <= 0xAA7F) ||  // Myanmar extended-A.
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // CJK compatibility.
         (cp >= 0x20000 && cp <= 0x3FFFF);  // CJK extensions B and later.
}

// Whether a \b holds between the code points before and after (-1: none).
bool IsBoundary(int32_t before, int32_t after) {
  return IsWordChar(before) != IsWordChar(after) || IsSpacelessScript(before) ||
         IsSpacelessScript(after);
}

// Whether text[pos] is the 'b' of a "\b" escape: preceded by an odd
// number of backslashes.
bool IsEscapeAt(std::string_view text, size_t pos) {
  size_t backslashes = 0;
  while (pos > backslashes && text[pos - 1 - backslashes] == '\\') {
    ++backslashes;
  }
  return backslashes % 2 == 1;
}

// Splits pattern into its top-level alternatives.
std::vector<std::string_view> TopLevelBranches(std::string_view pattern) {
  std::vector<std::string_view> branches;
  int depth = 0;
  bool in_class = false;
  size_t begin = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      // A ']' first in the class is a literal.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      branches.push_back(pattern.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  branches.push_back(pattern.substr(begin));
  return branches;
}

// Takes the \b off the start (and end) of every top-level alternative when
// all of them have one there; sets *before and *after accordingly.
std::string StripEdgeBoundaries(std::string_view pattern, bool* before,
                                bool* after) {
  std::vector<std::string_view> branches = TopLevelBranches(pattern);
  *before = *after = true;
  for (std::string_view branch : branches) {
    // A branch that is only "\b" keeps it; the pattern then matches empty
    // text and is rejected as such.
    const bool long_enough = branch.size() > 2;
    *before = *before && long_enough && branch.substr(0, 2) == "\\b";
    *after = *after && long_enough && branch.back() == 'b' &&
             IsEscapeAt(branch, branch.size() - 1) &&
             !(*before && branch.size() < 4);
  }
  std::string out;
  for (size_t i = 0; i < branches.size(); ++i) {
    std::string_view branch = branches[i];
    if (*before) branch.remove_prefix(2);
    if (*after) branch.remove_suffix(2);
    if (i > 0) out += '|';
    out += branch;
  }
  return out;
}

}  // namespace

bool StartsWithWordChar(std::string_view text) {
  return IsWordChar(CodePointAt(text, 0));
}

bool EndsWithWordChar(std::string_view text) {
  return IsWordChar(CodePointBefore(text, text.size()));
}

PatternPool::PatternPool(int64_t max_mem) : max_mem_(max_mem) {}

RE2::Options PatternPool::Options(int64_t max_mem) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

int PatternPool::Add(std::string_view pattern, std::string* error,
                     bool fold_diacritics) {
  Entry entry;
  const std::string regex =
      NormalizePattern(StripEdgeBoundaries(pattern, &entry.boundary_before,
                                           &entry.boundary_after),
                       fold_diacritics);
  std::string key = regex;
  key += entry.boundary_before ? '1' : '0';
  key += entry.boundary_after ? '1' : '0';
  auto found = ids_.find(key);
  if (found != ids_.end()) return found->second;
  entry.re = std::make_unique<RE2>(regex, Options(max_mem_));
  const RE2& re = *entry.re;
  if (!re.ok()) {
    // RE2's error() is "<what>: <fragment>"; quoting the fragment on its
    // own keeps it readable when it contains ':' or spaces.
    const std::string& arg = re.error_arg();
    *error = re.error();
    const std::string suffix = ": " + arg;
    if (!arg.empty() && error->size() > suffix.size() &&
        error->compare(error->size() - suffix.size(), suffix.size(), suffix) ==
            0) {
      error->resize(error->size() - suffix.size());
    }
    if (!arg.empty()) *error += " at '" + arg + "'";
    if (re.error_code() == RE2::ErrorPatternTooLarge) {
      *error += " (over the per-pattern memory budget; split the pattern)";
    }
    return -1;
  }
  // A pattern that matches the empty text matches at the start of every
  // text; as `any` or `all` it would hit every post, as `unless` veto all.
  if (RE2::PartialMatch("", re)) {
    *error = "pattern matches the empty string, so it would match every post";
    return -1;
  }
  const int id = size();
  entries_.push_back(std::move(entry));
  ids_.emplace(std::move(key), id);
  return id;
}

bool PatternPool::FindFrom(const Entry& entry, std::string_view text,
                           size_t pos, Span* span) const {
  const RE2& re = *entry.re;
  const re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece m;
  while (pos <= text.size() &&
         re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    const size_t start = static_cast<size_t>(m.data() - text.data());
    const size_t end = start + m.size();
    const bool ok =
        !m.empty() &&
        (!entry.boundary_before ||
         IsBoundary(CodePointBefore(text, start), CodePointAt(text, start))) &&
        (!entry.boundary_after ||
         IsBoundary(CodePointBefore(text, end), CodePointAt(text, end)));
    if (ok) {
      *span = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(end)};
      return true;
    }
    // An empty occurrence (only mid-pattern \b and the like get here, as
    // Add rejects patterns matching "") or a failed boundary: RE2 has no
    // lookaround, so search again one character on.
    if (start >= text.size()) break;
    pos = start + Utf8Length(static_cast<unsigned char>(text[start]));
  }
  return false;
}

bool PatternPool::Matches(int id, std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()),
                           *entries_[id].re);
}

bool PatternPool::Occurs(int id, std::string_view text) const {
  const Entry& entry = entries_[id];
  if (!entry.boundary_before && !entry.boundary_after) {
    return Matches(id, text);
  }
  Span ignored;
  return FindFrom(entry, text, 0, &ignored);
}

void PatternPool::FindAll(int id, std::string_view text,
                          std::vector<Span>* spans) const {
  const Entry& entry = entries_[id];
  size_t pos = 0;
  Span span;
  while (pos <= text.size() && FindFrom(entry, text, pos, &span)) {
    spans->push_back(span);
    pos = span.end;
  }
}

}  // namespace wildwatch::rules
