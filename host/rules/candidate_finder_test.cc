#include "host/rules/candidate_finder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "host/rules/normalizer.h"
#include "host/rules/pattern_pool.h"

namespace wildwatch::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int64_t kPatternMem = int64_t{8} << 20;
constexpr int64_t kFinderMem = int64_t{256} << 20;

// A pool of patterns, all registered with one finder, compiled.
class Finder {
 public:
  explicit Finder(const std::vector<std::string>& patterns,
                  int64_t max_mem = kFinderMem)
      : pool_(kPatternMem), finder_(&pool_, max_mem) {
    for (const std::string& pattern : patterns) {
      std::string error;
      const int id = pool_.Add(pattern, &error);
      EXPECT_GE(id, 0) << pattern << ": " << error;
      finder_.Add(id);
    }
    status_ = finder_.Compile();
  }

  const Status& status() const { return status_; }
  const CandidateFinder::Stats& stats() const { return finder_.stats(); }

  std::vector<int> Find(std::string_view text) const {
    std::vector<int> ids = {-1};  // Find must replace, not append.
    finder_.Find(text, &ids);
    return ids;
  }

  // How many candidates Find confirms with RE2 on text.
  size_t Confirmed(std::string_view text) const {
    std::vector<int> ids;
    CandidateFinder::FindCounts counts;
    finder_.Find(text, CandidateFinder::TextCase::kAsIs, &ids, &counts);
    return counts.confirmed;
  }

  // Find on text case folded by Normalize (and nothing else), told so.
  std::vector<int> FindFolded(std::string_view text) const {
    const NormalizedText folded = Normalize(
        text, {.leet = false, .separators = false, .homoglyphs = false});
    std::vector<int> ids = {-1};
    finder_.Find(folded.text(), CandidateFinder::TextCase::kFolded, &ids);
    return ids;
  }

 private:
  PatternPool pool_;
  CandidateFinder finder_;
  Status status_;
};

TEST(CandidateFinderTest, NoPatternsFindNothing) {
  Finder finder({});
  ASSERT_TRUE(finder.status().ok()) << finder.status().ToString();
  EXPECT_THAT(finder.Find("ivory"), IsEmpty());
}

