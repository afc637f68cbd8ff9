#include "plugins/common/http/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <thread>

#include "plugins/common/http/backoff.h"
#include "plugins/common/http/date_time.h"
#include "plugins/common/http/secrets.h"

namespace wildwatch::plugins {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

struct Sink {
  HttpResponse* response;
  uint64_t max_body_bytes;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->response->body.size() + n > sink->max_body_bytes) {
    sink->too_large = true;
    return 0;  // Makes libcurl abort the transfer.
  }
  sink->response->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new response (after a redirect or a proxy's CONNECT): only the
    // final one's headers describe the body.
    response->headers.clear();
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    response->headers.emplace_back(name, Trim(line.substr(colon + 1)));
  }
  return size * count;
}

bool Retryable(int status) { return status == 429 || status >= 500; }

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return "";
}

std::chrono::milliseconds ParseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  std::string text = Trim(value);
  if (text.empty()) return std::chrono::milliseconds(-1);
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return std::isdigit(c); })) {
    if (text.size() > 9)
      return std::chrono::hours(24);  // Absurd; capped later.
    return std::chrono::seconds(std::stol(text));
  }
  StatusOr<int64_t> when = ParseRfc822(text);
  if (!when.ok()) return std::chrono::milliseconds(-1);
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      now.time_since_epoch());
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::milliseconds(*when) - now_ms);
}

// The outcome of one request: a response, or a libcurl failure.
struct HttpClient::Attempt {
  HttpResponse response;
  CURLcode code = CURLE_OK;
  std::string error;  // curl's message for code.
  bool too_large = false;
};

HttpClient::HttpClient(HttpClientOptions options, const Secrets* secrets,
                       std::function<void(const std::string&)> log)
    : options_(std::move(options)),
      secrets_(secrets),
      log_(std::move(log)),
      limiter_(options_.min_interval) {
  // curl_global_init is not thread-safe and must run once per process; the
  // host may create several instances on different threads at once.
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

std::string HttpClient::Redact(std::string_view text) const {
  return secrets_ == nullptr ? std::string(text) : secrets_->Redact(text);
}

HttpClient::Attempt HttpClient::Perform(
    const std::string& url,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  Attempt attempt;
  Sink sink{&attempt.response, options_.max_body_bytes};
  curl_slist* list = nullptr;
  for (const auto& [name, value] : headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(options_.timeout.count()));
  // Signals cannot time out DNS in a multi-threaded host; use the threaded
  // resolver's own timeout instead.
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  // A configured feed must not be able to redirect us to file:// or gopher.
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // All it decodes.
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options_.max_body_bytes));
  if (!options_.proxy.empty()) {
    curl_easy_setopt(curl, CURLOPT_PROXY, options_.proxy.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &attempt.response);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  ++requests_;
  attempt.code = curl_easy_perform(curl);
  curl_slist_free_all(list);
  attempt.too_large = sink.too_large || attempt.code == CURLE_FILESIZE_EXCEEDED;
  if (attempt.code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    attempt.response.status = static_cast<int>(status);
    char* final_url = nullptr;
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &final_url);
    attempt.response.final_url = final_url != nullptr ? final_url : url;
  } else {
    attempt.error = error[0] != '\0' ? error : curl_easy_strerror(attempt.code);
  }
  return attempt;
}

StatusOr<HttpResponse> HttpClient::Get(
    const std::string& url,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  Backoff backoff(options_.backoff_base,
                  std::max(options_.backoff_base, options_.backoff_max));
  std::string failure;
  for (int attempt_no = 0;; ++attempt_no) {
    limiter_.Acquire();
    Attempt attempt = Perform(url, headers);
    if (attempt.too_large) {
      return ResourceExhaustedError(
          "GET " + Redact(url) + ": response body over " +
          std::to_string(options_.max_body_bytes) + " bytes");
    }
    if (attempt.code == CURLE_URL_MALFORMAT ||
        attempt.code == CURLE_UNSUPPORTED_PROTOCOL) {
      return InvalidArgumentError("GET " + Redact(url) + ": " + attempt.error);
    }
    std::chrono::milliseconds wait = backoff.Next();
    if (attempt.code != CURLE_OK) {
      failure = attempt.error;
    } else if (Retryable(attempt.response.status)) {
      failure = "HTTP " + std::to_string(attempt.response.status);
      std::chrono::milliseconds asked =
          ParseRetryAfter(attempt.response.Header("retry-after"),
                          std::chrono::system_clock::now());
      if (options_.retry_after_from_body) {
        asked =
            std::max(asked, options_.retry_after_from_body(attempt.response));
      }
      wait = std::max(wait, std::min(asked, options_.max_retry_after));
    } else {
      return std::move(attempt.response);
    }
    if (attempt_no >= options_.max_retries) break;
    if (log_) {
      log_("GET " + Redact(url) + ": " + Redact(failure) + "; retry " +
           std::to_string(attempt_no + 1) + " of " +
           std::to_string(options_.max_retries) + " in " +
           std::to_string(wait.count()) + " ms");
    }
    std::this_thread::sleep_for(wait);
  }
  return UnavailableError("GET " + Redact(url) + ": " + Redact(failure) +
                          " after " + std::to_string(options_.max_retries + 1) +
                          " attempts");
}

}  // namespace wildwatch::plugins
