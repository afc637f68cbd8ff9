// How `wildwatch` shows matches and times: one line of text per match for a
// person, a CSV row for a spreadsheet (JSON is output_format.h's canonical
// mapping).
//
// Thread-safe: pure functions.
#ifndef WILDWATCH_HOST_CLI_MATCH_RENDER_H_
#define WILDWATCH_HOST_CLI_MATCH_RENDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch::cli {

// Unix milliseconds as RFC 3339 UTC: to the minute ("2024-05-01T10:00Z")
// unless precise, then to the millisecond ("2024-05-01T10:00:00.000Z").
// Empty for 0, the wire's "unknown".
std::string FormatTime(int64_t ms, bool precise);

// The text around the first span (40 bytes either side), on one line, cut on
// UTF-8 boundaries, "..." marking a cut.
std::string Snippet(const v1::Match& m);

// #42 2024-05-01T10:00Z [high] Loxodonta africana (App. I) bazaar post 123
// by @seller: "...ivory bangle..." https://...
// The time is the post's own, or the capture time when the post has none.
std::string MatchLine(const v1::Match& m);

// The columns of MatchRow.
std::vector<std::string> MatchHeader();

// One match as a CSV row: sequence, ids, times (precise), taxon, rule, the
// snippet and the URL.
std::vector<std::string> MatchRow(const v1::Match& m);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_MATCH_RENDER_H_
