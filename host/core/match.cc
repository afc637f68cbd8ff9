#include "host/core/match.h"

#include <string>

#include "host/core/sha256.h"

namespace wildwatch {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "medium";
}

bool ParseSeverity(std::string_view name, Severity* out) {
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical}) {
    if (name == SeverityName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

std::string MatchId(std::string_view connector, std::string_view post_id,
                    std::string_view rule_id,
                    std::string_view ruleset_version) {
  std::string key;
  key.reserve(connector.size() + post_id.size() + rule_id.size() +
              ruleset_version.size() + 3);
  for (std::string_view part : {connector, post_id, rule_id}) {
    key.append(part);
    key.push_back('\0');
  }
  key.append(ruleset_version);
  return Sha256Hex(key).substr(0, 32);
}

}  // namespace wildwatch
