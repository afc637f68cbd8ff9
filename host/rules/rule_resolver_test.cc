// Format 2: lexicons, terms, references, templates, resolved across files.

#include "host/rules/rule_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/rules/rule_set.h"

namespace wildwatch::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// The start of a one-taxon list, for a test's YAML to add to.
constexpr char kTaxonT[] = R"(taxa:
  - id: t
    scientific_name: T t
    appendix: II
)";

std::shared_ptr<const RuleSet> Compile(const std::vector<RuleSource>& sources,
                                       std::vector<Diagnostic>* diagnostics) {
  std::shared_ptr<const RuleSet> set = RuleSet::Compile(sources, diagnostics);
  EXPECT_EQ(set == nullptr, !diagnostics->empty());
  return set;
}

std::shared_ptr<const RuleSet> MustCompile(
    const std::vector<RuleSource>& sources) {
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set = Compile(sources, &diagnostics);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.ToString();
  return set;
}

std::vector<Diagnostic> Problems(const std::vector<RuleSource>& sources) {
  std::vector<Diagnostic> diagnostics;
  Compile(sources, &diagnostics);
  return diagnostics;
}

std::vector<std::string> HitIds(const RuleSet& set, std::string_view text,
                                const PostContext& context = {}) {
  std::vector<std::string> ids;
  for (const Hit& hit : set.Match(text, context)) ids.push_back(hit.rule->id);
  return ids;
}

std::vector<std::string> Matched(const RuleSet& set, std::string_view text) {
  std::vector<std::string> out;
  for (const Hit& hit : set.Match(text, "")) {
    out.insert(out.end(), hit.matched.begin(), hit.matched.end());
  }
  return out;
}

// A set whose one taxon "t" hits on any term of the lexicon `words`.
std::shared_ptr<const RuleSet> Terms(const std::string& terms_yaml) {
  return MustCompile({{"w.yaml", R"(format: 2
name: w
lexicons:
  - id: words
    terms:
)" + terms_yaml + R"(
)" + std::string(kTaxonT) + R"(    rules:
      - id: r
        any: [$words]
)"}});
}

constexpr char kLexicons[] = R"(format: 2
name: lexicons
lexicons:
  - id: trade/offer
    terms:
      en: [for sale, sell*]
      ru: [продам]
  - id: trade/price
    terms:
      und: [{re: '[$€£]\s?\d+'}]
  - id: products/ivory
    terms:
      en: [ivory, tusk*]
  - id: not-trade
    terms:
      en: [seized]
)";

constexpr char kTemplates[] = R"(format: 2
name: templates
templates:
  - id: standard
    default: true
    rules:
      - id: name
        severity: low
        any: [$names]
        unless: [$not-trade]
      - id: product
        severity: medium
        any: [$names]
        all: [$products]
        unless: [$not-trade]
      - id: offer
        severity: high
        any: [$names, $context-names]
        all: [$products, [$trade, $post:offer]]
        unless: [$not-trade]
)";

constexpr char kTaxa[] = R"(format: 2
name: taxa
taxa:
  - id: loxodonta-africana
    scientific_name: Loxodonta africana
    appendix: I
    names:
      en: [African elephant]
      ru: [африканский слон*]
    context_names:
      en: [jumbo]
    products: [products/ivory]
)";

TEST(RuleResolverTest, TemplatesGiveEveryTaxonTheTiersAndReportTheMostSevere) {
  auto set = MustCompile({{"taxa.yaml", kTaxa},
                          {"lexicons.yaml", kLexicons},
                          {"templates.yaml", kTemplates}});
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->rule_count(), 3u);
  EXPECT_THAT(HitIds(*set, "an African elephant at the zoo"),
              ElementsAre("loxodonta-africana/name"));
  EXPECT_THAT(HitIds(*set, "African elephant ivory bangle"),
              ElementsAre("loxodonta-africana/product"));
  EXPECT_THAT(HitIds(*set, "African-elephant tusks for sale"),
              ElementsAre("loxodonta-africana/offer"));
  // A context name only counts with products and trade.
  EXPECT_THAT(HitIds(*set, "jumbo ivory"), IsEmpty());
  EXPECT_THAT(HitIds(*set, "jumbo ivory, selling"),
              ElementsAre("loxodonta-africana/offer"));
  // $post:offer stands in for trade words.
  EXPECT_THAT(HitIds(*set, "jumbo ivory", PostContext{"", true}),
              ElementsAre("loxodonta-africana/offer"));
  EXPECT_THAT(HitIds(*set, "African elephant ivory seized"), IsEmpty());
  EXPECT_THAT(HitIds(*set, "продам бивни, африканские слоны"), IsEmpty());
  EXPECT_THAT(HitIds(*set, "африканский слон"),
              ElementsAre("loxodonta-africana/name"));
}

