// MatchFilter: which matches one subscription receives.
//
// Built from a SubscribeRequest and the caller's Principal. Each non-empty
// list in the request narrows the stream (an empty list matches
// everything), and all of them must hold at once:
//
//   taxa        a match's taxon_id or scientific_name, case-insensitive;
//   appendices  "I", "II" or "III";
//   platforms   exact platform labels;
//   min_severity  the match's severity is at least this.
//
// A "platform:<x>" principal only ever receives matches of platform x. Its
// request may leave `platforms` empty or name x; naming any other platform
// is refused with PERMISSION_DENIED rather than answered with a stream that
// silently never carries anything, so a misconfigured client learns at once.
//
// Immutable after Create(): safe for concurrent use without locking.

#ifndef WILDWATCH_HOST_FEED_MATCH_FILTER_H_
#define WILDWATCH_HOST_FEED_MATCH_FILTER_H_

#include <optional>
#include <set>
#include <string>

#include "host/core/match.h"
#include "host/core/status.h"
#include "host/feed/access.h"
#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch {

class MatchFilter {
 public:
  // On failure returns INVALID_ARGUMENT for an appendix other than I, II or
  // III or an unknown severity, and PERMISSION_DENIED (naming the role) for
  // a platform principal asking for another platform.
  static StatusOr<MatchFilter> Create(const v1::SubscribeRequest& request,
                                      const Principal& principal);

  // Copyable and movable.

  // True if m belongs on the stream.
  bool Matches(const Match& m) const;

 private:
  MatchFilter() = default;

  std::set<std::string> taxa_;  // Lowercase ids and names.
  std::set<std::string> appendices_;
  std::set<std::string> platforms_;  // A platform principal's: just its own.
  std::optional<Severity> min_severity_;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_MATCH_FILTER_H_
