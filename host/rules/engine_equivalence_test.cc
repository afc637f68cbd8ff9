// The prefiltered engine against the obvious one: for random pattern sets
// and random posts (fixed seeds), CandidateFinder must return exactly the
// patterns that one case-insensitive RE2 per pattern says match, and
// RuleSet::Match exactly the hits and spans of evaluating every rule
// pattern by pattern. The naive reference lives here only.
//
// RuleSet::Match runs its patterns on a normalised text (normalizer.h),
// which a bare RE2 does not reproduce beyond ASCII, so its comparison uses
// the ASCII words and no leetspeak-looking filler; CandidateFinder gets the
// whole vocabulary.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "host/rules/candidate_finder.h"
#include "host/rules/pattern_pool.h"
#include "host/rules/rule_set.h"

namespace wildwatch::rules {
namespace {

// A word and how it looks in capitals; some upper forms exercise the case
// orbits RE2 knows beyond ASCII (ẞ/ß, the Kelvin sign, final sigma).
struct Word {
  const char* lower;
  const char* upper;
};

constexpr Word kWords[] = {
    {"ivory", "IVORY"},
    {"rhino", "RHINO"},
    {"horn", "HORN"},
    {"tiger", "TIGER"},
    {"bone", "BONE"},
    {"bones", "BONE\u017F"},
    {"pangolin", "PANGOLIN"},
    {"scales", "SCALES"},
    {"parrot", "PARROT"},
    {"grey", "GREY"},
    {"turtle", "TURTLE"},
    {"shell", "SHELL"},
    {"kiosk", "\u212AIOSK"},
    {"sale", "SALE"},
    {"live", "LIVE"},
    {"de", "DE"},
    {"ou", "OU"},
    {"ελεφαντας", "ΕΛΕΦΑΝΤΑΣ"},
    {"ελεφαντασ", "ΕΛΕΦΑΝΤΑΣ"},
    {"черепаха", "ЧЕРЕПАХА"},
    {"słoniowa", "SŁONIOWA"},
    {"rhinocéros", "RHINOCÉROS"},
    {"große", "GROẞE"},
    {"istanbul", "İSTANBUL"},
    {"ıslak", "ISLAK"},
    {"象牙", "象牙"},
    {"犀角", "犀角"},
    {"穿山甲", "穿山甲"},
    {"งาช้าง", "งาช้าง"},
    {"sừng", "SỪNG"},
    // Single Han characters: three-byte atoms, found in most CJK text.
    {"象", "象"},
    {"龟", "龟"},
    // U+0378 is unassigned: an atom holding it is taken as present.
    {"\u0378ab", "\u0378AB"},
};

// Filler that no pattern is built from.
constexpr const char* kFiller[] = {
    "the",      "price", "for",  "with", "good", "new", "please",
    "pm",       "me",    "€",    "🐘",    "??",   ",",   "555-1234",
    "ab12",     "x99",   "cena", "très", "日本", "ok",  "\xff",
    "\xe2\x84", "ş",     "Ω",    "ΣΣ"};

class Generator {
 public:
  // ascii_only: draw only the words (and filler) that are plain ASCII in
  // both cases.
  Generator(uint32_t seed, bool ascii_only) : rng_(seed) {
    for (const Word& word : kWords) {
      if (!ascii_only || (IsAscii(word.lower) && IsAscii(word.upper))) {
        words_.push_back(&word);
      }
    }
    for (const char* filler : kFiller) {
      if (!ascii_only || IsAscii(filler)) filler_.push_back(filler);
    }
  }

  int Uniform(size_t n) {
    return std::uniform_int_distribution<int>(0, static_cast<int>(n) - 1)(rng_);
  }

  // A word as a pattern writes it: either case, the pattern is
  // case-insensitive anyway.
  std::string PatternWord() {
    const Word& word = *words_[Uniform(words_.size())];
    return Uniform(4) == 0 ? word.upper : word.lower;
  }

  // Alternatives of two words each, as a top-level alternation.
  std::string Phrases(int count) {
    std::string pattern;
    for (int i = 0; i < count; ++i) {
      if (i > 0) pattern += '|';
      pattern +=
          PatternWord() + (Uniform(2) == 0 ? "\\s+" : "\\W*") + PatternWord();
    }
    return pattern;
  }

