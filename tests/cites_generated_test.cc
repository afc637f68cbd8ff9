// Checks the generated rule set rules/generated/cites-appendices.yaml:
// it loads cleanly, has one taxon per listed taxon, carries the post-2015
// amendments and each taxon's taxonomy, matches scientific names and not
// ordinary words, and is what rules/tools/generate_cites_rules.py produces
// from ../shared today.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "host/rules/rule_set.h"

namespace wildwatch::rules {
namespace {

const std::string kSourceDir = WILDWATCH_SOURCE_DIR;
const std::string kSharedDir = WILDWATCH_SHARED_DIR;
const std::string kRuleFile =
    kSourceDir + "/rules/generated/cites-appendices.yaml";
const std::string kAppendicesCsv =
    kSharedDir + "/data/cites_appendices_2015-02-05.csv";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// RFC 4180 records: fields may be quoted, with "" for a quote inside.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> records(1, {std::string()});
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    std::string& field = records.back().back();
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().emplace_back();
    } else if (c == '\n') {
      records.push_back({std::string()});
    } else if (c != '\r') {
      field += c;
    }
  }
  if (records.back().size() == 1 && records.back()[0].empty()) {
    records.pop_back();
  }
  return records;
}

// The distinct names in the CSV's `taxon` column.
std::set<std::string> CsvTaxa() {
  const std::vector<std::vector<std::string>> records =
      ParseCsv(ReadFile(kAppendicesCsv));
  std::set<std::string> taxa;
  if (records.empty()) return taxa;
  size_t column = records[0].size();
  for (size_t i = 0; i < records[0].size(); ++i) {
    if (records[0][i] == "taxon") column = i;
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (column < records[r].size()) taxa.insert(records[r][column]);
  }
  return taxa;
}

// The `taxon` of every entry of rules/tools/amendments.yaml, whose entries
// each start with a "  - taxon: <name>" line.
std::vector<std::string> AmendedTaxa() {
  std::istringstream in(ReadFile(kSourceDir + "/rules/tools/amendments.yaml"));
  const std::string prefix = "  - taxon: ";
  std::vector<std::string> taxa;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) != 0) continue;
    std::string name = line.substr(prefix.size());
    if (name.size() >= 2 && (name[0] == '"' || name[0] == '\'')) {
      name = name.substr(1, name.size() - 2);
    }
    taxa.push_back(name);
  }
  return taxa;
}

bool SharedDataPresent() { return std::filesystem::exists(kAppendicesCsv); }

class CitesGeneratedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    set_ = RuleSet::Load({kRuleFile}, &diagnostics_);
  }
  static void TearDownTestSuite() { set_.reset(); }

  static const Taxon* Find(const std::string& id) {
    for (const Taxon& taxon : set_->taxa()) {
      if (taxon.id == id) return &taxon;
    }
    return nullptr;
  }

  // Ids of the taxa with a rule that hits text, sorted.
  static std::set<std::string> HitTaxa(std::string_view text) {
    std::set<std::string> ids;
    for (const Hit& hit : set_->Match(text, "")) ids.insert(hit.taxon->id);
    return ids;
  }

  static std::shared_ptr<const RuleSet> set_;
  static std::vector<Diagnostic> diagnostics_;
};
std::shared_ptr<const RuleSet> CitesGeneratedTest::set_;
std::vector<Diagnostic> CitesGeneratedTest::diagnostics_;

TEST_F(CitesGeneratedTest, LoadsWithoutDiagnostics) {
  std::string problems;
  for (const Diagnostic& d : diagnostics_) problems += d.ToString() + "\n";
  EXPECT_TRUE(diagnostics_.empty()) << problems;
  ASSERT_NE(set_, nullptr);
  EXPECT_EQ(set_->version().rfind("cites-appendices@", 0), 0u)
      << set_->version();
  for (const Taxon& taxon : set_->taxa()) {
    ASSERT_EQ(taxon.rules.size(), 1u) << taxon.id;
    EXPECT_EQ(taxon.rules[0].severity, Severity::kLow) << taxon.id;
  }
}

