// The store query that answers a ListMatches request, checked the way a
// subscription's filter is (MatchFilter), and the page token that resumes
// it.
//
// Thread-safe: pure functions.
#ifndef WILDWATCH_HOST_FEED_MATCH_QUERY_H_
#define WILDWATCH_HOST_FEED_MATCH_QUERY_H_

#include <cstdint>
#include <string>

#include "host/core/status.h"
#include "host/feed/access.h"
#include "host/store/match_store.h"
#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch {

// Page sizes: what 0 means, and the most one page holds.
inline constexpr size_t kDefaultPageSize = 100;
inline constexpr size_t kMaxPageSize = 1000;

// The query for request as principal may see it: a platform principal's
// query is narrowed to its platform. Fails as MatchFilter::Create does
// (INVALID_ARGUMENT for an unknown appendix or severity, PERMISSION_DENIED
// for another platform), and with INVALID_ARGUMENT for a negative page
// size, an empty or reversed time range, or a page token this server did
// not hand out.
StatusOr<MatchQuery> MatchQueryFromRequest(
    const v1::ListMatchesRequest& request, const Principal& principal);

// The token that resumes a listing after the match with this sequence.
std::string PageTokenAfter(uint64_t sequence);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_MATCH_QUERY_H_
