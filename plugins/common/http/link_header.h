// ParseLinkHeader: the targets of an HTTP Link header (RFC 8288) by relation.
//
// Mastodon and many marketplace APIs page with Link headers:
//
//   Link: <https://m.example/api/v1/timelines/tag/ivory?max_id=7>; rel="next",
//         <https://m.example/api/v1/timelines/tag/ivory?min_id=9>; rel="prev"
//
//   ParseLinkHeader(value)["next"] == "https://m.example/...?max_id=7"
//
// rel may be quoted or bare and may list several space-separated relations;
// parameters other than rel are ignored, as are malformed entries (a broken
// header means "no more pages", never an error). The first link of a
// relation wins. Thread-safe: a pure function.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_LINK_HEADER_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_LINK_HEADER_H_

#include <map>
#include <string>
#include <string_view>

namespace wildwatch::plugins {

// Relation (lowercased) -> target URI as written.
std::map<std::string, std::string> ParseLinkHeader(std::string_view value);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_LINK_HEADER_H_