  std::string Pattern() {
    switch (Uniform(14)) {
      case 0:
        return PatternWord();
      case 1:
        return "\\b" + PatternWord() + "\\b";
      case 2:
        return "(?:" + PatternWord() + "|" + PatternWord() + ")\\s+" +
               PatternWord();
      case 3:
        return PatternWord() + "\\s*" + PatternWord() + "s?";
      case 4:
        return PatternWord() + ".{0,12}" + PatternWord();
      case 5:
        return "\\d{3}-\\d{4}";
      case 6:
        return "\\b[a-z]{2}\\d{2,4}\\b";
      case 7:
        return PatternWord() + "|" + PatternWord();
      case 8: {
        // One ASCII letter turned into a class or made optional.
        std::string word = PatternWord();
        const size_t at = static_cast<size_t>(Uniform(word.size()));
        if (static_cast<unsigned char>(word[at]) >= 0x80) return word;
        return word.substr(0, at) + "[" + word[at] + "x]" +
               (Uniform(2) == 0 ? "?" : "") + word.substr(at + 1);
      }
      case 9:
        return "\\b" + PatternWord() + "\\W+" + PatternWord() + "\\b";
      case 10:
        return "x\\d\\d";
      case 11:
        return Phrases(2 + Uniform(3));
      case 12:
        // More alternatives than a condition keeps exact terms for.
        return Phrases(CandidateFinder::kMaxTerms + 1 + Uniform(8));
      default:
        return PatternWord() + "\\s+(?:" + PatternWord() + "|" + PatternWord() +
               ")";
    }
  }

  std::string Text() {
    std::string text;
    const int words = Uniform(60);
    for (int i = 0; i < words; ++i) {
      if (!text.empty() && Uniform(8) != 0) text += ' ';
      if (Uniform(3) == 0) {
        text += filler_[Uniform(filler_.size())];
        continue;
      }
      const Word& word = *words_[Uniform(words_.size())];
      switch (Uniform(3)) {
        case 0:
          text += word.lower;
          break;
        case 1:
          text += word.upper;
          break;
        default: {
          // Mixed case, ASCII letters only.
          std::string mixed = word.lower;
          for (char& c : mixed) {
            if (c >= 'a' && c <= 'z' && Uniform(2) == 0) c = c - 'a' + 'A';
          }
          text += mixed;
        }
      }
    }
    return text;
  }

 private:
  static bool IsAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x80;
    });
  }

  std::mt19937 rng_;
  std::vector<const Word*> words_;
  std::vector<const char*> filler_;
};

RE2::Options NaiveOptions() {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  return options;
}

// Naive reference of RuleSet spans: the non-overlapping matches, left to
// right. The generated patterns never match the empty string.
std::vector<Span> NaiveFindAll(const RE2& re, std::string_view text) {
  std::vector<Span> spans;
  const re2::StringPiece whole(text.data(), text.size());
  size_t pos = 0;
  re2::StringPiece m;
  while (pos <= text.size() &&
         re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    const size_t start = static_cast<size_t>(m.data() - text.data());
    EXPECT_FALSE(m.empty()) << re.pattern();
    if (m.empty()) break;
    spans.push_back(Span{static_cast<uint32_t>(start),
                         static_cast<uint32_t>(start + m.size())});
    pos = start + m.size();
  }
  return spans;
}

class EngineEquivalenceTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(EngineEquivalenceTest, CandidateFinderEqualsOneRegexPerPattern) {
  Generator gen(GetParam(), /*ascii_only=*/false);
  PatternPool pool(int64_t{8} << 20);
  CandidateFinder finder(&pool, int64_t{64} << 20);
  std::vector<std::unique_ptr<RE2>> naive;
  const int pattern_count = 50 + gen.Uniform(400);
  for (int i = 0; i < pattern_count; ++i) {
    std::string error;
    const int id = pool.Add(gen.Pattern(), &error);
    ASSERT_GE(id, 0) << error;
    // Only every other pool pattern is registered, as RuleSet registers
    // only `any` patterns.
    if (id % 2 == 0) finder.Add(id);
    if (id == static_cast<int>(naive.size())) {
      naive.push_back(std::make_unique<RE2>(pool.pattern(id), NaiveOptions()));
      ASSERT_TRUE(naive.back()->ok());
    }
  }
  ASSERT_TRUE(finder.Compile().ok());
  EXPECT_GT(finder.stats().atoms, 0u);
  EXPECT_GT(finder.stats().unfiltered, 0u);
  std::vector<int> found;
  int matched_texts = 0;
  for (int t = 0; t < 400; ++t) {
    const std::string text = gen.Text();
    std::vector<int> expected;
    for (size_t id = 0; id < naive.size(); id += 2) {
      if (RE2::PartialMatch(text, *naive[id])) {
        expected.push_back(static_cast<int>(id));
      }
    }
    finder.Find(text, &found);
    ASSERT_EQ(found, expected) << "text: " << text;
    matched_texts += !expected.empty();
  }
  // The corpus must exercise both answers.
  EXPECT_GT(matched_texts, 40);
  EXPECT_LT(matched_texts, 400);
}

