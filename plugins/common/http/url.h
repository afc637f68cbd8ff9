// Small URL helpers for building API requests.
//
//   UrlEncode("tiger bone/wine") == "tiger%20bone%2Fwine"
//   WithQueryParameter("https://a.example/s?q=x&page=1", "page", "2")
//       == "https://a.example/s?q=x&page=2"
//
// Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_URL_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_URL_H_

#include <string>
#include <string_view>

namespace wildwatch::plugins {

// Percent-encodes every byte outside RFC 3986's unreserved set.
std::string UrlEncode(std::string_view text);

// url with query parameter name set to value (encoded): an existing
// parameter of that name is replaced, otherwise one is appended. A fragment
// ("#...") is kept at the end.
std::string WithQueryParameter(std::string_view url, std::string_view name,
                               std::string_view value);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_URL_H_
