// Post: one captured item (listing, message, mail) inside the host.
//
// The host copies every ww_post a connector returns into a Post before the
// connector's batch memory is reused. The canonical JSON form of a Post (one
// object per line) is shared by the JSONL connector, `wildwatch rules test
// --input` and `wildwatch connector check --dump`; see post_json.h.
// A plain value type: copyable, movable, no internal synchronisation.

#ifndef WILDWATCH_HOST_CORE_POST_H_
#define WILDWATCH_HOST_CORE_POST_H_

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace wildwatch {

// Sentinel for an unknown time, equal to the ABI's WW_TIME_UNKNOWN.
inline constexpr int64_t kTimeUnknown = std::numeric_limits<int64_t>::min();

struct Post {
  std::string id;         // Platform post id; never empty.
  std::string platform;   // Platform label; empty: the instance's applies.
  std::string url;        // Empty when unknown (likewise below).
  std::string author;     // Handle or display name.
  std::string author_id;  // Stable platform id of the author.
  int64_t created_at_ms = kTimeUnknown;  // Unix ms, UTC.
  std::string title;
  std::string text;  // UTF-8; the text rules run on.
  std::string lang;  // BCP 47 hint.
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string raw;  // Evidence as captured; empty: the text is the evidence.

  friend bool operator==(const Post&, const Post&) = default;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CORE_POST_H_
