// Conversion of Mastodon Status entities (REST API v1) into posts.
//
// A Status as GET /api/v1/timelines/... returns it (abridged):
//
//   {"id": "110", "created_at": "2024-05-01T08:00:00.000Z",
//    "url": "https://m.example/@seller/110", "language": "en",
//    "spoiler_text": "", "content": "<p>Fresh <a ...>#ivory</a></p>",
//    "account": {"id": "7", "acct": "seller@other.example", ...},
//    "tags": [{"name": "ivory", ...}], "media_attachments": [...],
//    "reblog": null}
//
// A boost wraps the boosted status in "reblog"; the post is the boosted
// status (its id, author and text), since that is what was advertised, and
// the booster is kept as the "reblogged_by" attribute.
// Thread-safe: pure functions.

#ifndef WILDWATCH_PLUGINS_MASTODON_STATUS_PARSER_H_
#define WILDWATCH_PLUGINS_MASTODON_STATUS_PARSER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "host/core/status.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins::mastodon {

// The post for status (one element of a timeline), with raw as its
// evidence. Fields: id, url (falling back to uri), account.acct -> author,
// account.id -> author_id, created_at, language -> lang, spoiler_text and
// content as text (HTML converted, the spoiler first on its own line),
// attributes "tag" (one per hashtag), "media_url" and "media_description"
// (one per attachment), "sensitive", "reblogged_by". On failure
// INVALID_ARGUMENT naming the field at fault.
StatusOr<sdk::Post> ParseStatus(const nlohmann::json& status, std::string raw);

// Orders Mastodon ids: numerically for the usual decimal ids, and for the
// fixed-width sortable ids of other servers by text. True if a is older.
bool IdLess(std::string_view a, std::string_view b);

}  // namespace wildwatch::plugins::mastodon

#endif  // WILDWATCH_PLUGINS_MASTODON_STATUS_PARSER_H_
