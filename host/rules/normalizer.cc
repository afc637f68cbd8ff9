#include "host/rules/normalizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cassert>
#include <utility>

namespace wildwatch::rules {

namespace {

// What steps 3-6 ask of a code point, looked up once per code point rather
// than at every question (utf8proc's property lookup is a two-level table
// walk, and the steps ask about each neighbour several times).
enum CharClass : uint8_t {
  kLetter = 1 << 0,
  kMark = 1 << 1,
  kDigit = 1 << 2,
};

// One code point of the folded text and the original bytes it came from.
// All code points folded from one grapheme cluster share its range.
struct Atom {
  int32_t cp;
  uint32_t start;
  uint32_t end;
  uint8_t classes = 0;  // CharClass bits of cp.
  bool dropped = false;

  bool letter() const { return classes & kLetter; }
  bool mark() const { return classes & kMark; }
  bool digit() const { return classes & kDigit; }
  // Part of a word for steps 4-6 (leet symbols are trimmed from its ends
  // later).
  bool in_word() const;
};

bool IsIgnorable(int32_t cp) {
  return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         cp == 0xFEFF;
}

bool IsAsciiLetter(int32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

uint8_t ClassesOf(int32_t cp) {
  if (cp < 0x80) {
    if (IsAsciiLetter(cp)) return kLetter;
    return cp >= '0' && cp <= '9' ? kDigit : 0;
  }
  const utf8proc_category_t c = utf8proc_category(cp);
  if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) return kLetter;
  if (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) return kMark;
  return c == UTF8PROC_CATEGORY_ND ? kDigit : 0;
}

bool IsMark(int32_t cp) { return ClassesOf(cp) & kMark; }

Atom MakeAtom(int32_t cp, uint32_t start, uint32_t end) {
  return Atom{cp, start, end, ClassesOf(cp)};
}

bool IsLeetSymbol(int32_t cp) {
  return cp == '@' || cp == '$' || cp == '!' || cp == '|';
}

bool Atom::in_word() const { return classes != 0 || IsLeetSymbol(cp); }

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

// Decodes the UTF-8 sequence at text[*pos], advancing *pos; an invalid
// byte decodes to -1 - byte and advances by one.
int32_t Decode(std::string_view text, size_t* pos) {
  const unsigned char first = static_cast<unsigned char>(text[*pos]);
  if (first < 0x80) {
    ++*pos;
    return first;
  }
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

// For each code point of the Basic Multilingual Plane, bit 0: NFKC and case
// folding leave it as it is; bit 1: so does removing marks after them. Built
// once, on first use, by folding each one: "é" decomposes and recomposes to
// itself, "ß" folds to "ss", "ｉ" to "i".
const std::vector<uint8_t>& BmpFoldsToItself() {
  static const std::vector<uint8_t> table = [] {
    std::vector<uint8_t> bits(0x10000);
    std::vector<int32_t> folded;
    for (int32_t cp = 0; cp < 0x10000; ++cp) {
      for (const bool fold_diacritics : {false, true}) {
        folded.clear();
        FoldCluster({cp}, fold_diacritics, &folded);
        if (folded.size() == 1 && folded[0] == cp) {
          bits[cp] |= fold_diacritics ? 2 : 1;
        }
      }
    }
    return bits;
  }();
  return table;
}

// Whether NFKC and case folding (and, with fold_diacritics, removing marks)
// leave a grapheme cluster of the one code point cp as it is, so that the
// bulk of non-Latin text, and accented Latin letters, skip utf8proc's
// decompose-and-compose. Above the BMP: characters with neither a
// decomposition nor a case folding.
bool FoldsToItself(int32_t cp, bool fold_diacritics) {
  if (cp < 0x80) return true;  // ASCII, and invalid bytes (negative).
  if (cp < 0x10000) return BmpFoldsToItself()[cp] & (fold_diacritics ? 2 : 1);
  const utf8proc_property_t* p = utf8proc_get_property(cp);
  return p->decomp_seqindex == UINT16_MAX &&
         p->casefold_seqindex == UINT16_MAX &&
         !(fold_diacritics && p->category >= UTF8PROC_CATEGORY_MN &&
           p->category <= UTF8PROC_CATEGORY_ME);
}

void AppendUtf8(int32_t cp, std::string* out) {
  if (cp >= 0 && cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  if (cp < 0) {
    out->push_back(static_cast<char>(-1 - cp));
    return;
  }
  utf8proc_uint8_t bytes[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, bytes);
  out->append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(n));
}

// Whether atom can stand as a single letter in a separated run (step 3),
// as a letter or, with leet, a leet character.
bool IsRunUnit(const Atom& atom, bool leet) {
  return atom.letter() || (leet && LeetLetter(atom.cp) != 0);
}

// Hangul conjoining jamo, which NFKC composes into syllables.
bool IsHangulJamo(int32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xD7B0 && cp <= 0xD7FF);
}

// Whether Normalize could change text. False lets it return the text
// itself, as it can for most posts; true for every text that changes, and
// for some that come out the same (they only take the full path). What
// each step needs, read off the code points and their neighbours:
//  1. a zero-width or bidi control;
//  2. a character that NFKC or case folding changes, or a combining mark or
//     conjoining jamo (the only characters canonical composition joins to
//     the one before). Thai marks on Thai letters are the exception:
//     nothing in Thai composes, so they only need work when out of
//     canonical order;
//  3. a separator between two run units, neither of which touches another
//     letter or digit (DropSeparators' test for a single unit);
//  5. a word with both Latin and Cyrillic or Greek letters;
//  6. a leet digit next to a letter or mark and to no digit (two digits
//     in a row keep a word as written), or a leet symbol inside a word
//     (FoldWord trims them from its ends).
bool NeedsWork(std::string_view text, const NormalizeOptions& options) {
  thread_local std::vector<Atom> chars;
  chars.clear();
  int previous_combining_class = 0;
  for (size_t pos = 0; pos < text.size();) {
    const int32_t cp = Decode(text, &pos);
    const uint8_t classes = ClassesOf(cp);
    if (cp >= 0x80 && (IsIgnorable(cp) || IsHangulJamo(cp) ||
                       !FoldsToItself(cp, options.diacritics))) {
      return true;
    }
    int combining_class = 0;
    if (classes & kMark) {
      // A mark joins the previous character's cluster, which is folded as
      // a whole (an ASCII capital in it would be folded too).
      const bool after_thai = !chars.empty() && chars.back().cp >= 0x0E01 &&
                              chars.back().cp <= 0x0E5B;
      if (cp < 0x0E31 || cp > 0x0E4E || !after_thai) return true;
      combining_class = utf8proc_get_property(cp)->combining_class;
      if (combining_class != 0 && combining_class < previous_combining_class) {
        return true;
      }
    }
    previous_combining_class = combining_class;
    chars.push_back(Atom{cp, 0, 0, classes});
  }
  // Out-of-range indices (i - 1 at 0 wraps) read as "no such character".
  const auto has = [&](size_t i, uint8_t classes) {
    return i < chars.size() && (chars[i].classes & classes) != 0;
  };
  const auto unit = [&](size_t i) {
    return i < chars.size() && IsRunUnit(chars[i], options.leet);
  };
  const auto in_word = [&](size_t i) {
    return i < chars.size() && chars[i].in_word();
  };
  bool latin = false;
  bool cyrillic_or_greek = false;
  for (size_t i = 0; i < chars.size(); ++i) {
    const int32_t cp = chars[i].cp;
    if (!in_word(i)) {
      latin = cyrillic_or_greek = false;
    } else if (options.homoglyphs) {
      latin = latin || IsLatin(cp);
      cyrillic_or_greek = cyrillic_or_greek || IsCyrillicOrGreek(cp);
      if (latin && cyrillic_or_greek) return true;
    }
    if (options.separators && IsSeparator(cp) && unit(i - 1) && unit(i + 1) &&
        !has(i - 2, kLetter | kDigit) && !has(i + 2, kLetter | kDigit)) {
      return true;
    }
    if (!options.leet || LeetLetter(cp) == 0) continue;
    if (IsLeetSymbol(cp)
            ? in_word(i - 1) && in_word(i + 1)
            : (has(i - 1, kLetter | kMark) || has(i + 1, kLetter | kMark)) &&
                  !has(i - 1, kDigit) && !has(i + 1, kDigit)) {
      return true;
    }
  }
  return false;
}

// The start of the UTF-8 character that holds byte at of text (at itself
// when it starts one, is an invalid byte or is text.size()).
uint32_t CharacterStart(std::string_view text, uint32_t at) {
  for (uint32_t lead = at; lead > 0 && at - lead < 3;) {
    --lead;
    const unsigned char c = static_cast<unsigned char>(text[lead]);
    if ((c & 0xC0) == 0x80) continue;
    size_t pos = lead;
    Decode(text, &pos);
    return pos > at ? lead : at;
  }
  return at;
}

// The end of the UTF-8 character that holds byte at - 1 of text.
uint32_t CharacterEnd(std::string_view text, uint32_t at) {
  if (at == 0 || at >= text.size()) return at;
  size_t pos = CharacterStart(text, at - 1);
  Decode(text, &pos);
  return static_cast<uint32_t>(std::max<size_t>(pos, at));
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
    if (cluster.size() == 1 && FoldsToItself(cluster[0], fold_diacritics)) {
      atoms.push_back(MakeAtom(cluster[0], cluster_start, cluster_end));
    } else {
      folded.clear();
      FoldCluster(cluster, fold_diacritics, &folded);
      for (int32_t cp : folded)
        atoms.push_back(MakeAtom(cp, cluster_start, cluster_end));
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

// Step 3.
void DropSeparators(bool leet, std::vector<Atom>* atoms) {
  std::vector<Atom>& a = *atoms;
  const auto joins = [&](size_t i) {  // A word character, apart from marks.
    return i < a.size() && (a[i].letter() || a[i].digit());
  };
  size_t i = 0;
  while (i < a.size()) {
    if (!IsRunUnit(a[i], leet) || (i > 0 && joins(i - 1)) || joins(i + 1) ||
        (i + 1 < a.size() && a[i + 1].mark())) {
      ++i;
      continue;
    }
    // a[i] is a single unit; extend over "separator unit" pairs.
    size_t end = i;  // Last unit of the run.
    int units = 1;
    int letters = a[i].letter() ? 1 : 0;
    while (end + 2 < a.size() && IsSeparator(a[end + 1].cp) &&
           IsRunUnit(a[end + 2], leet) && !joins(end + 3) &&
           !(end + 3 < a.size() && a[end + 3].mark())) {
      end += 2;
      ++units;
      if (a[end].letter()) ++letters;
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
  bool previous_digit = false;
  for (size_t i = begin; i < end; ++i) {
    if (a[i].dropped) continue;
    const int32_t cp = a[i].cp;
    ++length;
    if (a[i].letter()) {
      ++letters;
    } else if (LeetLetter(cp) != 0) {
      ++leet;
    }
    // A digit that is no leet letter, or two digits in a row: a number.
    if (a[i].digit() && (LeetLetter(cp) == 0 || previous_digit)) return;
    previous_digit = a[i].digit();
  }
  if (length < 4 || leet == 0 || letters <= leet) return;
  for (size_t i = begin; i < end; ++i) {
    if (!a[i].dropped && LeetLetter(a[i].cp) != 0) {
      a[i].cp = LeetLetter(a[i].cp);
      a[i].classes = kLetter;
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
  if (identity_) {
    return Span{CharacterStart(original_, span.start),
                CharacterEnd(original_, span.end)};
  }
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
  if (!NeedsWork(text, options)) return result;

  std::vector<Atom> atoms = FoldText(text, options.diacritics);
  if (options.separators) DropSeparators(options.leet, &atoms);
  if (options.leet || options.homoglyphs) {
    size_t begin = 0;
    for (size_t i = 0; i <= atoms.size(); ++i) {
      const bool word =
          i < atoms.size() && (atoms[i].dropped || atoms[i].in_word());
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
    size_t next = pos;
    if (IsIgnorable(Decode(pattern, &next))) {
      // Texts lose these before matching (step 1), so must patterns: a
      // Persian name written with its zero-width non-joiner would match
      // nothing. An empty group keeps a quantifier after it well-formed.
      pos = next;
      if (pos < pattern.size() && std::string_view("?*+{").find(pattern[pos]) !=
                                      std::string_view::npos) {
        out += "(?:)";
      }
      continue;
    }
    AppendFoldedLiteral(pattern, &pos, fold_diacritics, &out);
  }
  return out;
}

}  // namespace wildwatch::rules
