// Secrets: API keys and tokens read from the environment, and their
// redaction from anything that may be logged.
//
// Credentials never appear in configuration files (which end up in backups
// and bug reports); the configuration names an environment variable
// instead, either whole ("access_token_env": "MASTODON_TOKEN") or inside a
// value ("Authorization": "Bearer ${SHOP_API_KEY}"). Every value read that
// way is remembered, and Redact() replaces it with "***" in URLs, headers
// and error messages before they reach a log:
//
//   Secrets secrets;
//   StatusOr<std::string> header = secrets.Expand("Bearer ${SHOP_API_KEY}");
//   log(secrets.Redact("sent " + *header));   // "sent Bearer ***"
//
// Thread-compatible: const methods may be called concurrently; Read and
// Expand need external locking (connectors call them during set-up only).

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_SECRETS_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_SECRETS_H_

#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"

namespace wildwatch::plugins {

class Secrets {
 public:
  // Returns the value of environment variable name and remembers it as a
  // secret. FAILED_PRECONDITION naming the variable (never its value) if it
  // is unset or empty.
  StatusOr<std::string> Read(const std::string& name);

  // Replaces every "${NAME}" in value by the variable's value, remembering
  // each as a secret. Text without references is returned unchanged.
  // FAILED_PRECONDITION as for Read; INVALID_ARGUMENT for an unterminated
  // "${".
  StatusOr<std::string> Expand(std::string_view value);

  // text with every remembered secret replaced by "***".
  std::string Redact(std::string_view text) const;

 private:
  std::vector<std::string> values_;
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_SECRETS_H_
