#include "host/rules/normalizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <utility>

namespace wildwatch::rules {

namespace {

// One code point of the folded text and the original bytes it came from.
// All code points folded from one grapheme cluster share its range.
struct Atom {
  int32_t cp;
  uint32_t start;
  uint32_t end;
  bool dropped = false;
};

bool IsIgnorable(int32_t cp) {
  return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         cp == 0xFEFF;
}

bool IsAsciiLetter(int32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

bool IsLetter(int32_t cp) {
  if (cp < 0x80) return IsAsciiLetter(cp);
  const utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool IsMark(int32_t cp) {
  if (cp < 0x80) return false;
  const utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

bool IsDigit(int32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

bool IsLeetSymbol(int32_t cp) {
  return cp == '@' || cp == '$' || cp == '!' || cp == '|';
}

// The letter a leet character stands for, or 0.
int32_t LeetLetter(int32_t cp) {
  switch (cp) {
    case '0':
      return 'o';
    case '1':
    case '!':
    case '|':
      return 'i';
    case '3':
      return 'e';
    case '4':
    case '@':
      return 'a';
    case '5':
    case '$':
      return 's';
    case '7':
      return 't';
    default:
      return 0;
  }
}

bool IsSeparator(int32_t cp) {
  return cp == '.' || cp == ' ' || cp == '-' || cp == '_' || cp == '*';
}

bool IsLatin(int32_t cp) {
  return IsAsciiLetter(cp) ||
         (cp >= 0x00C0 && cp <= 0x024F && cp != 0x00D7 && cp != 0x00F7) ||
         (cp >= 0x1E00 && cp <= 0x1EFF);
}

bool IsCyrillicOrGreek(int32_t cp) {
  return (cp >= 0x0370 && cp <= 0x052F) || (cp >= 0x1F00 && cp <= 0x1FFF);
}

// The Latin letter a (case-folded) Cyrillic or Greek letter is drawn like,
// or 0. Only shapes that read as the Latin letter in common fonts.
int32_t LatinLookAlike(int32_t cp) {
  switch (cp) {
    // Cyrillic.
    case 0x0430:
      return 'a';  // а
    case 0x0432:
      return 'b';  // в
    case 0x0435:
      return 'e';  // е
    case 0x0451:
      return 'e';  // ё
    case 0x043E:
      return 'o';  // о
    case 0x0440:
      return 'p';  // р
    case 0x0441:
      return 'c';  // с
    case 0x0443:
      return 'y';  // у
    case 0x0445:
      return 'x';  // х
    case 0x0456:
      return 'i';  // і
    case 0x0457:
      return 'i';  // ї
    case 0x0455:
      return 's';  // ѕ
    case 0x0458:
      return 'j';  // ј
    case 0x043A:
      return 'k';  // к
    case 0x043C:
      return 'm';  // м
    case 0x043D:
      return 'h';  // н
    case 0x0442:
      return 't';  // т
    case 0x0433:
      return 'r';  // г
    case 0x043F:
      return 'n';  // п
    case 0x0501:
      return 'd';  // ԁ
    case 0x051B:
      return 'q';  // ԛ
    case 0x051D:
      return 'w';  // ԝ
    case 0x04BB:
      return 'h';  // һ
    case 0x04CF:
      return 'l';  // ӏ
    // Greek.
    case 0x03BF:
      return 'o';  // ο
    case 0x03B1:
      return 'a';  // α
    case 0x03B9:
      return 'i';  // ι
    case 0x03BD:
      return 'v';  // ν
    case 0x03BA:
      return 'k';  // κ
    case 0x03C1:
      return 'p';  // ρ
    case 0x03C4:
      return 't';  // τ
    case 0x03C5:
      return 'u';  // υ
    case 0x03B5:
      return 'e';  // ε
    case 0x03C7:
      return 'x';  // χ
    case 0x03B2:
      return 'b';  // β
    case 0x03B7:
      return 'n';  // η
    case 0x03C9:
      return 'w';  // ω
    default:
      return 0;
  }
}

// Part of a word for steps 4-6.
bool IsWordAtom(int32_t cp) {
  return IsLetter(cp) || IsMark(cp) || IsDigit(cp) || IsLeetSymbol(cp);
}

// Whether an all-ASCII text has anything for steps 3-6 to do; false lets
// Normalize return the text itself. Conservative: a true answer only
// costs the slow path.
bool AsciiNeedsWork(std::string_view t, const NormalizeOptions& options) {
  const auto letter = [&](size_t i) {
    return i < t.size() && IsAsciiLetter(static_cast<unsigned char>(t[i]));
  };
  const auto alnum = [&](size_t i) {
    return i < t.size() && std::isalnum(static_cast<unsigned char>(t[i]));
  };
  for (size_t i = 0; i < t.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (options.leet && LeetLetter(c) != 0 &&
        ((i > 0 && letter(i - 1)) || letter(i + 1))) {
      return true;
    }
    if (options.separators && IsSeparator(c) && i > 0 && letter(i - 1) &&
        letter(i + 1) && (i < 2 || !alnum(i - 2)) && !alnum(i + 2)) {
      return true;
    }
  }
  return false;
}

// Decodes the UTF-8 sequence at text[*pos], advancing *pos; an invalid
// byte decodes to -1 - byte and advances by one.
int32_t Decode(std::string_view text, size_t* pos) {
  utf8proc_int32_t cp = -1;
  const utf8proc_ssize_t n = utf8proc_iterate(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data() + *pos),
      static_cast<utf8proc_ssize_t>(text.size() - *pos), &cp);
  if (n <= 0) {
    const int32_t invalid = -1 - static_cast<unsigned char>(text[*pos]);
    ++*pos;
    return invalid;
  }
  *pos += static_cast<size_t>(n);
  return cp;
}

utf8proc_option_t FoldOptions(bool fold_diacritics) {
  int options = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
  if (fold_diacritics) options |= UTF8PROC_STRIPMARK;
  return static_cast<utf8proc_option_t>(options);
}

// NFKC + case folding (+ marks) of the code points cps, appended to *out.
void FoldCluster(const std::vector<int32_t>& cps, bool fold_diacritics,
                 std::vector<int32_t>* out) {
  const utf8proc_option_t options = FoldOptions(fold_diacritics);
  std::vector<int32_t> buffer(cps.size() * 4 + 8);
  utf8proc_ssize_t length = 0;
  for (int32_t cp : cps) {
    for (;;) {
      int last_boundclass = 0;
      const utf8proc_ssize_t n = utf8proc_decompose_char(
          cp, buffer.data() + length,
          static_cast<utf8proc_ssize_t>(buffer.size()) - length, options,
          &last_boundclass);
      if (n < 0) {
        out->push_back(cp);  // Unassigned or invalid: keep it as it is.
        break;
      }
      if (length + n <= static_cast<utf8proc_ssize_t>(buffer.size())) {
        length += n;
        break;
      }
      buffer.resize(buffer.size() * 2 + static_cast<size_t>(n));
    }
  }
  // Canonical order of the marks, then composition (what utf8proc_map does
  // after decomposing).
  const utf8proc_ssize_t composed =
      utf8proc_normalize_utf32(buffer.data(), length, options);
  if (composed < 0) return;
  out->insert(out->end(), buffer.begin(), buffer.begin() + composed);
}

void AppendUtf8(int32_t cp, std::string* out) {
  if (cp < 0) {
    out->push_back(static_cast<char>(-1 - cp));
    return;
  }
  utf8proc_uint8_t bytes[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, bytes);
  out->append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(n));
}

// Steps 1 and 2: the text as atoms.
std::vector<Atom> FoldText(std::string_view text, bool fold_diacritics) {
  std::vector<Atom> atoms;
  atoms.reserve(text.size());
  std::vector<int32_t> cluster;
  std::vector<int32_t> folded;
  uint32_t cluster_start = 0;
  uint32_t cluster_end = 0;
  const auto flush = [&] {
    if (cluster.empty()) return;
    // ASCII and invalid bytes (negative) are their own folded form.
    if (cluster.size() == 1 && cluster[0] < 0x80) {
      atoms.push_back({cluster[0], cluster_start, cluster_end});
    } else {
      folded.clear();
      FoldCluster(cluster, fold_diacritics, &folded);
      for (int32_t cp : folded)
        atoms.push_back({cp, cluster_start, cluster_end});
    }
    cluster.clear();
  };
  utf8proc_int32_t state = 0;
  int32_t previous = -1;
  for (size_t pos = 0; pos < text.size();) {
    const uint32_t start = static_cast<uint32_t>(pos);
    const int32_t cp = Decode(text, &pos);
    if (cp >= 0 && IsIgnorable(cp)) continue;
    bool breaks = true;
    if (previous >= 0x80 || cp >= 0x80) {
      breaks = cp < 0 || previous < 0 ||
               utf8proc_grapheme_break_stateful(previous, cp, &state);
    } else {
      state = 0;
      breaks = !(previous == '\r' && cp == '\n');
    }
    if (breaks) {
      flush();
      cluster_start = start;
    }
    cluster.push_back(cp);
    cluster_end = static_cast<uint32_t>(pos);
    previous = cp;
  }
  flush();
  return atoms;
}

// Whether atoms[i] can stand as a single letter in a separated run, and
// whether it counts as a letter there (not a leet character).
bool IsRunUnit(const Atom& atom, bool leet) {
  return IsLetter(atom.cp) || (leet && LeetLetter(atom.cp) != 0);
}

// Step 3.
void DropSeparators(bool leet, std::vector<Atom>* atoms) {
  std::vector<Atom>& a = *atoms;
  const auto joins = [&](size_t i) {  // A word character, apart from marks.
    return i < a.size() && (IsLetter(a[i].cp) || IsDigit(a[i].cp));
  };
  size_t i = 0;
  while (i < a.size()) {
    if (!IsRunUnit(a[i], leet) || (i > 0 && joins(i - 1)) || joins(i + 1) ||
        (i + 1 < a.size() && IsMark(a[i + 1].cp))) {
      ++i;
      continue;
    }
    // a[i] is a single unit; extend over "separator unit" pairs.
    size_t end = i;  // Last unit of the run.
    int units = 1;
    int letters = IsLetter(a[i].cp) ? 1 : 0;
    while (end + 2 < a.size() && IsSeparator(a[end + 1].cp) &&
           IsRunUnit(a[end + 2], leet) && !joins(end + 3) &&
           !(end + 3 < a.size() && IsMark(a[end + 3].cp))) {
      end += 2;
      ++units;
      if (IsLetter(a[end].cp)) ++letters;
    }
    if (units >= 3 && letters > units - letters) {
      for (size_t s = i + 1; s < end; s += 2) a[s].dropped = true;
    }
    i = end + 1;
  }
}

// Steps 5 and 6 on the word atoms[begin, end) (dropped atoms skipped).
void FoldWord(const NormalizeOptions& options, std::vector<Atom>* atoms,
              size_t begin, size_t end) {
  std::vector<Atom>& a = *atoms;
  while (begin < end && (a[begin].dropped || IsLeetSymbol(a[begin].cp))) {
    ++begin;
  }
  while (end > begin && (a[end - 1].dropped || IsLeetSymbol(a[end - 1].cp))) {
    --end;
  }
  if (begin == end) return;
  if (options.homoglyphs) {
    bool latin = false;
    bool other = false;
    for (size_t i = begin; i < end; ++i) {
      latin = latin || IsLatin(a[i].cp);
      other = other || IsCyrillicOrGreek(a[i].cp);
    }
    if (latin && other) {
      for (size_t i = begin; i < end; ++i) {
        if (const int32_t look_alike = LatinLookAlike(a[i].cp)) {
          a[i].cp = look_alike;
        }
      }
    }
  }
  if (!options.leet) return;
  int length = 0;
  int letters = 0;
  int leet = 0;
  int32_t previous = 0;
  for (size_t i = begin; i < end; ++i) {
    if (a[i].dropped) continue;
    const int32_t cp = a[i].cp;
    ++length;
    if (IsLetter(cp)) {
      ++letters;
    } else if (LeetLetter(cp) != 0) {
      ++leet;
    }
    // A digit that is no leet letter, or two digits in a row: a number.
    if (IsDigit(cp) && (LeetLetter(cp) == 0 || IsDigit(previous))) return;
    previous = cp;
  }
  if (length < 4 || leet == 0 || letters <= leet) return;
  for (size_t i = begin; i < end; ++i) {
    if (!a[i].dropped && LeetLetter(a[i].cp) != 0) {
      a[i].cp = LeetLetter(a[i].cp);
    }
  }
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

// Appends the UTF-8 of the folded, non-ASCII literal at pattern[*pos] (a
// code point and the combining marks after it), advancing *pos.
void AppendFoldedLiteral(std::string_view pattern, size_t* pos,
                         bool fold_diacritics, std::string* out) {
  std::vector<int32_t> cps;
  cps.push_back(Decode(pattern, pos));
  while (*pos < pattern.size()) {
    size_t next = *pos;
    const int32_t cp = Decode(pattern, &next);
    if (cp < 0 || !IsMark(cp)) break;
    cps.push_back(cp);
    *pos = next;
  }
  std::vector<int32_t> folded;
  FoldCluster(cps, fold_diacritics, &folded);
  if (folded.empty()) return;  // A lone mark, stripped.
  const bool group = folded.size() > 1;
  if (group) *out += "(?:";
  for (int32_t cp : folded) {
    if (cp > 0 && cp < 0x80 &&
        std::string_view("\\.+*?()|[]{}^$").find(static_cast<char>(cp)) !=
            std::string_view::npos) {
      out->push_back('\\');
    }
    AppendUtf8(cp, out);
  }
  if (group) *out += ")";
}

}  // namespace

int NormalizeOptions::index() const {
  return (leet ? 1 : 0) | (separators ? 2 : 0) | (homoglyphs ? 4 : 0) |
         (diacritics ? 8 : 0);
}

std::string NormalizeOptions::ToString() const {
  std::string out;
  for (auto [on, name] :
       {std::pair{leet, "leet"}, std::pair{separators, "separators"},
        std::pair{homoglyphs, "homoglyphs"},
        std::pair{diacritics, "diacritics"}}) {
    if (!on) continue;
    if (!out.empty()) out += ",";
    out += name;
  }
  return out.empty() ? "none" : out;
}

Span NormalizedText::ToOriginal(Span span) const {
  assert(span.start <= span.end && span.end <= text().size());
  if (identity_) return span;
  if (span.start == span.end) {
    const uint32_t at = span.start < starts_.size()
                            ? starts_[span.start]
                            : static_cast<uint32_t>(original_.size());
    return Span{at, at};
  }
  return Span{starts_[span.start], ends_[span.end - 1]};
}

NormalizedText Normalize(std::string_view text,
                         const NormalizeOptions& options) {
  NormalizedText result;
  result.original_ = text;
  if (IsAscii(text) && !AsciiNeedsWork(text, options)) return result;

  std::vector<Atom> atoms = FoldText(text, options.diacritics);
  if (options.separators) DropSeparators(options.leet, &atoms);
  if (options.leet || options.homoglyphs) {
    size_t begin = 0;
    for (size_t i = 0; i <= atoms.size(); ++i) {
      const bool word =
          i < atoms.size() && (atoms[i].dropped || IsWordAtom(atoms[i].cp));
      if (word) continue;
      if (begin < i) FoldWord(options, &atoms, begin, i);
      begin = i + 1;
    }
  }

  result.identity_ = false;
  result.text_.reserve(text.size());
  result.starts_.reserve(text.size());
  result.ends_.reserve(text.size());
  for (const Atom& atom : atoms) {
    if (atom.dropped) continue;
    AppendUtf8(atom.cp, &result.text_);
    result.starts_.resize(result.text_.size(), atom.start);
    result.ends_.resize(result.text_.size(), atom.end);
  }
  return result;
}

std::string NormalizePattern(std::string_view pattern, bool fold_diacritics) {
  if (IsAscii(pattern)) return std::string(pattern);
  std::string out;
  out.reserve(pattern.size());
  bool in_class = false;
  size_t pos = 0;
  while (pos < pattern.size()) {
    const unsigned char c = static_cast<unsigned char>(pattern[pos]);
    if (c == '\\') {
      // An escape and its argument: one character, or a braced {..}.
      size_t end = std::min(pos + 2, pattern.size());
      if (end < pattern.size() && pattern[end] == '{' &&
          std::string_view("pPx").find(pattern[pos + 1]) !=
              std::string_view::npos) {
        const size_t close = pattern.find('}', end);
        end = close == std::string_view::npos ? pattern.size() : close + 1;
      } else if (end <= pattern.size() && pos + 1 < pattern.size() &&
                 static_cast<unsigned char>(pattern[pos + 1]) >= 0x80) {
        size_t next = pos + 1;
        Decode(pattern, &next);
        end = next;
      }
      out.append(pattern.substr(pos, end - pos));
      pos = end;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out.push_back(static_cast<char>(c));
      ++pos;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.push_back('[');
      ++pos;
      // A ']' right after '[' or '[^' is a literal, not the end.
      if (pos < pattern.size() && pattern[pos] == '^')
        out.push_back(pattern[pos++]);
      if (pos < pattern.size() && pattern[pos] == ']')
        out.push_back(pattern[pos++]);
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++pos;
      continue;
    }
    AppendFoldedLiteral(pattern, &pos, fold_diacritics, &out);
  }
  return out;
}

}  // namespace wildwatch::rules
