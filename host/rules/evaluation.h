// Evaluation: how well a rule set detects trade, measured on labelled posts.
//
// A labelled post is a post in the canonical JSONL form (host/core/post_json.h)
// with one extra field, "labels": the taxon ids a correct rule set reports for
// it (tests/data/eval/README.md). Evaluate() runs the rules over every post
// and compares the taxa that hit with the labels, one (post, taxon) pair at a
// time:
//
//   labelled and hit      true positive
//   hit, not labelled     false positive
//   labelled, not hit     false negative
//
// Precision, recall and F1 are micro-averaged over those pairs, overall, per
// taxon and per post language. `wildwatch rules eval` prints the result and
// tests/rules_quality_test.cc gates the shipped rules on it.
//
// Example:
//
//   StatusOr<std::vector<LabelledPost>> posts =
//       ReadLabelledPosts("tests/data/eval/tune.jsonl");
//   if (!posts.ok()) { /* posts.status().message() is "FILE:LINE: ..." */ }
//   Evaluation result = Evaluate(*set, *posts);
//   std::cout << FormatEvaluationText(result, /*show_errors=*/true);
//
// Thread-safe: pure functions; Evaluate only calls RuleSet::Match, which is
// safe for concurrent use.

#ifndef WILDWATCH_HOST_RULES_EVALUATION_H_
#define WILDWATCH_HOST_RULES_EVALUATION_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/post.h"
#include "host/core/status.h"
#include "host/rules/rule_set.h"

namespace wildwatch::rules {

struct LabelledPost {
  Post post;  // Without the "labels" attribute.
  // Expected taxon ids, sorted, each once; empty for a negative post.
  std::vector<std::string> labels;
};

// Parses one line: a canonical post with a "labels" array of strings. On
// failure returns INVALID_ARGUMENT naming the fault (a missing or malformed
// "labels" field, or whatever PostFromJson reports).
StatusOr<LabelledPost> LabelledPostFromJson(std::string_view line);

// Reads a labelled JSONL file; blank lines are skipped. On failure returns
// NOT_FOUND when the file cannot be opened, or INVALID_ARGUMENT with the
// message "FILE:LINE: error" for the first line that does not parse: an
// evaluation over a silently shortened corpus would report wrong figures.
StatusOr<std::vector<LabelledPost>> ReadLabelledPosts(const std::string& path);

// Pair counts of one slice of the corpus (all of it, one taxon, one
// language).
struct Counts {
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;

  // A slice with nothing predicted has made no wrong claim, and one with
  // nothing expected has nothing to miss, so both ratios are 1 for an empty
  // denominator. F1 is 0 when precision and recall are both 0.
  double precision() const;
  double recall() const;
  double f1() const;
};

// One (post, taxon) pair the rules got wrong.
struct EvaluationError {
  std::string post_id;
  std::string taxon_id;
  std::string lang;
  // The start of the post's text on one line, cut at a UTF-8 character
  // boundary (at most kExcerptBytes bytes plus "...").
  std::string excerpt;
};

struct Evaluation {
  int posts = 0;
  Counts overall;
  // Every taxon that is labelled or hit at least once, by id.
  std::map<std::string, Counts> by_taxon;
  // By the post's language hint; posts without one count under "und".
  std::map<std::string, Counts> by_language;
  // In corpus order, then by taxon id.
  std::vector<EvaluationError> false_positives;
  std::vector<EvaluationError> false_negatives;
};

inline constexpr size_t kExcerptBytes = 100;

// Runs set over every post's text with its language hint, as the daemon
// would, and counts the pairs. A label naming a taxon the set does not
// define counts as a false negative.
Evaluation Evaluate(const RuleSet& set, const std::vector<LabelledPost>& posts);

// A report for people: the overall figures, then a table per taxon and per
// language, and with show_errors every false positive and false negative as
// "post_id  taxon  excerpt".
std::string FormatEvaluationText(const Evaluation& evaluation,
                                 bool show_errors);

// The same as one JSON object:
//   {"posts":N,"overall":{...},"by_taxon":{id:{...}},"by_language":{...}}
// where each {...} holds true_positives, false_positives, false_negatives,
// precision, recall and f1. With show_errors it also has "false_positives"
// and "false_negatives", arrays of {post_id, taxon_id, lang, excerpt}.
std::string FormatEvaluationJson(const Evaluation& evaluation,
                                 bool show_errors);

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_EVALUATION_H_
