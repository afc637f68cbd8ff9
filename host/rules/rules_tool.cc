#include "host/rules/rules_tool.h"

#include <fstream>
#include <istream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "host/core/post.h"
#include "host/core/post_json.h"
#include "host/rules/rule_set.h"

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

void WriteHits(const RuleSet& set, const Post& post, std::ostream& out) {
  for (const Hit& hit : set.Match(post.text, post.lang)) {
    nlohmann::ordered_json spans = nlohmann::ordered_json::array();
    for (const Span& span : hit.spans) spans.push_back({span.start, span.end});
    const nlohmann::ordered_json line = {
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
    // Posts are not guaranteed to be valid UTF-8; replace rather than throw.
    out << line.dump(-1, ' ', false,
                     nlohmann::ordered_json::error_handler_t::replace)
        << "\n";
  }
}

int TestPosts(const RuleSet& set, const TestRulesOptions& options,
              std::istream& posts, const std::string& name, std::ostream& out,
              std::ostream& err) {
  std::string line;
  for (int number = 1; std::getline(posts, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    StatusOr<Post> post = PostFromJson(line);
    if (!post.ok()) {
      err << name << ":" << number << ": " << post.status().message() << "\n";
      continue;
    }
    if (post->lang.empty()) post->lang = options.lang;
    WriteHits(set, *post, out);
  }
  if (posts.bad()) {
    err << name << ": read error\n";
    return kExitUsage;
  }
  return kExitOk;
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
  if (options.text.has_value()) {
    Post post;
    post.id = "text";
    post.text = *options.text;
    post.lang = options.lang;
    WriteHits(*set, post, out);
    return kExitOk;
  }
  if (*options.input == "-") {
    return TestPosts(*set, options, in, "stdin", out, err);
  }
  std::ifstream file(*options.input, std::ios::binary);
  if (!file) {
    err << *options.input << ": cannot open\n";
    return kExitUsage;
  }
  return TestPosts(*set, options, file, *options.input, out, err);
}

}  // namespace wildwatch::rules
