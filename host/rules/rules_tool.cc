#include "host/rules/rules_tool.h"

#include <algorithm>
#include <fstream>
#include <istream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "host/core/post.h"
#include "host/core/post_json.h"
#include "host/rules/explain.h"
#include "host/rules/rule_set.h"
#include "host/rules/rule_set_diff.h"

namespace wildwatch::rules {

namespace {

std::string Join(const std::vector<std::string>& parts,
                 std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// Loads the rules, or writes the diagnostics to out and returns null.
std::shared_ptr<const RuleSet> LoadOrReport(
    const std::vector<std::string>& paths, std::ostream& out) {
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const RuleSet> set = RuleSet::Load(paths, &diagnostics);
  for (const Diagnostic& d : diagnostics) out << d.ToString() << "\n";
  return set;
}

using Json = nlohmann::ordered_json;

// Posts are not guaranteed to be valid UTF-8; replace rather than throw.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void WriteHits(const RuleSet& set, const TestRulesOptions& options,
               const Post& post, std::ostream& out) {
  if (!options.why_not.empty()) {
    for (const RuleTrace& trace :
         set.Explain(post.text, post.lang, options.why_not)) {
      out << "{\"post_id\":" << Dump(Json(post.id))
          << ",\"trace\":" << RuleTraceToJson(trace) << "}\n";
    }
    return;
  }
  std::vector<RuleTrace> traces;
  if (options.explain) traces = set.Explain(post.text, post.lang);
  size_t next_trace = 0;
  for (const Hit& hit : set.Match(post.text, post.lang)) {
    Json spans = Json::array();
    for (const Span& span : hit.spans) spans.push_back({span.start, span.end});
    const Json line = {
        {"post_id", post.id},
        {"taxon_id", hit.taxon->id},
        {"scientific_name", hit.taxon->scientific_name},
        {"appendix", hit.taxon->appendix},
        {"rule_id", hit.rule->id},
        {"severity", SeverityName(hit.rule->severity)},
        {"spans", std::move(spans)},
        {"matched", hit.matched},
        {"ruleset_version", set.version()},
    };
    std::string text = Dump(line);
    // Explain() lists the hits in Match()'s order.
    if (next_trace < traces.size() && traces[next_trace].rule == hit.rule) {
      text.pop_back();
      text += ",\"explain\":" + RuleTraceToJson(traces[next_trace++]) + "}";
    }
    out << text << "\n";
  }
}

// Reads posts in canonical JSONL from posts and hands each to use; a line
// that is not a post is reported to err and skipped.
template <typename Use>
int ReadPosts(std::istream& posts, const std::string& name,
              const std::string& lang, std::ostream& err, Use use) {
  std::string line;
  for (int number = 1; std::getline(posts, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    StatusOr<Post> post = PostFromJson(line);
    if (!post.ok()) {
      err << name << ":" << number << ": " << post.status().message() << "\n";
      continue;
    }
    if (post->lang.empty()) post->lang = lang;
    use(std::move(*post));
  }
  if (posts.bad()) {
    err << name << ": read error\n";
    return kExitUsage;
  }
  return kExitOk;
}

// Opens input ("-": in) and runs ReadPosts over it.
template <typename Use>
int ReadInput(const std::string& input, std::istream& in,
              const std::string& lang, std::ostream& err, Use use) {
  if (input == "-") return ReadPosts(in, "stdin", lang, err, use);
  std::ifstream file(input, std::ios::binary);
  if (!file) {
    err << input << ": cannot open\n";
    return kExitUsage;
  }
  return ReadPosts(file, input, lang, err, use);
}

}  // namespace

int CheckRules(const std::vector<std::string>& paths, std::ostream& out) {
  std::shared_ptr<const RuleSet> set = LoadOrReport(paths, out);
  if (set == nullptr) return kExitInvalidRules;
  out << Join(paths, " ") << ": OK, " << set->version() << ": "
      << set->taxa().size() << " taxa, " << set->rule_count() << " rules, "
      << set->pattern_count() << " patterns\n";
  return kExitOk;
}

int TestRules(const TestRulesOptions& options, std::istream& in,
              std::ostream& out, std::ostream& err) {
  if (options.text.has_value() == options.input.has_value()) {
    err << "rules test: give exactly one of --text and --input\n";
    return kExitUsage;
  }
  std::shared_ptr<const RuleSet> set = LoadOrReport(options.rules, err);
  if (set == nullptr) return kExitInvalidRules;
  if (!options.why_not.empty()) {
    const std::vector<Taxon>& taxa = set->taxa();
    if (std::none_of(taxa.begin(), taxa.end(),
                     [&](const Taxon& t) { return t.id == options.why_not; })) {
      err << "rules test: --why-not: no taxon '" << options.why_not << "' in "
          << set->version() << "\n";
      return kExitUsage;
    }
  }
  if (options.text.has_value()) {
    Post post;
    post.id = "text";
    post.text = *options.text;
    post.lang = options.lang;
    WriteHits(*set, options, post, out);
    return kExitOk;
  }
  return ReadInput(
      *options.input, in, options.lang, err,
      [&](const Post& post) { WriteHits(*set, options, post, out); });
}

int DiffRules(const DiffRulesOptions& options, std::istream& in,
              std::ostream& out, std::ostream& err) {
  std::shared_ptr<const RuleSet> old_set = LoadOrReport(options.old_rules, err);
  std::shared_ptr<const RuleSet> new_set = LoadOrReport(options.new_rules, err);
  if (old_set == nullptr || new_set == nullptr) return kExitInvalidRules;
  std::vector<Post> posts;
  const int code =
      ReadInput(options.input, in, options.lang, err,
                [&](Post post) { posts.push_back(std::move(post)); });
  if (code != kExitOk) return code;
  out << FormatRuleSetDiff(DiffRuleSets(*old_set, *new_set, posts));
  return kExitOk;
}

}  // namespace wildwatch::rules