struct NaiveRule {
  std::string id;
  std::vector<std::string> any, all, unless;
};

std::string YamlList(const std::vector<std::string>& patterns) {
  std::string list = "[";
  for (const std::string& p : patterns) {
    list += (list.size() > 1 ? ", '" : "'") + p + "'";
  }
  return list + "]";
}

TEST_P(EngineEquivalenceTest, RuleSetMatchEqualsNaiveEvaluation) {
  Generator gen(GetParam() * 7919u + 1, /*ascii_only=*/true);
  std::vector<NaiveRule> rules;
  std::string yaml = "name: random\ntaxa:\n";
  for (int t = 0; t < 10; ++t) {
    yaml += "  - id: t" + std::to_string(t) + "\n    scientific_name: Taxon t" +
            std::to_string(t) + "\n    appendix: II\n    rules:\n";
    const int rule_count = 1 + gen.Uniform(8);
    for (int r = 0; r < rule_count; ++r) {
      NaiveRule rule;
      rule.id = "t" + std::to_string(t) + "/r" + std::to_string(r);
      for (int i = 1 + gen.Uniform(3); i > 0; --i)
        rule.any.push_back(gen.Pattern());
      for (int i = gen.Uniform(3); i > 0; --i)
        rule.all.push_back(gen.Pattern());
      for (int i = gen.Uniform(2); i > 0; --i)
        rule.unless.push_back(gen.Pattern());
      yaml += "      - id: r" + std::to_string(r) +
              "\n        any: " + YamlList(rule.any) + "\n";
      if (!rule.all.empty())
        yaml += "        all: " + YamlList(rule.all) + "\n";
      if (!rule.unless.empty()) {
        yaml += "        unless: " + YamlList(rule.unless) + "\n";
      }
      rules.push_back(std::move(rule));
    }
  }
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set =
      RuleSet::LoadFromString(yaml, "random.yaml", &diagnostics);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_NE(set, nullptr);

  std::map<std::string, std::unique_ptr<RE2>> compiled;
  const auto naive_re = [&](const std::string& p) -> const RE2& {
    std::unique_ptr<RE2>& re = compiled[p];
    if (re == nullptr) re = std::make_unique<RE2>(p, NaiveOptions());
    return *re;
  };
  int hit_count = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string text = gen.Text();
    std::vector<std::pair<std::string, std::vector<Span>>> expected;
    for (const NaiveRule& rule : rules) {
      const auto matches = [&](const std::string& p) {
        return RE2::PartialMatch(text, naive_re(p));
      };
      if (!std::any_of(rule.any.begin(), rule.any.end(), matches) ||
          !std::all_of(rule.all.begin(), rule.all.end(), matches) ||
          std::any_of(rule.unless.begin(), rule.unless.end(), matches)) {
        continue;
      }
      std::vector<Span> spans;
      for (const auto* list : {&rule.any, &rule.all}) {
        for (const std::string& p : *list) {
          for (const Span& s : NaiveFindAll(naive_re(p), text)) {
            spans.push_back(s);
          }
        }
      }
      std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
      });
      spans.erase(std::unique(spans.begin(), spans.end()), spans.end());
      expected.emplace_back(rule.id, std::move(spans));
    }
    std::vector<std::pair<std::string, std::vector<Span>>> actual;
    for (const Hit& hit : set->Match(text, "")) {
      actual.emplace_back(hit.rule->id, hit.spans);
      ASSERT_EQ(hit.matched.size(), hit.spans.size());
      for (size_t k = 0; k < hit.spans.size(); ++k) {
        EXPECT_EQ(hit.matched[k],
                  text.substr(hit.spans[k].start,
                              hit.spans[k].end - hit.spans[k].start));
      }
    }
    ASSERT_EQ(actual, expected) << "text: " << text;
    hit_count += static_cast<int>(expected.size());
  }
  EXPECT_GT(hit_count, 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, EngineEquivalenceTest,
                         ::testing::Values(1u, 2u, 3u, 42u, 2024u, 99991u));

}  // namespace
}  // namespace wildwatch::rules
