#include "plugins/common/http/secrets.h"

#include <algorithm>
#include <cstdlib>

namespace wildwatch::plugins {

StatusOr<std::string> Secrets::Read(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') {
    return FailedPreconditionError("environment variable " + name +
                                   " is not set");
  }
  std::string secret(value);
  if (std::find(values_.begin(), values_.end(), secret) == values_.end()) {
    values_.push_back(secret);
    // Longest first, so a secret that contains another is hidden whole.
    std::sort(values_.begin(), values_.end(),
              [](const std::string& a, const std::string& b) {
                return a.size() > b.size();
              });
  }
  return secret;
}

StatusOr<std::string> Secrets::Expand(std::string_view value) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t start = value.find("${", pos);
    if (start == std::string_view::npos) break;
    size_t end = value.find('}', start);
    if (end == std::string_view::npos) {
      return InvalidArgumentError("unterminated ${ in '" + Redact(value) + "'");
    }
    out.append(value.substr(pos, start - pos));
    StatusOr<std::string> secret =
        Read(std::string(value.substr(start + 2, end - start - 2)));
    if (!secret.ok()) return secret.status();
    out += *secret;
    pos = end + 1;
  }
  out.append(value.substr(pos));
  return out;
}

std::string Secrets::Redact(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : values_) {
    for (size_t pos = out.find(secret); pos != std::string::npos;
         pos = out.find(secret, pos + 3)) {
      out.replace(pos, secret.size(), "***");
    }
  }
  return out;
}

}  // namespace wildwatch::plugins
