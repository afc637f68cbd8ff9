#include "host/connector/post_matcher.h"

#include <string>

#include "host/core/sha256.h"

namespace wildwatch {

std::vector<Match> MatchPost(const rules::RuleSet& rules, const Post& post,
                             std::string_view connector,
                             std::string_view instance_platform,
                             int64_t captured_at_ms, int64_t matched_at_ms) {
  std::vector<Match> matches;
  std::vector<rules::Hit> hits = rules.Match(post.text, post.lang);
  if (hits.empty()) return matches;
  // Hashed once per post, and only for posts that matched: most posts don't.
  const std::string evidence_hash =
      Sha256Hex(post.raw.empty() ? post.text : post.raw);
  matches.reserve(hits.size());
  for (rules::Hit& hit : hits) {
    Match& m = matches.emplace_back();
    m.connector = connector;
    m.platform =
        post.platform.empty() ? std::string(instance_platform) : post.platform;
    m.post = post;
    m.raw_sha256 = evidence_hash;
    m.captured_at_ms = captured_at_ms;
    m.matched_at_ms = matched_at_ms;
    m.taxon_id = hit.taxon->id;
    m.scientific_name = hit.taxon->scientific_name;
    m.appendix = hit.taxon->appendix;
    m.rule_id = hit.rule->id;
    m.severity = hit.rule->severity;
    m.ruleset_version = rules.version();
    m.spans = std::move(hit.spans);
    m.matched = std::move(hit.matched);
    m.match_id = MatchId(connector, post.id, m.rule_id, m.ruleset_version);
  }
  return matches;
}

}  // namespace wildwatch