TEST(RuleResolverTest, EvidenceIsTheExactTextOfEachTerm) {
  auto set = MustCompile({{"taxa.yaml", kTaxa},
                          {"lexicons.yaml", kLexicons},
                          {"templates.yaml", kTemplates}});
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(Matched(*set, "African  elephant tusks, $ 300"),
              ElementsAre("African  elephant", "tusks", "$ 300"));
}

TEST(RuleResolverTest, PlainTermsAreLiteralWithSpacesStarsAndBoundaries) {
  auto set = Terms(R"(      en: [for sale, sell*, '*elfenbein', t.me/, c/u]
      ru: [слон]
      zh-Hans: [象牙]
      und: ['🐘'])");
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(Matched(*set, "for-sale"), ElementsAre("for-sale"));
  EXPECT_THAT(Matched(*set, "for   sale"), ElementsAre("for   sale"));
  EXPECT_THAT(Matched(*set, "forsale"), IsEmpty());
  EXPECT_THAT(Matched(*set, "sellers"), ElementsAre("sellers"));
  EXPECT_THAT(Matched(*set, "oversell"), IsEmpty());
  EXPECT_THAT(Matched(*set, "Rohelfenbein"), ElementsAre("Rohelfenbein"));
  EXPECT_THAT(Matched(*set, "elfenbeine"), IsEmpty());
  EXPECT_THAT(Matched(*set, "t.me/x"), ElementsAre("t.me/"));
  EXPECT_THAT(Matched(*set, "tame/x"), IsEmpty());  // '.' is a dot.
  EXPECT_THAT(Matched(*set, "c/u ok"), ElementsAre("c/u"));
  // Unicode-aware edges: a Cyrillic word inside another does not match.
  EXPECT_THAT(Matched(*set, "слоны"), IsEmpty());
  EXPECT_THAT(Matched(*set, "СЛОН!"), ElementsAre("СЛОН"));
  // No boundary is needed next to Han.
  EXPECT_THAT(Matched(*set, "出售象牙手镯"), ElementsAre("象牙"));
  // A symbol term has no word edges to check.
  EXPECT_THAT(Matched(*set, "x🐘x"), ElementsAre("🐘"));
}

TEST(RuleResolverTest, ATermIsFoundWhereALongerOneFailsItsBoundary) {
  auto set = Terms(R"(      en: [tiger bone, tiger, tigers])");
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(Matched(*set, "tiger bones"), ElementsAre("tiger"));
  EXPECT_THAT(Matched(*set, "tigerskin"), IsEmpty());
  EXPECT_THAT(Matched(*set, "tigers"), ElementsAre("tigers"));
  // Both terms occur; the evidence shows both.
  EXPECT_THAT(Matched(*set, "tiger-bone"), ElementsAre("tiger", "tiger-bone"));
}

TEST(RuleResolverTest, RawPatternTermsAreUsedAsTheyAre) {
  auto set = Terms(R"(      und: [{re: '\d+\s?kg\b'}])");
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(Matched(*set, "3 kg"), ElementsAre("3 kg"));
  EXPECT_THAT(Matched(*set, "3 kgs"), IsEmpty());
}

// "name" and i in base 26 letters: digits would read as leetspeak.
std::string LetterName(int i) {
  std::string out = "name";
  do {
    out += static_cast<char>('a' + i % 26);
    i /= 26;
  } while (i > 0);
  return out;
}

TEST(RuleResolverTest, ThousandsOfTermsBecomeFewPatternsWithinTheLimit) {
  std::string terms = "      en: [";
  for (int i = 0; i < 3000; ++i) terms += (i ? ", " : "") + LetterName(i);
  auto set = Terms(terms + "]");
  ASSERT_NE(set, nullptr);
  // 3000 terms of 6-8 bytes fit in a handful of 4 KB alternations.
  EXPECT_LE(set->pattern_count(), 10u);
  for (int i = 0; i < 3000; i += 7) {
    EXPECT_THAT(Matched(*set, "a " + LetterName(i) + "."),
                ElementsAre(LetterName(i)));
  }
  EXPECT_THAT(Matched(*set, LetterName(2999) + "x"), IsEmpty());
}

