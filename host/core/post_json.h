// The canonical JSON form of a post: one JSON object per line (JSONL).
//
// Every part of Wildwatch that reads or writes posts as text uses it: the
// JSONL connector, `wildwatch rules test --input`, `wildwatch rules eval` and
// `wildwatch connector check --dump`. Fields:
//
//   id          string (or integer, kept as its decimal text), required
//   text        string, required (may be "")
//   title, url, author, author_id, lang, platform   strings, optional
//   created_at  RFC 3339 string ("2024-05-01T10:00:00Z", offsets allowed)
//               or Unix seconds (integer or fractional), optional
//   attributes  object of scalar values (kept as text), optional
//
// Any other field is kept as an attribute (its value as compact JSON text if
// it is not a string), so nothing the source said is dropped.
// Thread-safe: pure functions.

#ifndef WILDWATCH_HOST_CORE_POST_JSON_H_
#define WILDWATCH_HOST_CORE_POST_JSON_H_

#include <string>
#include <string_view>

#include "host/core/post.h"
#include "host/core/status.h"

namespace wildwatch {

// Parses one line. On success the Post's raw field is the line itself (the
// evidence as captured). On failure returns INVALID_ARGUMENT with a message
// naming the field at fault (no file:line; the caller knows where it read).
StatusOr<Post> PostFromJson(std::string_view line);

// PostFromJson without its fast path for the common shape of a line (string
// values only), so tests can check that both paths agree.
StatusOr<Post> TEST_PostFromJsonGeneral(std::string_view line);

// Writes post as one line of canonical JSON without a trailing newline.
// created_at is written as RFC 3339 UTC with milliseconds; empty fields and
// the raw evidence are omitted. PostFromJson(PostToJson(p)) gives back p
// except for raw.
std::string PostToJson(const Post& post);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CORE_POST_JSON_H_
