#include "host/cli/time_arg.h"

#include <time.h>

#include <string>

namespace wildwatch::cli {

std::optional<int64_t> ParseTimeArg(std::string_view text) {
  const std::string s(text);
  for (const char* format :
       {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d"}) {
    struct tm tm = {};
    const char* end = strptime(s.c_str(), format, &tm);
    if (end != nullptr && *end == '\0') {
      return static_cast<int64_t>(timegm(&tm)) * 1000;
    }
  }
  return std::nullopt;
}

}  // namespace wildwatch::cli