TEST(RuleResolverTest, ReferencesCoverALexiconAndEveryOneBelowIt) {
  auto set = MustCompile({{"r.yaml", R"(format: 2
name: r
lexicons:
  - id: trade
    terms: {en: [wts]}
  - id: trade/offer
    terms: {en: [selling]}
  - id: trade/offer/bulk
    terms: {en: [wholesale]}
  - id: trader
    terms: {en: [merchant]}
)" + std::string(kTaxonT) + R"(    rules:
      - {id: all, any: [$trade]}
      - {id: offer, any: [$trade/offer]}
)"}});
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "wts"), ElementsAre("t/all"));
  EXPECT_THAT(HitIds(*set, "wholesale"), ElementsAre("t/all", "t/offer"));
  EXPECT_THAT(HitIds(*set, "merchant"), IsEmpty());  // Not below "trade".
}

TEST(RuleResolverTest, LaterFilesAppendToOverrideAndIncludeLexicons) {
  const std::string base = R"(format: 2
name: base
lexicons:
  - id: trade/offer
    terms: {en: [selling]}
  - id: colours
    terms: {en: [ivory white]}
  - id: not-trade
    include: [colours]
    terms: {en: [seized]}
)" + std::string(kTaxonT) + R"(    rules:
      - {id: r, any: [tusk], all: [$trade], unless: [$not-trade]}
)";
  const std::string local = R"(format: 2
name: local
lexicons:
  - id: trade/offer
    append: true
    terms: {sw: [inauzwa]}
  - id: colours
    override: true
    terms: {en: [cream]}
)";
  auto set = MustCompile({{"base.yaml", base}, {"local.yaml", local}});
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "tusk selling"), ElementsAre("t/r"));
  EXPECT_THAT(HitIds(*set, "tusk inauzwa"), ElementsAre("t/r"));
  EXPECT_THAT(HitIds(*set, "tusk inauzwa, cream"), IsEmpty());
  EXPECT_THAT(HitIds(*set, "tusk inauzwa, ivory white"), ElementsAre("t/r"));
}

TEST(RuleResolverTest, ReferencesResolveAfterEveryFileIsRead) {
  // The template's file comes first, the lexicons it uses last.
  auto set = MustCompile({{"templates.yaml", kTemplates},
                          {"taxa.yaml", kTaxa},
                          {"lexicons.yaml", kLexicons}});
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->rule_count(), 3u);
}

TEST(RuleResolverTest, AnEmptyAllClauseMeansTheTemplateRuleIsNotMade) {
  const std::string taxa = R"(format: 2
name: taxa
taxa:
  - id: no-products
    scientific_name: No products
    appendix: II
    names: {en: [plain name]}
)";
  auto set = MustCompile({{"taxa.yaml", taxa},
                          {"lexicons.yaml", kLexicons},
                          {"templates.yaml", kTemplates}});
  ASSERT_NE(set, nullptr);
  ASSERT_THAT(set->taxa(), SizeIs(1));
  ASSERT_THAT(set->taxa()[0].rules, SizeIs(1));
  EXPECT_EQ(set->taxa()[0].rules[0].id, "no-products/name");
}

TEST(RuleResolverTest, StrictLanguageTermsCountOnlyInTheirLanguage) {
  auto set = MustCompile({{"r.yaml", R"(format: 2
name: r
lexicons:
  - id: words
    strict_language: true
    terms:
      en: [gift]
      und: [wts]
)" + std::string(kTaxonT) + R"(    rules:
      - {id: r, any: [$words]}
)"}});
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "gift", PostContext{"en-GB"}), ElementsAre("t/r"));
  EXPECT_THAT(HitIds(*set, "gift", PostContext{"de"}), IsEmpty());
  EXPECT_THAT(HitIds(*set, "gift", PostContext{""}), IsEmpty());
  EXPECT_THAT(HitIds(*set, "wts", PostContext{"de"}), ElementsAre("t/r"));
}

