#include "host/cli/filter_args.h"

#include <time.h>

#include <string>

#include "host/core/match.h"
#include "host/feed/proto_convert.h"

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

bool ParseSeverityArg(std::string_view command, std::string_view text,
                      v1::Severity* out, std::ostream& err) {
  Severity s;
  if (!ParseSeverity(text, &s)) {
    err << "wildwatch " << command
        << ": --min-severity must be low, medium, high or critical\n";
    return false;
  }
  *out = SeverityToProto(s);
  return true;
}

}  // namespace wildwatch::cli