TEST(CandidateFinderTest, EmptyTextMatchesNothing) {
  Finder finder({R"(\bivory\b)", R"(\d{3}-\d{4})"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_THAT(finder.Find(""), IsEmpty());
}

TEST(CandidateFinderTest, PatternsWithAtomsAreFilteredAndConfirmed) {
  Finder finder({R"(\bivory\s+(?:bangle|carving)s?\b)", R"(rhino\s+horn)",
                 R"(\bgrey\s+parrots?\b)"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_EQ(finder.stats().unfiltered, 0u);
  EXPECT_EQ(finder.stats().shards, 0u);
  EXPECT_GE(finder.stats().atoms, 3u);
  EXPECT_THAT(finder.Find("Antique IVORY   Carvings, pm me"), ElementsAre(0));
  EXPECT_THAT(finder.Find("rhino horn and a grey parrot"), ElementsAre(1, 2));
  // Every atom present, yet no pattern matches: confirmation must say no.
  EXPECT_THAT(finder.Find("ivory; bangle; rhino-horn; greyparrot"), IsEmpty());
}

TEST(CandidateFinderTest, EveryAtomOfATermMustBePresent) {
  // Twenty patterns share "island" and "live": a shared prefilter tree
  // drops an atom guarding that many patterns and lets all of them
  // through on "live" alone. Each must wait for its own name.
  std::vector<std::string> patterns;
  for (char c = 'a'; c < 'a' + 20; ++c) {
    patterns.push_back(std::string(R"(\bisland\s+gecko)") + c + c + c +
                       R"(\s+(?:live|bones?)\b)");
  }
  Finder finder(patterns);
  ASSERT_TRUE(finder.status().ok());
  EXPECT_EQ(finder.Confirmed("live geckos from the island, bones too"), 0u);
  EXPECT_EQ(finder.Confirmed("Island geckoccc, island geckoddd"), 0u);
  EXPECT_EQ(finder.Confirmed("island geckoccc live"), 1u);
  EXPECT_THAT(finder.Find("ISLAND GECKOCCC LIVE"), ElementsAre(2));
}

TEST(CandidateFinderTest, AlternativePhrasesAreTermsOfTheirOwn) {
  Finder finder({R"(tiger\s+bone|ivory\s+carving)"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_EQ(finder.stats().terms, 2u);
  EXPECT_EQ(finder.Confirmed("tiger carving"), 0u);
  EXPECT_EQ(finder.Confirmed("ivory bone"), 0u);
  EXPECT_THAT(finder.Find("old IVORY carving"), ElementsAre(0));
  EXPECT_THAT(finder.Find("Tiger  Bone"), ElementsAre(0));
}

TEST(CandidateFinderTest, ManyAlternativesEndInALooserTerm) {
  std::string pattern;
  std::vector<std::string> phrases;
  for (char c = 'a'; c < 'a' + 3 * CandidateFinder::kMaxTerms; ++c) {
    phrases.push_back(std::string("word") + c + " other" + c);
    pattern +=
        std::string(pattern.empty() ? "" : "|") + "word" + c + "\\s+other" + c;
  }
  Finder finder({pattern});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_LE(finder.stats().terms, size_t{CandidateFinder::kMaxTerms} + 1);
  for (const std::string& phrase : phrases) {
    EXPECT_THAT(finder.Find("x " + phrase + " x"), ElementsAre(0)) << phrase;
  }
  EXPECT_THAT(finder.Find("worda otherb"), IsEmpty());
}

TEST(CandidateFinderTest, AtomsOfUnknownCharactersAreTakenAsPresent) {
  // U+0378 is unassigned: utf8proc cannot fold it, so its atom cannot be
  // looked for, and the pattern is tried on every text.
  Finder finder({"\u0378abc", R"(\bivory\b)"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_EQ(finder.stats().unfiltered, 1u);
  EXPECT_THAT(finder.Find("x\u0378ABC ivory"), ElementsAre(0, 1));
  EXPECT_THAT(finder.Find("abc"), IsEmpty());
}

TEST(CandidateFinderTest, PatternsWithoutAtomsGoToSetShards) {
  Finder finder({R"(\d{3}-\d{4})", R"(\bivory\b)", R"(x\d\dy)"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_EQ(finder.stats().unfiltered, 2u);
  EXPECT_EQ(finder.stats().shards, 1u);
  EXPECT_THAT(finder.Find("call 555-1234 about the X12Y ivory"),
              ElementsAre(0, 1, 2));
  EXPECT_THAT(finder.Find("call 55-1234"), IsEmpty());
}

TEST(CandidateFinderTest, ManyUnfilteredPatternsAreSplitIntoShards) {
  std::vector<std::string> patterns;
  for (int i = 0; i < 300; ++i) {
    // Distinct texts (the pool interns equal ones), none with a literal.
    patterns.push_back("[a-" + std::string(1, static_cast<char>('f' + i / 20)) +
                       "]\\d{" + std::to_string(1 + i % 20) + "}[g-" +
                       std::string(1, static_cast<char>('g' + i % 20)) + "]");
  }
  Finder finder(patterns);
  ASSERT_TRUE(finder.status().ok());
  EXPECT_EQ(finder.stats().unfiltered, patterns.size());
  EXPECT_GT(finder.stats().shards, 1u);
  // "a" + 5 digits + "g" is matched by every pattern with 5 digits (its
  // class always holds g) and no other.
  std::vector<int> expected;
  for (int i = 0; i < 300; ++i) {
    if (1 + i % 20 == 5) expected.push_back(i);
  }
  EXPECT_EQ(finder.Find("zz A12345G zz"), expected);
}

TEST(CandidateFinderTest, TooSmallBudgetForShardsIsResourceExhausted) {
  Finder finder({R"(\d{3}-\d{4})"}, /*max_mem=*/1024);
  EXPECT_EQ(finder.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(finder.status().message(), HasSubstr("max_candidate_mem"));
}

TEST(CandidateFinderTest, FilteredPatternsNeedNoShardBudget) {
  Finder finder({R"(\bivory\b)"}, /*max_mem=*/1024);
  ASSERT_TRUE(finder.status().ok());
  EXPECT_THAT(finder.Find("IVORY"), ElementsAre(0));
}

TEST(CandidateFinderTest, NonAsciiTextMatchesCaseInsensitively) {
  Finder finder({"ελεφαντας", "象牙", R"(\bmarfil\b)", "słoniowa",
                 "Elfenbeinschnitzerei", "черепаха"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_THAT(finder.Find("ΕΛΕΦΑΝΤΑΣ"), ElementsAre(0));
  // Σ, σ and ς are one letter to RE2: the final form must not hide it.
  EXPECT_THAT(finder.Find("ελεφαντασ"), ElementsAre(0));
  EXPECT_THAT(finder.Find("出售象牙"), ElementsAre(1));
  EXPECT_THAT(finder.Find("¡MARFIL!"), ElementsAre(2));
  EXPECT_THAT(finder.Find("KOŚĆ SŁONIOWA"), ElementsAre(3));
  EXPECT_THAT(finder.Find("ЧЕРЕПАХА"), ElementsAre(5));
  EXPECT_THAT(finder.Find("ελεφαντ"), IsEmpty());
}

TEST(CandidateFinderTest, NonAsciiCaseVariantsOfAsciiLetters) {
  // The Kelvin sign K (U+212A) folds with k, and the long s (U+017F) with
  // s: text in either must reach the ASCII atoms.
  Finder finder({"kiosk", "bones"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_THAT(finder.Find("\u212Aiosk"), ElementsAre(0));
  EXPECT_THAT(finder.Find("bone\u017F"), ElementsAre(1));
}

TEST(CandidateFinderTest, FoldedTextGivesTheSameAnswers) {
  // Dotless i is its own case-folded form, yet RE2 does not equate it with
  // i while the atoms' representative turns it into i; Cherokee folds to
  // its capitals, which the representative turns into small letters.
  Finder finder({"ελεφαντας", "象牙", R"(\bmarfil\b)", "słoniowa", "kiosk",
                 "kapı", "ıvory", "ᏣᎳᎩ"});
  ASSERT_TRUE(finder.status().ok());
  for (std::string_view text :
       {"ΕΛΕΦΑΝΤΑΣ", "ελεφαντασ", "出售象牙", "¡MARFIL!", "KOŚĆ SŁONIOWA",
        "\u212Aiosk", "KAPI", "kapı", "KAPİ", "ıvory", "ivory", "ᏣᎳᎩ",
        "ꮳꮃꭹ", "\xce ΕΛΕΦΑΝΤΑΣ\xc3\xc4", "\xe1\x8e"}) {
    EXPECT_EQ(finder.FindFolded(text), finder.Find(text)) << text;
  }
  EXPECT_THAT(finder.FindFolded("ΚΑΠΙ ΚΑΡΙ kapı"), ElementsAre(5));
  EXPECT_THAT(finder.FindFolded("ꮳꮃꭹ"), ElementsAre(7));
}

// The premise of TextCase::kFolded: among the characters full case folding
// (with NFKC, as Normalize does) leaves alone, the only ones whose case
// representative (lower(upper(c)), as the atoms are folded) differs are
// dotless i and the Cherokee capitals, which Find looks for.
TEST(CandidateFinderTest,
     FoldedTextDiffersFromRepresentativesOnlyWhereChecked) {
  const auto options = static_cast<utf8proc_option_t>(
      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
  for (utf8proc_int32_t c = 0x80; c < 0x110000; ++c) {
    if (!utf8proc_codepoint_valid(c)) continue;
    const utf8proc_int32_t representative =
        utf8proc_tolower(utf8proc_toupper(c));
    if (representative == c || c == 0x131 || (c >= 0x13A0 && c <= 0x13F5)) {
      continue;
    }
    utf8proc_uint8_t encoded[4];
    const utf8proc_ssize_t length = utf8proc_encode_char(c, encoded);
    utf8proc_uint8_t* folded = nullptr;
    const utf8proc_ssize_t folded_length =
        utf8proc_map(encoded, length, &folded, options);
    const bool fixed = folded_length == length &&
                       std::equal(encoded, encoded + length, folded);
    std::free(folded);
    EXPECT_FALSE(fixed) << "U+" << std::hex << c;
  }
}

TEST(CandidateFinderTest, InvalidUtf8DoesNotHideMatches) {
  Finder finder({"ivory", "ελεφαντας"});
  ASSERT_TRUE(finder.status().ok());
  EXPECT_THAT(finder.Find("\xff\xfe IVORY \xe2\x84"), ElementsAre(0));
  EXPECT_THAT(finder.Find("\xce ΕΛΕΦΑΝΤΑΣ\xc3"), ElementsAre(1));
}

TEST(CandidateFinderTest, HugeText) {
  Finder finder({R"(\bpangolin\s+scales?\b)", R"(\d{3}-\d{4})", "犀角"});
  ASSERT_TRUE(finder.status().ok());
  std::string text(16 << 20, 'a');
  for (size_t i = 0; i < text.size(); i += 61) text[i] = ' ';
  EXPECT_THAT(finder.Find(text), IsEmpty());
  text.replace(0, 15, "Pangolin Scale ");
  text.replace(text.size() - 9, 9, "犀角 ");
  EXPECT_THAT(finder.Find(text), ElementsAre(0, 2));
}

TEST(CandidateFinderTest, ConcurrentFindsAgree) {
  Finder finder({R"(\bivory\b)", "ελεφαντας", R"(\d{3}-\d{4})", "tiger bone"});
  ASSERT_TRUE(finder.status().ok());
  const std::vector<std::string> texts = {"IVORY 555-1234", "ΕΛΕΦΑΝΤΑΣ",
                                          "tiger bone ivory", "nothing"};
  std::vector<std::vector<int>> expected;
  for (const std::string& text : texts) expected.push_back(finder.Find(text));
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const size_t k = (i + t) % texts.size();
        if (finder.Find(texts[k]) != expected[k]) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ElementsAre(0, 0, 0, 0));
  EXPECT_THAT(expected[0], ElementsAre(0, 2));
}

}  // namespace
}  // namespace wildwatch::rules
