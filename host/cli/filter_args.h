// Filter values given on the command line: times (--since, --until) in RFC
// 3339 UTC, to the day ("2024-05-01"), minute ("2024-05-01T10:00Z") or
// second ("2024-05-01T10:00:00Z"), and severities (--min-severity).
//
// Thread-safe: pure functions.
#ifndef WILDWATCH_HOST_CLI_FILTER_ARGS_H_
#define WILDWATCH_HOST_CLI_FILTER_ARGS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch::cli {

// Unix milliseconds of text, or nullopt when it is none of the forms above.
std::optional<int64_t> ParseTimeArg(std::string_view text);

// Sets *out to the wire severity named by text (low, medium, high,
// critical) and returns true; otherwise writes "wildwatch COMMAND:
// --min-severity must be ..." to err and returns false.
bool ParseSeverityArg(std::string_view command, std::string_view text,
                      v1::Severity* out, std::ostream& err);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_FILTER_ARGS_H_
