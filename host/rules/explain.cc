#include "host/rules/explain.h"

#include <nlohmann/json.hpp>

#include "host/rules/rule_set.h"

namespace wildwatch::rules {

namespace {

using Json = nlohmann::ordered_json;

// Quoted for one line of a report: the bytes as they are, with newlines and
// tabs shown as escapes so a span never breaks the layout.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void AppendPatterns(const char* clause, const std::vector<PatternTrace>& list,
                    std::string_view normalized, std::string_view original,
                    std::string* out) {
  for (const PatternTrace& p : list) {
    *out += std::string("  ") + (p.matched ? "+ " : "- ") + clause + " '" +
            p.pattern + "'";
    for (size_t i = 0; i < p.spans.size(); ++i) {
      const Span& n = p.normalized_spans[i];
      const Span& o = p.spans[i];
      *out += " [" + std::to_string(n.start) + "," + std::to_string(n.end) +
              ") " + Quote(normalized.substr(n.start, n.end - n.start)) +
              " <- " + Quote(original.substr(o.start, o.end - o.start));
    }
    *out += "\n";
  }
}

Json PatternsJson(const std::vector<PatternTrace>& list) {
  Json out = Json::array();
  for (const PatternTrace& p : list) {
    Json spans = Json::array();
    Json normalized = Json::array();
    for (const Span& s : p.spans) spans.push_back({s.start, s.end});
    for (const Span& s : p.normalized_spans) {
      normalized.push_back({s.start, s.end});
    }
    out.push_back({{"pattern", p.pattern},
                   {"matched", p.matched},
                   {"spans", std::move(spans)},
                   {"normalized_spans", std::move(normalized)}});
  }
  return out;
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHit:
      return "hit";
    case Verdict::kLanguage:
      return "language";
    case Verdict::kNoAnyPattern:
      return "no-any";
    case Verdict::kMissingAll:
      return "missing-all";
    case Verdict::kVetoedByUnless:
      return "vetoed";
  }
  return "unknown";
}

std::string FormatRuleTrace(const RuleTrace& trace, std::string_view original) {
  std::string out = trace.rule->id + ": " +
                    std::string(VerdictName(trace.verdict)) +
                    " (normalize: " + trace.profile + ")\n";
  out += "  text: " + Quote(trace.normalized_text) + "\n";
  AppendPatterns("any", trace.any, trace.normalized_text, original, &out);
  AppendPatterns("all", trace.all, trace.normalized_text, original, &out);
  AppendPatterns("unless", trace.unless, trace.normalized_text, original, &out);
  return out;
}

std::string RuleTraceToJson(const RuleTrace& trace) {
  const Json json = {
      {"taxon_id", trace.taxon->id},
      {"rule_id", trace.rule->id},
      {"verdict", VerdictName(trace.verdict)},
      {"profile", trace.profile},
      {"normalized_text", trace.normalized_text},
      {"any", PatternsJson(trace.any)},
      {"all", PatternsJson(trace.all)},
      {"unless", PatternsJson(trace.unless)},
  };
  // Posts are not guaranteed to be valid UTF-8; replace rather than throw.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace wildwatch::rules
