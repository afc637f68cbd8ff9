// Match: one rule hit on one post, with the evidence an investigator needs.
//
// A match is created by the connector runtime, made durable by a MatchStore
// (which assigns its sequence number) and streamed by the feed. Its identity
// (match_id) is derived deterministically from the connector instance, the
// post id, the rule id and the rule-set version, so re-reading a post after
// a crash can never store a second copy. A plain value type.

#ifndef WILDWATCH_HOST_CORE_MATCH_H_
#define WILDWATCH_HOST_CORE_MATCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/post.h"

namespace wildwatch {

// Severity of a rule, ordered so that filters can ask for a minimum.
enum class Severity : int { kLow = 1, kMedium = 2, kHigh = 3, kCritical = 4 };

// "low", "medium", "high", "critical".
std::string_view SeverityName(Severity s);
// Parses the names above; returns false (and leaves *out alone) otherwise.
bool ParseSeverity(std::string_view name, Severity* out);

// A half-open byte range [start, end) into Post::text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

struct Match {
  uint64_t sequence = 0;  // Assigned by the store; 0 until stored.
  std::string match_id;   // See MatchId().

  // Where the post came from.
  std::string connector;   // Connector instance name.
  std::string platform;    // Platform label (post's own, else the instance's).
  Post post;               // The post as captured (text, author, url, ...).
  std::string raw_sha256;  // Lowercase hex SHA-256 of the evidence bytes.
  int64_t captured_at_ms = 0;  // When the host received the post.
  int64_t matched_at_ms = 0;   // When the rules ran.

  // What matched.
  std::string taxon_id;
  std::string scientific_name;
  std::string appendix;  // "I", "II" or "III".
  std::string rule_id;   // Fully qualified: "<taxon_id>/<rule id>".
  Severity severity = Severity::kMedium;
  std::string ruleset_version;
  std::vector<Span> spans;           // Sorted by start.
  std::vector<std::string> matched;  // The text of each span, same order.
};

// Deterministic identity of a match: the first 32 hex digits of
// SHA-256(connector NUL post_id NUL rule_id NUL ruleset_version).
std::string MatchId(std::string_view connector, std::string_view post_id,
                    std::string_view rule_id, std::string_view ruleset_version);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CORE_MATCH_H_
