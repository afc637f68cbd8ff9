// Parsing of the timestamp formats web sources use, into Unix milliseconds.
//
//   ParseRfc3339("2024-05-01T10:00:00.250+02:00") -> 1714550400250
//   ParseRfc822("Wed, 01 May 2024 08:00:00 GMT")  -> 1714550400000
//
// RFC 3339 covers Mastodon's created_at, Atom's updated/published and most
// JSON APIs; RFC 822 (with RFC 1123's four-digit years) covers RSS pubDate
// and HTTP dates (Last-Modified, Retry-After). Both accept what sources
// emit in practice: fractional seconds of any length, lowercase 't'/'z',
// named zones (GMT, UT, EST, ...), numeric offsets, a missing weekday.
// Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_DATE_TIME_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_DATE_TIME_H_

#include <cstdint>
#include <string_view>

#include "host/core/status.h"

namespace wildwatch::plugins {

// On success the instant in milliseconds since the Unix epoch (UTC). On
// failure INVALID_ARGUMENT quoting the text.
StatusOr<int64_t> ParseRfc3339(std::string_view text);
StatusOr<int64_t> ParseRfc822(std::string_view text);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_DATE_TIME_H_
