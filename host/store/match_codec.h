// The stored form of a Match: every field except the sequence number (the
// row's key) and the evidence bytes (kept once per hash in their own table),
// encoded as CBOR through nlohmann::json.
//
// CBOR rather than JSON text because it carries any bytes exactly: JSON text
// demands valid UTF-8, and a platform's attribute or a post's text is not
// guaranteed to be. Fields are keyed by name, so a later version can add one
// and still read what this version wrote. Thread-safe: pure functions.

#ifndef WILDWATCH_HOST_STORE_MATCH_CODEC_H_
#define WILDWATCH_HOST_STORE_MATCH_CODEC_H_

#include <string>
#include <string_view>

#include "host/core/match.h"
#include "host/core/status.h"

namespace wildwatch {

// Encodes every field of match except sequence and post.raw.
std::string EncodeMatchBody(const Match& match);

// Decodes what EncodeMatchBody wrote; the result has sequence 0 and an empty
// post.raw. A field missing from body keeps its default. Returns DATA_LOSS,
// naming the field at fault, if body is not such an encoding.
StatusOr<Match> DecodeMatchBody(std::string_view body);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_STORE_MATCH_CODEC_H_
