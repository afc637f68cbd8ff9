// The offline rule commands, `wildwatch rules check` and `wildwatch rules
// test`, as functions over streams so they can be tested without a process.
// host/cli/rules_commands.cc parses the command line and calls them.
//
// Thread-safe as far as the streams given are: no shared state.

#ifndef WILDWATCH_HOST_RULES_RULES_TOOL_H_
#define WILDWATCH_HOST_RULES_RULES_TOOL_H_

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace wildwatch::rules {

// Exit codes shared by both commands.
inline constexpr int kExitOk = 0;            // Ran; rules valid.
inline constexpr int kExitInvalidRules = 1;  // The rule files have problems.
inline constexpr int kExitUsage = 2;  // Bad arguments or unreadable input.

// Loads the rule files or directories at paths. If they have problems,
// writes each as "FILE:LINE:COL: message" to out and returns
// kExitInvalidRules. Otherwise writes one summary line, e.g.
//   rules/cites-core.yaml: OK, cites-core@3f2a9c1d0b7e: 31 taxa, 58 rules,
//   240 patterns
// and returns kExitOk.
int CheckRules(const std::vector<std::string>& paths, std::ostream& out);

struct TestRulesOptions {
  std::vector<std::string> rules;  // Rule files or directories.
  // Exactly one of text and input must be set.
  std::optional<std::string> text;  // One post, with post_id "text".
  // Posts in the canonical JSONL form (host/core/post_json.h); "-" reads
  // the stream given to TestRules.
  std::optional<std::string> input;
  // Language hint for --text, and for input posts that carry none.
  std::string lang;
  // Add to each match line an "explain" object: RuleTraceToJson() of the
  // rule (explain.h), with the normalised text, each pattern's spans and
  // each clause's outcome.
  bool explain = false;
  // When set, print instead of the matches one line per rule of this
  // taxon and post, {"post_id":...,"trace":{...}}, hit or not, to show
  // which clause failed. An unknown taxon id is a usage error.
  std::string why_not;
};

// Runs the rules over the posts offline, as the daemon would (on each
// post's text), and writes one compact JSON object per match and line to
// out:
//   {"post_id","taxon_id","scientific_name","appendix","rule_id",
//    "severity","spans":[[start,end],...],"matched":[...],
//    "ruleset_version"}
// An input line that is not a valid post is reported to err as
// "FILE:LINE: error" and skipped. Returns kExitOk when the run worked
// (whether anything matched or not), kExitInvalidRules with the
// diagnostics on err when the rules do not load, kExitUsage with a message
// on err when the options are inconsistent or the input cannot be read.
// REQUIRES: in is only read when options.input is "-".
int TestRules(const TestRulesOptions& options, std::istream& in,
              std::ostream& out, std::ostream& err);

struct DiffRulesOptions {
  std::vector<std::string> old_rules;  // Files or directories.
  std::vector<std::string> new_rules;
  std::string input;  // Posts as canonical JSONL; "-" reads in.
  std::string lang;   // Language hint for posts that carry none.
};

// `wildwatch rules diff`: runs both rule sets over the posts and writes
// FormatRuleSetDiff() (rule_set_diff.h) to out. Returns kExitOk when the
// run worked, whatever changed; kExitInvalidRules with the diagnostics on
// err when either set does not load; kExitUsage when the input cannot be
// read. Malformed input lines are reported to err and skipped.
int DiffRules(const DiffRulesOptions& options, std::istream& in,
              std::ostream& out, std::ostream& err);

}  // namespace wildwatch::rules

#endif  // WILDWATCH_HOST_RULES_RULES_TOOL_H_
