#include "host/rules/literal_scanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace wildwatch::rules {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

std::vector<int> Scan(const LiteralScanner& scanner, std::string_view text) {
  std::vector<int> found = {-1};  // Scan must replace, not append.
  scanner.Scan(text, &found);
  return found;
}

std::string AsciiLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The reference: every literal looked for on its own.
std::vector<int> NaiveScan(const std::vector<std::string>& literals,
                           std::string_view text) {
  const std::string lower = AsciiLower(std::string(text));
  std::vector<int> found;
  for (size_t i = 0; i < literals.size(); ++i) {
    if (lower.find(literals[i]) != std::string::npos) {
      found.push_back(static_cast<int>(i));
    }
  }
  return found;
}

TEST(LiteralScannerTest, EmptyScannerFindsNothing) {
  LiteralScanner scanner;
  EXPECT_THAT(Scan(scanner, "anything at all"), IsEmpty());
  EXPECT_EQ(scanner.state_count(), 1u);
}

TEST(LiteralScannerTest, EmptyTextFindsNothing) {
  LiteralScanner scanner({"abc"});
  EXPECT_THAT(Scan(scanner, ""), IsEmpty());
}

TEST(LiteralScannerTest, FindsOverlappingAndNestedLiterals) {
  // The textbook case: "she" ends inside "ushers" where "he" and "hers"
  // also end, reachable only through failure and dictionary links.
  LiteralScanner scanner({"he", "she", "his", "hers"});
  EXPECT_THAT(Scan(scanner, "ushers"), UnorderedElementsAre(0, 1, 3));
  EXPECT_THAT(Scan(scanner, "this"), UnorderedElementsAre(2));
  EXPECT_THAT(Scan(scanner, "sh"), IsEmpty());
}

TEST(LiteralScannerTest, MatchesAsciiCaseInsensitively) {
  LiteralScanner scanner({"ivory", "rhino horn"});
  EXPECT_THAT(Scan(scanner, "Carved IVORY and Rhino Horn"),
              UnorderedElementsAre(0, 1));
}

TEST(LiteralScannerTest, MatchesNonAsciiBytesExactly) {
  LiteralScanner scanner({"象牙", "ελέφαντας"});
  EXPECT_THAT(Scan(scanner, "出售象牙制品"), UnorderedElementsAre(0));
  // Non-ASCII case is the caller's business: upper-case Greek differs.
  EXPECT_THAT(Scan(scanner, "ΕΛΈΦΑΝΤΑΣ"), IsEmpty());
  EXPECT_THAT(Scan(scanner, "ο ελέφαντας"), UnorderedElementsAre(1));
}

TEST(LiteralScannerTest, ReportsEqualLiteralsAndEachOnce) {
  LiteralScanner scanner({"tiger", "bone", "tiger"});
  EXPECT_THAT(Scan(scanner, "tiger bone, tiger bone, TIGER"),
              UnorderedElementsAre(0, 1, 2));
}

TEST(LiteralScannerTest, ReportsSuffixesOfLiteralsSeenAlone) {
  // "he" is reported on its own first, then again at the end of "she":
  // the walk along the suffix chain must still report "she".
  LiteralScanner scanner({"he", "she", "ushe"});
  EXPECT_THAT(Scan(scanner, "he she"), UnorderedElementsAre(0, 1));
  EXPECT_THAT(Scan(scanner, "she he ushe"), UnorderedElementsAre(0, 1, 2));
}

TEST(LiteralScannerTest, HandlesEveryByteValue) {
  std::string all;
  for (int c = 1; c < 256; ++c) {
    if (c < 'A' || c > 'Z') all.push_back(static_cast<char>(c));
  }
  LiteralScanner scanner({all, std::string(1, '\0') + "x"});
  EXPECT_THAT(Scan(scanner, "--" + all + "--"), UnorderedElementsAre(0));
  EXPECT_THAT(Scan(scanner, std::string("a\0X", 3)), UnorderedElementsAre(1));
}

// Random literals over a small alphabet share many prefixes and suffixes,
// which exercises the failure links; every dense budget, from the root
// alone to the whole automaton, must give the naive answer.
TEST(LiteralScannerTest, AgreesWithNaiveSearchForEveryDenseBudget) {
  std::mt19937 rng(20240611);
  const std::string alphabet = "abcdeé ";
  auto random_string = [&](int min_length, int max_length) {
    std::string s;
    const int length =
        std::uniform_int_distribution<int>(min_length, max_length)(rng);
    for (int i = 0; i < length; ++i) {
      s.push_back(alphabet[rng() % alphabet.size()]);
    }
    return s;
  };
  std::vector<std::string> literals;
  for (int i = 0; i < 300; ++i) literals.push_back(random_string(1, 6));
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) {
    std::string text = random_string(0, 80);
    if (i % 2 == 0) {
      std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      });
    }
    texts.push_back(text);
  }
  for (size_t dense_bytes : {size_t{0}, size_t{4096}, size_t{1} << 30}) {
    LiteralScanner scanner(literals, dense_bytes);
    if (dense_bytes == 0) {
      EXPECT_EQ(scanner.dense_state_count(), 1u);
    }
    if (dense_bytes == size_t{1} << 30) {
      EXPECT_EQ(scanner.dense_state_count(), scanner.state_count());
    }
    for (const std::string& text : texts) {
      EXPECT_THAT(Scan(scanner, text),
                  UnorderedElementsAreArray(NaiveScan(literals, text)))
          << "text '" << text << "', dense_bytes " << dense_bytes;
    }
  }
}

}  // namespace
}  // namespace wildwatch::rules