// Not a benchmark: records what a daemon start or reload costs for this
// file, so a regression is visible in the test log.
TEST_F(CitesGeneratedTest, ReportsLoadTimeAndPatternCount) {
  std::vector<Diagnostic> diagnostics;
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<const RuleSet> set = RuleSet::Load({kRuleFile}, &diagnostics);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  ASSERT_NE(set, nullptr);
  std::cout << "cites-appendices.yaml: " << set->taxa().size() << " taxa, "
            << set->pattern_count() << " patterns, loaded in "
            << elapsed.count() << " ms\n";
  RecordProperty("taxa", static_cast<int>(set->taxa().size()));
  RecordProperty("patterns", static_cast<int>(set->pattern_count()));
  RecordProperty("load_ms", static_cast<int>(elapsed.count()));
  EXPECT_GE(set->pattern_count(), set->taxa().size());
}

TEST_F(CitesGeneratedTest, HasOneTaxonPerListedTaxonPlusAddedAmendments) {
  if (!SharedDataPresent()) GTEST_SKIP() << "no " << kAppendicesCsv;
  ASSERT_NE(set_, nullptr);
  const std::set<std::string> listed = CsvTaxa();
  ASSERT_GT(listed.size(), 1000u);
  std::set<std::string> added;
  for (const std::string& name : AmendedTaxa()) {
    if (listed.count(name) == 0) added.insert(name);
  }
  ASSERT_FALSE(added.empty());
  EXPECT_EQ(set_->taxa().size(), listed.size() + added.size());

  std::set<std::string> names;
  for (const Taxon& taxon : set_->taxa()) names.insert(taxon.scientific_name);
  for (const std::string& name : listed)
    EXPECT_EQ(names.count(name), 1u) << name;
  for (const std::string& name : added)
    EXPECT_EQ(names.count(name), 1u) << name;
}

TEST_F(CitesGeneratedTest, AppendicesIncludeLaterAmendments) {
  ASSERT_NE(set_, nullptr);
  const std::pair<const char*, const char*> expected[] = {
      {"manis", "I"},                // CoP17: pangolins II -> I.
      {"phataginus", "I"},           // CoP17.
      {"smutsia", "I"},              // CoP17.
      {"psittacus-erithacus", "I"},  // CoP17.
      {"aonyx-cinereus", "I"},       // CoP18.
      {"lutrogale-perspicillata", "I"},
      {"geochelone-elegans", "I"},  // CoP18.
      {"gekko-gecko", "II"},        // CoP18.
      {"carcharhinidae", "II"},     // CoP19.
      {"sphyrnidae", "II"},         // CoP19.
      {"rhinoplax-vigil", "I"},     // Unchanged since 2015.
      {"loxodonta-africana", "I"},  // Split I/II: the stronger wins.
      {"hippocampus", "II"},
  };
  for (const auto& [id, appendix] : expected) {
    const Taxon* taxon = Find(id);
    ASSERT_NE(taxon, nullptr) << id;
    EXPECT_EQ(taxon->appendix, appendix) << id;
  }
}

TEST_F(CitesGeneratedTest, CarriesTaxonomy) {
  ASSERT_NE(set_, nullptr);
  for (const Taxon& taxon : set_->taxa()) {
    EXPECT_FALSE(taxon.taxonomy.kingdom.empty()) << taxon.id;
  }
  const Taxon* elephant = Find("loxodonta-africana");
  ASSERT_NE(elephant, nullptr);
  EXPECT_EQ(elephant->taxonomy, (Taxonomy{.kingdom = "Animalia",
                                          .phylum = "",  // Not in the data.
                                          .class_name = "Mammalia",
                                          .order = "Proboscidea",
                                          .family = "Elephantidae"}));
  // A taxon added by an amendment takes the taxonomy written there.
  const Taxon* pangolins = Find("phataginus");
  ASSERT_NE(pangolins, nullptr);
  EXPECT_EQ(pangolins->taxonomy.order, "Pholidota");
  EXPECT_EQ(pangolins->taxonomy.family, "Manidae");
}

