// MatchPost: runs the rules on one post and builds the matches, evidence
// included.
//
// Thread-safe: a pure function of its arguments (RuleSet is immutable).

#ifndef WILDWATCH_HOST_CONNECTOR_POST_MATCHER_H_
#define WILDWATCH_HOST_CONNECTOR_POST_MATCHER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "host/core/match.h"
#include "host/core/post.h"
#include "host/rules/rule_set.h"

namespace wildwatch {

// Every match of rules on post.text, in rule order. Each carries a copy of
// the post, the SHA-256 of its evidence (post.raw, or post.text when raw is
// empty), its deterministic match_id, and the times given. The platform is
// the post's own label when it has one, else instance_platform.
std::vector<Match> MatchPost(const rules::RuleSet& rules, const Post& post,
                             std::string_view connector,
                             std::string_view instance_platform,
                             int64_t captured_at_ms, int64_t matched_at_ms);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CONNECTOR_POST_MATCHER_H_
