// HttpSource: the configuration and client every HTTP connector shares.
//
// Each HTTP connector accepts these configuration keys besides its own:
//
//   url               string   Base URL of the source. Tests point it at
//                              127.0.0.1; an onion service is reached with
//                              "http://xyz.onion" plus a Tor proxy.
//   proxy             string   libcurl proxy URL; "socks5h://127.0.0.1:9050"
//                              is a local Tor client (socks5h: Tor resolves
//                              the name, which .onion requires).
//   timeout_ms        integer  Per request, default 10000.
//   user_agent        string   Default "wildwatch/<version>".
//   min_interval_ms   integer  Minimum gap between requests, default 1000.
//   poll_interval_ms  integer  Gap between polls, default per connector.
//   max_retries       integer  Retries of 429/5xx/network errors, default 3.
//   retry_backoff_ms  integer  First retry's backoff, default 500.
//
// Fetch maps the outcome of a request to a Status a connector can pass to
// PollingConnector::ThrowIfError: the base resource answering 401, 403, 404
// or 410 means the configuration is wrong (UNAUTHENTICATED,
// PERMISSION_DENIED, NOT_FOUND); anything else unexpected may pass
// (UNAVAILABLE).
// Not thread-safe (it owns an HttpClient). Not copyable.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_HTTP_SOURCE_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_HTTP_SOURCE_H_

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "host/core/status.h"
#include "plugins/common/http/http_client.h"
#include "plugins/common/http/secrets.h"
#include "wildwatch/connector.hpp"

namespace wildwatch::plugins {

class HttpSource {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  // The JSON Schema of a connector's configuration: the shared keys above
  // plus own_properties (a JSON object of property schemas), closed with
  // additionalProperties false. required lists the keys that must be set.
  static std::string Schema(const nlohmann::json& own_properties,
                            const std::vector<std::string>& required);

  // Reads the shared keys from config (already validated against Schema;
  // values are still range-checked here). host receives retry log lines.
  // retry_after_from_body: see HttpClientOptions; may be empty.
  // INVALID_ARGUMENT naming the key on a bad value.
  static StatusOr<std::unique_ptr<HttpSource>> Create(
      const nlohmann::json& config,
      std::chrono::milliseconds default_poll_interval, sdk::HostApi host,
      std::function<std::chrono::milliseconds(const HttpResponse&)>
          retry_after_from_body = nullptr);

  HttpSource(const HttpSource&) = delete;
  HttpSource& operator=(const HttpSource&) = delete;

  // GETs url. On success the response, whose status is 2xx or 304. On
  // failure: see the header comment; base_resource says whether url is the
  // configured resource itself (a 404 there is a configuration error) or a
  // page the source linked to (a 404 there may pass).
  StatusOr<HttpResponse> Fetch(const std::string& url, const Headers& headers,
                               bool base_resource);

  // The configured url, without a trailing slash.
  const std::string& url() const { return url_; }
  std::chrono::milliseconds poll_interval() const { return poll_interval_; }
  // Secrets read for this source; Fetch redacts them from its messages.
  Secrets& secrets() { return *secrets_; }

 private:
  HttpSource(std::string url, std::chrono::milliseconds poll_interval,
             std::unique_ptr<Secrets> secrets);

  std::string url_;
  std::chrono::milliseconds poll_interval_;
  std::unique_ptr<Secrets> secrets_;  // The client points at it.
  std::unique_ptr<HttpClient> client_;
};

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_HTTP_SOURCE_H_