TEST(RuleResolverTest, TaxonNamesMayBeStrict) {
  auto set = MustCompile({{"r.yaml", R"(format: 2
name: r
templates:
  - id: names
    default: true
    rules: [{id: name, any: [$names]}]
)" + std::string(kTaxonT) + R"(    names:
      strict_language: true
      de: [Gift]
)"}});
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "Gift", PostContext{"de"}), ElementsAre("t/name"));
  EXPECT_THAT(HitIds(*set, "gift", PostContext{"en"}), IsEmpty());
  EXPECT_EQ(set->taxa()[0].names.at("de")[0], "Gift");
}

TEST(RuleResolverTest, TaxaNameTheirTemplates) {
  const std::string taxa = R"(format: 2
name: taxa
templates:
  - id: names-only
    rules: [{id: seen, severity: low, any: [$names]}]
taxa:
  - id: loxodonta-africana
    scientific_name: Loxodonta africana
    appendix: I
    names: {en: [African elephant]}
    templates: [names-only]
)";
  auto set = MustCompile({{"taxa.yaml", taxa},
                          {"lexicons.yaml", kLexicons},
                          {"templates.yaml", kTemplates}});
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "African elephant ivory for sale"),
              ElementsAre("loxodonta-africana/seen"));
}

TEST(RuleResolverTest, FormatOneKeepsDollarPatternsAsRegexes) {
  auto set = MustCompile({{"v1.yaml", R"(name: v1
)" + std::string(kTaxonT) + R"(    rules:
      - {id: r, any: ['\bivory\b'], all: ['$x|ivory']}
)"}});
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "ivory"), ElementsAre("t/r"));
}