// cites-core extends generated taxa without restating their taxonomy, so
// the merged set (the whole rules/ directory: cites-core needs the
// lexicons and templates beside it) keeps the generated one.
TEST_F(CitesGeneratedTest, TaxonomySurvivesCuratedExtension) {
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> merged =
      RuleSet::Load({kSourceDir + "/rules"}, &diagnostics);
  ASSERT_NE(merged, nullptr);
  const Taxon* elephant = nullptr;
  for (const Taxon& taxon : merged->taxa()) {
    if (taxon.id == "loxodonta-africana") elephant = &taxon;
  }
  ASSERT_NE(elephant, nullptr);
  EXPECT_GT(elephant->rules.size(), 1u);
  EXPECT_EQ(elephant->taxonomy.order, "Proboscidea");
  EXPECT_EQ(elephant->taxonomy.family, "Elephantidae");
}

TEST_F(CitesGeneratedTest, ScientificNamesHitTheirTaxa) {
  ASSERT_NE(set_, nullptr);
  const std::pair<const char*, const char*> samples[] = {
      {"Loxodonta africana", "loxodonta-africana"},
      {"selling L. africana tusks", "loxodonta-africana"},
      {"LOXODONTA\n  AFRICANA", "loxodonta-africana"},
      {"scales of Manis javanica", "manis"},
      {"Manis spp. scales", "manis"},
      {"PSITTACIFORMES", "psittaciformes"},
      {"Panthera leo persica cub", "panthera-leo-persica"},
      {"Sarracenia rubra ssp. jonesii seeds", "sarracenia-rubra-jonesii"},
      {"Holothuria (Microthele) nobilis", "holothuria-nobilis"},
      {"dried H. fuscogilva", "holothuria-fuscogilva"},
      {"Agave victoriae reginae", "agave-victoriae-reginae"},
      {"Aloe ferox plants", "aloe"},
  };
  for (const auto& [text, id] : samples) {
    EXPECT_EQ(HitTaxa(text).count(id), 1u) << text << " should hit " << id;
  }
  // The species rule names a species, not its genus relatives.
  EXPECT_EQ(HitTaxa("Loxodonta cyclotis").count("loxodonta-africana"), 0u);
}

TEST_F(CitesGeneratedTest, OrdinaryWordsHitNothing) {
  ASSERT_NE(set_, nullptr);
  for (const char* text :
       {"python tutorial", "the boa is warm", "jaguar xf", "naja", "Ara",
        "a mustela", "manis", "hippocampus", "aloe vera gel",
        "Aloe barbadensis juice", "call me at 5 pm"}) {
    const std::set<std::string> hits = HitTaxa(text);
    std::string ids;
    for (const std::string& id : hits) ids += id + " ";
    EXPECT_TRUE(hits.empty()) << text << " hit " << ids;
  }
}

TEST_F(CitesGeneratedTest, GeneratorCheckPasses) {
  if (!SharedDataPresent()) GTEST_SKIP() << "no " << kAppendicesCsv;
  if (std::system("python3 --version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 is not installed";
  }
  const std::string command = "python3 '" + kSourceDir +
                              "/rules/tools/generate_cites_rules.py' --check "
                              "--shared '" +
                              kSharedDir + "'";
  EXPECT_EQ(std::system(command.c_str()), 0)
      << "rules/generated/cites-appendices.yaml is not what the generator "
         "makes; rerun rules/tools/generate_cites_rules.py";
}

}  // namespace
}  // namespace wildwatch::rules
