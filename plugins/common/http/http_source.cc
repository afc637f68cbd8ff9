#include "plugins/common/http/http_source.h"

namespace wildwatch::plugins {
namespace {

nlohmann::json Integer(int64_t minimum, int64_t maximum) {
  return {{"type", "integer"}, {"minimum", minimum}, {"maximum", maximum}};
}

// Reads an optional integer key as milliseconds.
std::chrono::milliseconds Millis(const nlohmann::json& config, const char* key,
                                 int64_t fallback) {
  return std::chrono::milliseconds(config.value(key, fallback));
}

}  // namespace

std::string HttpSource::Schema(const nlohmann::json& own_properties,
                               const std::vector<std::string>& required) {
  constexpr int64_t kDay = 24 * 3600 * 1000;
  nlohmann::json properties = {
      {"url", {{"type", "string"}, {"minLength", 1}}},
      {"proxy", {{"type", "string"}}},
      {"timeout_ms", Integer(1, 600000)},
      {"user_agent", {{"type", "string"}, {"minLength", 1}}},
      {"min_interval_ms", Integer(0, kDay)},
      {"poll_interval_ms", Integer(0, kDay)},
      {"max_retries", Integer(0, 20)},
      {"retry_backoff_ms", Integer(0, 600000)},
  };
  properties.update(own_properties);
  nlohmann::json schema = {{"type", "object"},
                           {"properties", properties},
                           {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema.dump();
}

HttpSource::HttpSource(std::string url, std::chrono::milliseconds poll_interval,
                       std::unique_ptr<Secrets> secrets)
    : url_(std::move(url)),
      poll_interval_(poll_interval),
      secrets_(std::move(secrets)) {}

StatusOr<std::unique_ptr<HttpSource>> HttpSource::Create(
    const nlohmann::json& config,
    std::chrono::milliseconds default_poll_interval, sdk::HostApi host,
    std::function<std::chrono::milliseconds(const HttpResponse&)>
        retry_after_from_body) {
  std::string url = config.value("url", "");
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return InvalidArgumentError(
        "url: expected an http:// or https:// URL, got '" + url + "'");
  }
  HttpClientOptions options;
  options.proxy = config.value("proxy", "");
  options.user_agent = config.value("user_agent", options.user_agent);
  options.timeout = Millis(config, "timeout_ms", options.timeout.count());
  // One request a second is gentle on any platform and still reads
  // thousands of items a minute from APIs that page by 40 or more.
  options.min_interval = Millis(config, "min_interval_ms", 1000);
  options.max_retries = config.value("max_retries", options.max_retries);
  options.backoff_base =
      Millis(config, "retry_backoff_ms", options.backoff_base.count());
  options.backoff_max = std::max(options.backoff_max, options.backoff_base);
  options.retry_after_from_body = std::move(retry_after_from_body);
  if (options.timeout.count() <= 0) {
    return InvalidArgumentError("timeout_ms: must be positive");
  }
  auto source = std::unique_ptr<HttpSource>(new HttpSource(
      url, Millis(config, "poll_interval_ms", default_poll_interval.count()),
      std::make_unique<Secrets>()));
  source->client_ = std::make_unique<HttpClient>(
      std::move(options), source->secrets_.get(),
      [host](const std::string& line) { host.Log(WW_LOG_WARN, line); });
  return source;
}

StatusOr<HttpResponse> HttpSource::Fetch(const std::string& url,
                                         const Headers& headers,
                                         bool base_resource) {
  StatusOr<HttpResponse> response = client_->Get(url, headers);
  if (!response.ok()) {
    // A URL built from the configuration that libcurl rejects is a
    // configuration error; one a server linked to may be a glitch.
    if (!base_resource &&
        response.status().code() == StatusCode::kInvalidArgument) {
      return UnavailableError(response.status().message());
    }
    return response;
  }
  int status = response->status;
  if ((status >= 200 && status < 300) || status == 304) return response;
  std::string what =
      "GET " + secrets_->Redact(url) + ": HTTP " + std::to_string(status);
  if (base_resource) {
    switch (status) {
      case 401:
        return Status(StatusCode::kUnauthenticated,
                      what + " (check the token)");
      case 403:
        return Status(StatusCode::kPermissionDenied, what);
      case 404:
      case 410:
        return NotFoundError(what + " (check url)");
      default:
        break;
    }
  }
  return UnavailableError(what);
}

}  // namespace wildwatch::plugins
