// Times given on the command line (--since, --until): RFC 3339 UTC, to the
// day ("2024-05-01"), minute ("2024-05-01T10:00Z") or second
// ("2024-05-01T10:00:00Z").
//
// Thread-safe: a pure function.
#ifndef WILDWATCH_HOST_CLI_TIME_ARG_H_
#define WILDWATCH_HOST_CLI_TIME_ARG_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace wildwatch::cli {

// Unix milliseconds of text, or nullopt when it is none of the forms above.
std::optional<int64_t> ParseTimeArg(std::string_view text);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_TIME_ARG_H_
