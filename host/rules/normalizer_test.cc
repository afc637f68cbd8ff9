#include "host/rules/normalizer.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace wildwatch::rules {
namespace {

std::string Norm(std::string_view text, NormalizeOptions options = {}) {
  return std::string(Normalize(text, options).text());
}

bool IsBoundary(std::string_view text, uint32_t at) {
  return at == text.size() ||
         (at < text.size() &&
          (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80);
}

TEST(NormalizerTest, PlainAsciiIsTheTextItself) {
  const std::string text = "Selling tiger claw, $120 for 3 kg";
  NormalizedText n = Normalize(text, {});
  EXPECT_TRUE(n.identity());
  EXPECT_EQ(n.text().data(), text.data());
}

TEST(NormalizerTest, EvasionFormsFoldToTheWord) {
  for (const char* evasion :
       {"1v0ry", "iv0ry", "i.v.o.r.y", "i v o r y", "i-v-o-r-y", "i_v_o_r_y",
        "i*v*o*r*y", "i\u200Bvory", "iv\u00ADory",
        "\uFF49\uFF56\uFF4F\uFF52\uFF59", "\u0456v\u043Er\u0443",
        "\U0001D422vory", "IVORY"}) {
    std::string folded = Norm(std::string("selling ") + evasion + " now");
    for (char& c : folded) c = static_cast<char>(std::tolower(c));
    EXPECT_EQ(folded, "selling ivory now") << evasion;
  }
}

TEST(NormalizerTest, PricesAndQuantitiesAreNotMangled) {
  for (const char* text : {"$120", "3 kg", "3kg", "rm150", "covid19",
                           "usd 2000", "10cm x 4cm", "call 0812345"}) {
    EXPECT_EQ(Norm(text), text);
  }
}

TEST(NormalizerTest, CyrillicOnlyWordsStayCyrillic) {
  EXPECT_EQ(Norm("\u0441\u043B\u043E\u043D\u043E\u0432\u0430\u044F "
                 "\u043A\u043E\u0441\u0442\u044C"),
            "\u0441\u043B\u043E\u043D\u043E\u0432\u0430\u044F "
            "\u043A\u043E\u0441\u0442\u044C");
  // Mixed with Latin: folded.
  EXPECT_EQ(Norm("tig\u0435r"), "tiger");
}

TEST(NormalizerTest, OptOutsKeepTheForm) {
  NormalizeOptions exact;
  exact.leet = exact.separators = exact.homoglyphs = false;
  EXPECT_EQ(Norm("a1b3c", exact), "a1b3c");
  EXPECT_EQ(Norm("x-y-z", exact), "x-y-z");
  EXPECT_EQ(Norm("tig\u0435r", exact), "tig\u0435r");
}

TEST(NormalizerTest, DiacriticsOnlyWhenAsked) {
  EXPECT_EQ(Norm("ng\u00E0 voi"), "ng\u00E0 voi");
  NormalizeOptions fold;
  fold.diacritics = true;
  EXPECT_EQ(Norm("ng\u00E0 voi", fold), "nga voi");
  EXPECT_EQ(Norm("nga\u0300 voi"), "ng\u00E0 voi");  // NFC composed.
}

TEST(NormalizerTest, SpansMapBackToTheOriginalPiece) {
  const std::string text = "x i.v.o.r.y \uFF49\uFF56 stra\u00DFe";
  NormalizedText n = Normalize(text, {});
  const std::string_view folded = n.text();
  const size_t at = folded.find("ivory");
  ASSERT_NE(at, std::string_view::npos);
  const Span original =
      n.ToOriginal({static_cast<uint32_t>(at), static_cast<uint32_t>(at + 5)});
  EXPECT_EQ(text.substr(original.start, original.end - original.start),
            "i.v.o.r.y");
  const size_t ss = folded.find("strasse");
  ASSERT_NE(ss, std::string_view::npos);
  const Span street =
      n.ToOriginal({static_cast<uint32_t>(ss), static_cast<uint32_t>(ss + 7)});
  EXPECT_EQ(text.substr(street.start, street.end - street.start),
            "stra\u00DFe");
}

// Property: for random texts, every span maps to UTF-8 boundaries of the
// original, in order.
TEST(NormalizerTest, RandomSpansMapToCharacterBoundaries) {
  const std::vector<std::string> pieces = {
      "a",      "B",          "1",      "0",      "$",      "!",
      " ",      ".",          "-",      "\u0430", "\u03BF", "\u00DF",
      "\uFB01", "\u200B",     "\u00AD", "\u0301", "\u8C61", "\u0E02",
      "\xFF",   "\U0001D422", "\uFF49", "\u00E0", "\n"};
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    for (const bool diacritics : {false, true}) {
      NormalizeOptions options;
      options.diacritics = diacritics;
      NormalizedText folded = Normalize(text, options);
      const uint32_t size = static_cast<uint32_t>(folded.text().size());
      for (uint32_t s = 0; s <= size; ++s) {
        for (uint32_t e = s; e <= size; ++e) {
          const Span o = folded.ToOriginal({s, e});
          ASSERT_LE(o.start, o.end) << text;
          ASSERT_LE(o.end, text.size()) << text;
          ASSERT_TRUE(IsBoundary(text, o.start)) << text;
          ASSERT_TRUE(IsBoundary(text, o.end)) << text;
        }
      }
    }
  }
}

// Every code point on its own folds exactly as utf8proc's NFKC + case
// folding (+ mark stripping) says, whichever path Normalize takes for it:
// most characters skip utf8proc there, so this pins the shortcut to the
// reference over the whole code space.
TEST(NormalizerTest, EachCodePointFoldsAsUtf8procSays) {
  NormalizeOptions options;
  options.leet = options.separators = options.homoglyphs = false;
  for (const bool diacritics : {false, true}) {
    options.diacritics = diacritics;
    int flags = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
    if (diacritics) flags |= UTF8PROC_STRIPMARK;
    int mismatches = 0;
    for (utf8proc_int32_t cp = 0x80; cp <= 0x10FFFF; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // Not encodable.
      utf8proc_uint8_t bytes[4];
      const std::string text(reinterpret_cast<const char*>(bytes),
                             utf8proc_encode_char(cp, bytes));
      utf8proc_uint8_t* mapped = nullptr;
      const utf8proc_ssize_t n =
          utf8proc_map(bytes, static_cast<utf8proc_ssize_t>(text.size()),
                       &mapped, static_cast<utf8proc_option_t>(flags));
      ASSERT_GE(n, 0) << std::hex << cp;
      const std::string expected(reinterpret_cast<const char*>(mapped), n);
      std::free(mapped);
      const std::string actual = Norm(text, options);
      // Zero-width and bidi controls are removed before folding.
      if (actual.empty() && expected == text) continue;
      if (actual != expected && ++mismatches <= 5) {
        ADD_FAILURE() << "U+" << std::hex << cp << " diacritics " << diacritics;
      }
    }
    EXPECT_EQ(mismatches, 0);
  }
}

// Normalize returns most texts untouched without folding them. A zero-width
// space at the end changes nothing else but always takes the full path, so
// the two must agree on every text.
TEST(NormalizerTest, UntouchedTextsAgreeWithTheFullPath) {
  const std::vector<std::string> pieces = {
      "a",      "v",         "I",      "0",      "1",      "3",       "2",
      "9",      "$",         "@",      "!",      "|",      " ",       ".",
      "-",      "_",         "*",      ",",      "\u00E9", "e\u0301", "\u0430",
      "\u03BF", "\u8C61",    "\u7259", "\u0E02", "\u0E34", "\u0E38",  "\u0E48",
      "\u0E33", "\u1100",    "\u1161", "\uAC00", "\u0661", "\xFF",    "\xE8",
      "\uFF49", "\U0001F418"};
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    NormalizeOptions options;
    options.leet = rng() % 4 != 0;
    options.separators = rng() % 4 != 0;
    options.homoglyphs = rng() % 4 != 0;
    options.diacritics = rng() % 2 == 0;
    ASSERT_EQ(Norm(text, options), Norm(text + "\u200B", options))
        << text << " " << options.ToString();
  }
}

TEST(NormalizePatternTest, FoldsLiteralsButNotEscapesOrClasses) {
  EXPECT_EQ(NormalizePattern("\\bivory\\b", false), "\\bivory\\b");
  EXPECT_EQ(NormalizePattern("stra\u00DFe+", false), "stra(?:ss)e+");
  EXPECT_EQ(NormalizePattern("ng\u00E0", true), "nga");
  EXPECT_EQ(NormalizePattern("[\u00E0]\\x{00e0}", true), "[\u00E0]\\x{00e0}");
  EXPECT_EQ(NormalizePattern("\uFF0B", false), "\\+");
}

TEST(NormalizePatternTest, DropsTheControlsTextsLose) {
  // "rhino horn" in Persian, written with a zero-width non-joiner.
  EXPECT_EQ(
      NormalizePattern("\u0646\u0648\u06A9\u200C\u0634\u0627\u062E", false),
      "\u0646\u0648\u06A9\u0634\u0627\u062E");
  EXPECT_EQ(NormalizePattern("ivo\u200Bry\u00AD?", false), "ivory(?:)?");
}

}  // namespace
}  // namespace wildwatch::rules
