// Explanations: why a rule hit a text, or why it did not.
//
// RuleSet::Explain() evaluates rules the way Match() does, but records every
// step instead of stopping at the first failing clause: which normalisation
// profile the rule used and the normalised text it saw, each `any`, `all`
// and `unless` pattern with its occurrences, and the verdict. The offline
// tools print these (`wildwatch rules test --explain`, `--why-not TAXON`);
// evaluation reports use them to say why a labelled post was missed.
//
// Example:
//
//   for (const RuleTrace& trace : set->Explain(text, lang, "panthera-tigris"))
//   {
//     if (!trace.hit) std::cout << FormatRuleTrace(trace, text);
//   }
//
// Plain value types and pure functions; safe to share between threads.

#ifndef WILDWATCH_HOST_RULES_EXPLAIN_H_
#define WILDWATCH_HOST_RULES_EXPLAIN_H_

#include <string>
#include <string_view>
#include <vector>

#include "host/core/match.h"

namespace wildwatch::rules {

struct Rule;
struct Taxon;

// One pattern of a rule, tested against the rule's normalised text.
struct PatternTrace {
  std::string pattern;  // As written in the rule file.
  bool matched = false;
  // Every non-overlapping occurrence, in the normalised text and, at the
  // same index, in the original text. Empty when it did not match.
  std::vector<Span> normalized_spans;
  std::vector<Span> spans;
};

// Why a rule did not hit, in the order the clauses are checked.
enum class Verdict {
  kHit,             // The rule hit; Match() reports it.
  kLanguage,        // The post's language is not among the rule's.
  kNoAnyPattern,    // No `any` pattern matched.
  kMissingAll,      // At least one `all` pattern did not match.
  kVetoedByUnless,  // At least one `unless` pattern matched.
};

// "hit", "language", "no-any", "missing-all", "vetoed".
std::string_view VerdictName(Verdict verdict);

// One rule evaluated on one text, every clause recorded.
struct RuleTrace {
  const Taxon* taxon = nullptr;  // Points into the RuleSet; valid while it
  const Rule* rule = nullptr;    // lives. Never null in a returned trace.
  Verdict verdict = Verdict::kHit;
  bool hit() const { return verdict == Verdict::kHit; }
  // The rule's normalisation profile, e.g. "leet,separators,homoglyphs",
  // and the text its patterns were matched against.
  std::string profile;
  std::string normalized_text;
  std::vector<PatternTrace> any;
  std::vector<PatternTrace> all;
  std::vector<PatternTrace> unless;
};

// A multi-line report for people: the rule and its verdict, the normalised
// text, then one line per pattern with "+" (matched) or "-" and its
// occurrences as `[start,end) "normalised" <- "original"`. original is the
// text the trace was made from.
std::string FormatRuleTrace(const RuleTrace& trace, std::string_view original);

// The same as one compact JSON object:
//   {"taxon_id","rule_id","verdict","profile","normalized_text",
//    "any":[{"pattern","matched","spans":[[s,e],...],
//            "normalized_spans":[[s,e],...]}...],"all":[...],"unless":[...]}
std::string RuleTraceToJson(const RuleTrace& trace);

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_EXPLAIN_H_
