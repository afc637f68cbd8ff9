#include "host/feed/match_filter.h"

#include <algorithm>
#include <cctype>

#include "host/feed/proto_convert.h"

namespace wildwatch {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return s;
}

}  // namespace

StatusOr<MatchFilter> MatchFilter::Create(const v1::SubscribeRequest& request,
                                          const Principal& principal) {
  MatchFilter f;
  for (const std::string& taxon : request.taxa()) f.taxa_.insert(Lower(taxon));
  for (const std::string& appendix : request.appendices()) {
    if (appendix != "I" && appendix != "II" && appendix != "III") {
      return InvalidArgumentError("unknown appendix '" + appendix +
                                  "' (expected I, II or III)");
    }
    f.appendices_.insert(appendix);
  }
  for (const std::string& platform : request.platforms()) {
    if (!principal.platform.empty() && platform != principal.platform) {
      return Status(StatusCode::kPermissionDenied,
                    "role '" + principal.role + "' may not read platform '" +
                        platform + "'");
    }
    f.platforms_.insert(platform);
  }
  if (!principal.platform.empty()) f.platforms_ = {principal.platform};
  if (request.min_severity() != v1::SEVERITY_UNSPECIFIED) {
    Severity s;
    if (!SeverityFromProto(request.min_severity(), &s)) {
      return InvalidArgumentError("unknown severity " +
                                  std::to_string(request.min_severity()));
    }
    f.min_severity_ = s;
  }
  return f;
}

bool MatchFilter::Matches(const Match& m) const {
  if (!platforms_.empty() && !platforms_.contains(m.platform)) return false;
  if (!appendices_.empty() && !appendices_.contains(m.appendix)) return false;
  if (min_severity_.has_value() &&
      static_cast<int>(m.severity) < static_cast<int>(*min_severity_)) {
    return false;
  }
  if (!taxa_.empty() && !taxa_.contains(Lower(m.taxon_id)) &&
      !taxa_.contains(Lower(m.scientific_name))) {
    return false;
  }
  return true;
}

}  // namespace wildwatch
