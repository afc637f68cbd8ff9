// HttpClient: the HTTP GET every Wildwatch web connector uses.
//
// One client per connector instance. It adds what scraping a platform for
// weeks without supervision needs on top of libcurl:
//   - a per-request timeout and an optional proxy, e.g.
//     "socks5h://127.0.0.1:9050" to reach onion services through Tor (the
//     "h" makes the proxy resolve names, which .onion requires);
//   - a minimum interval between requests (RateLimiter);
//   - retries of 429, 5xx and network failures with jittered exponential
//     backoff (Backoff), honouring Retry-After, up to a limit, after which
//     the failure is surfaced as UNAVAILABLE for the host to back off;
//   - redaction of secrets (Secrets) from every URL and message it logs or
//     returns.
// Other statuses (2xx, 304, 4xx) are returned as responses for the caller to
// interpret: only the connector knows whether a 404 means "bad config".
//
//   HttpClient client(options, &secrets, [&](const std::string& m) { ... });
//   StatusOr<HttpResponse> r = client.Get(url, {{"If-None-Match", etag}});
//
// Not thread-safe: one thread at a time (it reuses one libcurl handle, which
// keeps the connection to the platform open between polls). Not copyable.

#ifndef WILDWATCH_PLUGINS_COMMON_HTTP_HTTP_CLIENT_H_
#define WILDWATCH_PLUGINS_COMMON_HTTP_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/core/status.h"
#include "plugins/common/http/rate_limiter.h"

namespace wildwatch::plugins {

class Secrets;
struct HttpResponse;

struct HttpClientOptions {
  // Behaviour.
  // Empty: direct connection. Otherwise a libcurl proxy URL
  // ("socks5h://127.0.0.1:9050", "http://proxy:3128").
  std::string proxy;
  std::string user_agent = "wildwatch/0.1";
  // How many times a 429, 5xx or network failure is retried before Get
  // gives up. Each retry costs a backoff sleep inside Get, during which the
  // connector does not return to the host.
  int max_retries = 3;

  // Performance.
  // Whole-request limit (connect + transfer). Short enough that one hung
  // server cannot stall an instance; long enough for Tor's slow circuits
  // when a proxy is used.
  std::chrono::milliseconds timeout{10000};
  // Minimum gap between requests, retries included.
  std::chrono::milliseconds min_interval{0};
  // First retry waits base/2..base; each further one doubles, up to max.
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_max{30000};
  // A Retry-After longer than this is cut to it, so a hostile server cannot
  // park the instance for hours; the host's own backoff takes over after.
  std::chrono::milliseconds max_retry_after{60000};
  // For APIs that also say in the body of a 429 or 5xx how long to wait
  // (Telegram: {"parameters": {"retry_after": 5}}), in case a proxy drops
  // the Retry-After header: returns the wait the response asks for, or a
  // negative duration for none. Empty: the header alone counts. Capped by
  // max_retry_after like the header.
  std::function<std::chrono::milliseconds(const HttpResponse&)>
      retry_after_from_body;
  // Bodies beyond this are refused (a listing page is far smaller; this
  // guards memory against a misbehaving server).
  uint64_t max_body_bytes = 64ull << 20;
};

struct HttpResponse {
  int status = 0;
  // Every response header in order, names lowercased. Of a redirected
  // request, the final response's only.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string final_url;  // After redirects.

  // The first value of header name (lowercase), or "" if absent.
  std::string Header(std::string_view name) const;
};

class HttpClient {
 public:
  // secrets: may be null (nothing to redact); otherwise must outlive the
  // client. log: may be empty; receives one already-redacted line per retry.
  HttpClient(HttpClientOptions options, const Secrets* secrets,
             std::function<void(const std::string&)> log);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GETs url with the given extra request headers ("Name", "value"),
  // following up to 5 redirects. Returns the response for any status other
  // than 429 and 5xx; those and network failures (including the timeout)
  // are retried, and once retries are exhausted UNAVAILABLE is returned,
  // its message naming the (redacted) URL and the last failure. An invalid
  // URL or a body over max_body_bytes gives INVALID_ARGUMENT or
  // RESOURCE_EXHAUSTED without retrying.
  StatusOr<HttpResponse> Get(
      const std::string& url,
      const std::vector<std::pair<std::string, std::string>>& headers = {});

  // How many HTTP requests were sent, retries included.
  uint64_t requests() const { return requests_; }

 private:
  struct Attempt;
  Attempt Perform(
      const std::string& url,
      const std::vector<std::pair<std::string, std::string>>& headers);
  std::string Redact(std::string_view text) const;

  const HttpClientOptions options_;
  const Secrets* const secrets_;  // Not owned; may be null.
  const std::function<void(const std::string&)> log_;
  RateLimiter limiter_;
  void* curl_;  // CURL*, kept for connection reuse.
  uint64_t requests_ = 0;
};

// How long Retry-After asks to wait, from its value (delta-seconds or an
// HTTP date, compared with now); -1 when absent or unparsable.
std::chrono::milliseconds ParseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace wildwatch::plugins

#endif  // WILDWATCH_PLUGINS_COMMON_HTTP_HTTP_CLIENT_H_
