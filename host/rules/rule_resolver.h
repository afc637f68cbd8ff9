// RuleResolver: turns the parsed files of one load into final rules, once
// every file is read.
//
// It layers the lexicons (lexicon_table.h), instantiates each template for
// every taxon it applies to (the taxon's `templates`, else every `default:
// true` template), and resolves each `$` reference of a rule into the
// pool patterns its terms expand to (term_patterns.h): lexicon references
// by hierarchy, `$names`, `$context-names`, `$products` and `$lookalikes`
// bound to the rule's taxon, and `$post:offer` to the post's context.
// References that name nothing are reported at their file:line. A
// template rule with an `any`, or an `all` clause, that is empty for a
// taxon is not made for it.
//
// One resolver per load; not thread-safe.

#ifndef WILDWATCH_HOST_RULES_RULE_RESOLVER_H_
#define WILDWATCH_HOST_RULES_RULE_RESOLVER_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "host/rules/lexicon_table.h"
#include "host/rules/rule_file_parser.h"
#include "host/rules/rule_set.h"

namespace wildwatch::rules {

// The id of the alternative that `$post:offer` stands for.
inline constexpr int kPostOfferId = -2;

// One pattern a clause item stands for.
struct Alternative {
  int id;  // Pool id, or kPostOfferId.
  // Index into ResolvedRules::languages: the pattern counts only in posts
  // of that language. -1: in any post.
  int language = -1;
};

// The patterns of each item of a rule, index-aligned with Rule's lists
// (a reference that is empty for the taxon has no alternatives).
struct ResolvedRule {
  std::vector<std::vector<Alternative>> any;
  std::vector<std::vector<std::vector<Alternative>>> all;
  std::vector<std::vector<Alternative>> unless;
  // Rules made by one template for one taxon share a group, of which a
  // post reports only the most severe hit; -1 for a taxon's own rules.
  int group = -1;
};

struct ResolvedRules {
  std::vector<Taxon> taxa;  // With their final rules.
  // Per taxon, per rule.
  std::vector<std::vector<ResolvedRule>> rules;
  // Lowercased primary language subtags ("en", "zh") of strict terms.
  std::vector<std::string> languages;
};

class RuleResolver {
 public:
  // REQUIRES: context != nullptr and outlives the resolver.
  explicit RuleResolver(LoadContext* context);
  RuleResolver(const RuleResolver&) = delete;
  RuleResolver& operator=(const RuleResolver&) = delete;

  void Add(ParsedLexicon lexicon);
  void Add(ParsedTemplate parsed);

  // Resolves taxa (as merged by TaxonMerger). Returns false if there is any
  // problem, with every problem appended to the diagnostics.
  // REQUIRES: out != nullptr; every Add() done; called once.
  bool Resolve(std::vector<ParsedTaxon> taxa, ResolvedRules* out);

 private:
  using Alternatives = std::vector<Alternative>;

  void Report(const Location& at, std::string message);
  // The alternatives item stands for in a rule of taxon (fold: the rule
  // folds diacritics); false if it names nothing.
  bool ResolveItem(const ClauseItem& item, const ParsedTaxon& taxon, bool fold,
                   Alternatives* out);
  // The alternatives of terms; the memo key names them ("" for none).
  // Returns true if they were compiled now, false if taken from the memo.
  bool Expand(const std::vector<const Term*>& terms, bool fold,
              const std::string& memo_key, Alternatives* out);
  // The terms of the lexicons references name; false if one names none.
  bool LexiconTerms(const std::vector<Reference>& references,
                    std::vector<const Term*>* out);
  // Resolves one rule; false if it is not made (an empty clause) or has a
  // problem (then *problem is set).
  bool ResolveRule(const RulePatterns& patterns, const ParsedTaxon& taxon,
                   bool fold, ResolvedRule* out, bool* problem);
  int LanguageIndex(const std::string& tag);

  LoadContext* const context_;
  LexiconTable lexicons_;
  std::vector<ParsedTemplate> templates_;
  std::map<std::string, size_t> template_index_;
  std::map<std::pair<std::string, bool>, Alternatives> expanded_;
  std::map<std::string, int> language_index_;
  ResolvedRules* out_ = nullptr;
  int problems_ = 0;
};

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_RULE_RESOLVER_H_
