#include "host/feed/match_query.h"

#include <algorithm>
#include <charconv>

#include "host/feed/match_filter.h"
#include "host/feed/proto_convert.h"

namespace wildwatch {

namespace {

// Tokens read "after:<sequence>": opaque to clients, but telling a token of
// this scheme from a stray string.
constexpr std::string_view kTokenPrefix = "after:";

}  // namespace

std::string PageTokenAfter(uint64_t sequence) {
  return std::string(kTokenPrefix) + std::to_string(sequence);
}

StatusOr<MatchQuery> MatchQueryFromRequest(
    const v1::ListMatchesRequest& request, const Principal& principal) {
  // The filter fields mean what they mean on a subscription; MatchFilter
  // checks them, so both RPCs refuse the same requests the same way.
  v1::SubscribeRequest as_subscription;
  *as_subscription.mutable_taxa() = request.taxa();
  *as_subscription.mutable_appendices() = request.appendices();
  *as_subscription.mutable_platforms() = request.platforms();
  as_subscription.set_min_severity(request.min_severity());
  StatusOr<MatchFilter> checked =
      MatchFilter::Create(as_subscription, principal);
  if (!checked.ok()) return checked.status();

  MatchQuery query;
  query.taxon_ids.assign(request.taxa().begin(), request.taxa().end());
  query.appendices.assign(request.appendices().begin(),
                          request.appendices().end());
  if (!principal.platform.empty()) {
    query.platforms = {principal.platform};
  } else {
    query.platforms.assign(request.platforms().begin(),
                           request.platforms().end());
  }
  Severity severity;
  if (SeverityFromProto(request.min_severity(), &severity)) {
    query.min_severity = severity;
  }
  if (request.matched_after_ms() != 0) {
    query.matched_from_ms = request.matched_after_ms();
  }
  if (request.matched_before_ms() != 0) {
    query.matched_until_ms = request.matched_before_ms();
  }
  if (request.matched_after_ms() != 0 && request.matched_before_ms() != 0 &&
      request.matched_after_ms() >= request.matched_before_ms()) {
    return InvalidArgumentError(
        "matched_after_ms must be before matched_before_ms");
  }
  if (request.page_size() < 0) {
    return InvalidArgumentError("page_size must not be negative");
  }
  query.limit = request.page_size() == 0
                    ? kDefaultPageSize
                    : std::min<size_t>(request.page_size(), kMaxPageSize);

  const std::string& token = request.page_token();
  if (!token.empty()) {
    const char* begin = token.data() + kTokenPrefix.size();
    const char* end = token.data() + token.size();
    const auto [rest, error] =
        token.starts_with(kTokenPrefix)
            ? std::from_chars(begin, end, query.after_sequence)
            : std::from_chars_result{begin, std::errc::invalid_argument};
    if (error != std::errc() || rest != end || begin == end) {
      return InvalidArgumentError("page_token '" + token +
                                  "' was not handed out by this server");
    }
  }
  return query;
}

}  // namespace wildwatch