TEST(RuleResolverTest, UnknownReferencesAreReportedWhereTheyAreWritten) {
  std::vector<Diagnostic> d = Problems({{"r.yaml", R"(format: 2
name: r
lexicons:
  - id: trade
    include: [trade/nothing]
)" + std::string(kTaxonT) + R"(    products: [products/none]
    rules:
      - {id: a, any: [$tradee]}
      - {id: b, any: [x], all: [[$trade, $products]]}
)"}});
  ASSERT_THAT(d, SizeIs(3));
  EXPECT_EQ(d[0].ToString(),
            "r.yaml:12:23: unknown reference '$tradee': no lexicon has the id "
            "'tradee' or one below it ('tradee/...')");
  EXPECT_EQ(d[1].line, 5);
  EXPECT_THAT(d[1].message, HasSubstr("includes 'trade/nothing'"));
  EXPECT_EQ(d[2].line, 10);
  EXPECT_THAT(d[2].message, HasSubstr("'$products/none'"));
}

TEST(RuleResolverTest, IncludeCyclesAreReported) {
  std::vector<Diagnostic> d = Problems({{"r.yaml", R"(format: 2
name: r
lexicons:
  - {id: a, include: [b], terms: {en: [x]}}
  - {id: b, include: [a], terms: {en: [y]}}
)" + std::string(kTaxonT) + R"(    rules: [{id: r, any: [$a]}]
)"}});
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 5);
  EXPECT_THAT(d[0].message, HasSubstr("include cycle: a -> b -> a"));
}

TEST(RuleResolverTest, BadTermsAndLexiconsAreReportedAtTheirLines) {
  std::vector<Diagnostic> d = Problems({{"r.yaml", R"(format: 2
name: r
lexicons:
  - id: Bad_Id
    terms: {en: [x]}
  - id: words
    terms:
      en: ['*', {re: '(unclosed'}, {regex: x}]
      en_GB: [y]
  - id: names
    terms: {en: [z]}
)"}});
  std::vector<std::string> lines;
  for (const Diagnostic& x : d) lines.push_back(x.ToString());
  ASSERT_THAT(d, SizeIs(6)) << testing::PrintToString(lines);
  EXPECT_EQ(d[0].line, 4);
  EXPECT_THAT(d[0].message, HasSubstr("not a lexicon id"));
  EXPECT_EQ(d[1].line, 8);
  EXPECT_THAT(d[1].message, HasSubstr("no text to match"));
  EXPECT_THAT(d[2].message, HasSubstr("invalid term pattern"));
  EXPECT_THAT(d[3].message, HasSubstr("{re: 'RE2 pattern'}"));
  EXPECT_EQ(d[4].line, 9);
  EXPECT_THAT(d[4].message, HasSubstr("not a language code"));
  EXPECT_EQ(d[5].line, 10);
  EXPECT_THAT(d[5].message, HasSubstr("reserved"));
  // The duplicate is the table's to report, once parsing succeeded.
  d = Problems({{"r.yaml", R"(format: 2
name: r
lexicons:
  - {id: words, terms: {en: [x]}}
  - {id: words, terms: {en: [y]}}
)"}});
  ASSERT_THAT(d, SizeIs(1));
  EXPECT_EQ(d[0].line, 5);
  EXPECT_THAT(d[0].message, HasSubstr("duplicate lexicon id 'words'; first "
                                      "defined at r.yaml:4:10"));
}

TEST(RuleResolverTest, PostOfferIsNotEvidence) {
  std::vector<Diagnostic> d = Problems(
      {{"r.yaml",
        R"(format: 2
name: r
)" + std::string(kTaxonT) +
            R"(    rules: [{id: r, any: [$post:offer]}, {id: s, any: [x], all: [$post:sale]}]
)"}});
  ASSERT_THAT(d, SizeIs(2));
  EXPECT_THAT(d[0].message, HasSubstr("cannot be in 'any'"));
  EXPECT_THAT(d[1].message, HasSubstr("unknown post reference '$post:sale'"));
}

TEST(RuleResolverTest, TemplateRulesMayNotCollideWithATaxonsOwn) {
  std::vector<Diagnostic> d = Problems({{"r.yaml", R"(format: 2
name: r
templates:
  - id: standard
    default: true
    rules: [{id: name, any: [$names]}]
)" + std::string(kTaxonT) + R"(    names: {en: [tee]}
    rules: [{id: name, any: [x]}]
  - id: u
    scientific_name: U u
    appendix: II
    templates: [nonesuch]
)"}});
  ASSERT_THAT(d, SizeIs(2));
  EXPECT_EQ(d[0].line, 6);
  EXPECT_THAT(d[0].message, HasSubstr("makes rule 't/name'"));
  EXPECT_EQ(d[1].line, 16);
  EXPECT_THAT(d[1].message, HasSubstr("unknown template 'nonesuch'"));
}

TEST(RuleResolverTest, ExplainShowsEachItemAndNestedClause) {
  auto set = MustCompile({{"taxa.yaml", kTaxa},
                          {"lexicons.yaml", kLexicons},
                          {"templates.yaml", kTemplates}});
  ASSERT_NE(set, nullptr);
  std::vector<RuleTrace> traces =
      set->Explain("jumbo ivory", "", "loxodonta-africana");
  ASSERT_THAT(traces, SizeIs(3));
  const RuleTrace& offer = traces[2];
  EXPECT_EQ(offer.verdict, Verdict::kMissingAll);
  ASSERT_THAT(offer.all, SizeIs(2));
  EXPECT_EQ(offer.all[1].pattern, "[$trade, $post:offer]");
  EXPECT_FALSE(offer.all[1].matched);
  EXPECT_TRUE(offer.any[1].matched);  // $context-names: jumbo.
}

TEST(RuleResolverTest, SharedLexiconCountsOnceAgainstThePatternLimit) {
  // Twenty taxa name the same lexicon in one rule each: its alternation
  // is compiled once, so with each taxon's own `any` pattern the set has
  // 21 patterns, well under a limit of 25 that one copy per taxon (40)
  // would cross.
  std::string yaml = R"(format: 2
name: shared
lexicons:
  - id: trade
    terms: {en: [for sale, wts]}
taxa:
)";
  for (int i = 0; i < 20; ++i) {
    const std::string n(1, static_cast<char>('a' + i));
    yaml += "  - id: t" + n + "\n    scientific_name: T t" + n +
            "\n    appendix: II\n    rules:\n      - id: r\n        any: "
            "['\\bname" +
            n + "\\b']\n        all: [$trade]\n";
  }
  LoadOptions options;
  options.max_patterns = 25;
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set =
      RuleSet::Compile({{"shared.yaml", yaml}}, &diagnostics, options);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_NE(set, nullptr);
  EXPECT_THAT(HitIds(*set, "nameg for sale"), ElementsAre("tg/r"));
  EXPECT_THAT(HitIds(*set, "nameg alone"), IsEmpty());

  // A taxon's own patterns still count one by one.
  options.max_patterns = 15;
  diagnostics.clear();
  EXPECT_EQ(RuleSet::Compile({{"shared.yaml", yaml}}, &diagnostics, options),
            nullptr);
  ASSERT_THAT(diagnostics, SizeIs(1));
  EXPECT_THAT(diagnostics[0].message, HasSubstr("at most 15"));
}

}  // namespace
}  // namespace wildwatch::rules
