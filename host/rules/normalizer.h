// Text normalisation against evasion, with a map back to the original.
//
// Sellers disguise keywords so that plain regexes miss them: "1V0RY",
// "i.v.o.r.y", "іvory" with a Cyrillic і, "ｉｖｏｒｙ" in full width, a
// zero-width space inside the word. Normalize() folds such a text into the
// form rule patterns are written for, and keeps, for every byte of the
// result, the range of the original bytes it came from, so a match found in
// the normalised text is reported in the post's own coordinates.
//
// The steps, in order (docs/rules.md has the reasoning and examples):
//
//  1. Zero-width and bidi controls are removed: U+00AD, U+200B-U+200F,
//     U+202A-U+202E, U+2060-U+2064, U+FEFF.
//  2. Each grapheme cluster that is not plain ASCII goes through NFKC and
//     full Unicode case folding (utf8proc), and with `diacritics` loses its
//     combining marks ("ngà" -> "nga"). ASCII letters keep their case:
//     patterns match them case-insensitively anyway, and leaving them alone
//     keeps the common all-ASCII post on the fast path.
//  3. With `separators`, single separators ('.', ' ', '-', '_', '*')
//     between three or more single letters are dropped: "i v o r y",
//     "i-v-o-r-y" -> "ivory". A letter is single when no letter or digit
//     touches it apart from the separators.
//  4. The text is cut into words: maximal runs of letters, marks, digits
//     and the symbols @ $ ! |, with those symbols trimmed from both ends
//     (so "ivory!" keeps its "!").
//  5. With `homoglyphs`, a word that mixes Latin letters with Cyrillic or
//     Greek ones has its Latin look-alikes folded (о -> o, ν -> v). A word
//     written entirely in Cyrillic or Greek is left alone, so Russian and
//     Greek patterns still match it.
//  6. With `leet`, a word is read as leetspeak when it looks like a
//     disguised word and not like a quantity or price: at least four
//     characters, more letters than leet characters, no digit outside
//     0 1 3 4 5 7, and no two digits in a row. Then 0->o 1->i 3->e 4->a
//     5->s 7->t @->a $->s !->i |->i. So "1v0ry" and "rh1no" fold, while
//     "$120", "3 kg", "3kg", "rm150" and "covid19" stay as written.
//
// Thread-safe: pure functions over their arguments.

#ifndef WILDWATCH_HOST_RULES_NORMALIZER_H_
#define WILDWATCH_HOST_RULES_NORMALIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/match.h"

namespace wildwatch::rules {

// Which optional steps apply. Steps 1, 2 (without diacritics) and 4 always
// do. A rule chooses its own (`normalize:` in YAML); rules for exact codes
// turn steps off.
struct NormalizeOptions {
  bool leet = true;
  bool separators = true;
  bool homoglyphs = true;
  // Off by default: marks carry meaning in Vietnamese and many other
  // languages ("ngà" ivory, "nga" Russia), so folding them is a rule's
  // explicit choice.
  bool diacritics = false;

  // A dense index 0..kProfileCount-1, to cache one normalised text per
  // profile and post.
  int index() const;
  // The enabled steps, comma-separated ("leet,separators,homoglyphs"), or
  // "none".
  std::string ToString() const;
  friend bool operator==(const NormalizeOptions&,
                         const NormalizeOptions&) = default;
};

inline constexpr int kProfileCount = 16;

// A normalised text and its map back to the original. Movable; the
// original text must outlive it when it is an identity (it then views the
// original instead of copying it).
class NormalizedText {
 public:
  // The text patterns are matched against.
  std::string_view text() const { return identity_ ? original_ : text_; }

  // Whether normalisation changed nothing (text() is the original). Most
  // posts are such: Normalize checks for anything to fold before folding.
  bool identity() const { return identity_; }

  // The original bytes that span of text() came from: from the start of
  // the piece its first byte came from to the end of the piece its last
  // byte came from. A piece is a grapheme cluster that normalisation
  // changed, or else one character (each invalid byte on its own). Always
  // on UTF-8 character boundaries of the original.
  // REQUIRES: span.start <= span.end <= text().size().
  Span ToOriginal(Span span) const;

 private:
  friend NormalizedText Normalize(std::string_view text,
                                  const NormalizeOptions& options);
  bool identity_ = true;
  std::string_view original_;
  std::string text_;
  // For each byte of text_, the original range it came from.
  std::vector<uint32_t> starts_;
  std::vector<uint32_t> ends_;
};

// Normalises text as described above. Invalid UTF-8 bytes are kept as they
// are, one piece each.
NormalizedText Normalize(std::string_view text,
                         const NormalizeOptions& options);

// Normalises the literal characters of an RE2 pattern the way text is
// normalised (step 2: NFKC, case folding, marks with fold_diacritics), so a
// pattern written "ß" or "ﬁ" matches the folded text. Escapes (\x{..},
// \p{..}, \b, ...) and character classes are kept as written; a character
// that folds to several is grouped ("ß" -> "(?:ss)") so a quantifier after
// it still applies to all of it, and a result that is a metacharacter is
// escaped. ASCII patterns come back unchanged.
std::string NormalizePattern(std::string_view pattern, bool fold_diacritics);

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_NORMALIZER_H_
