#include "plugins/common/http/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "plugins/common/http/secrets.h"
#include "plugins/common/testing/local_http_server.h"

namespace wildwatch::plugins {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using testing::LocalHttpServer;
using ::testing::Not;

HttpClientOptions FastOptions() {
  HttpClientOptions options;
  options.timeout = milliseconds(2000);
  options.backoff_base = milliseconds(10);
  options.backoff_max = milliseconds(40);
  return options;
}

milliseconds Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(
      std::chrono::steady_clock::now() - start);
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& http = server_.http();
    http.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("ETag", "\"v1\"");
      res.set_content(req.get_header_value("User-Agent") + "|" +
                          req.get_header_value("X-Key"),
                      "text/plain");
    });
    http.Get("/missing",
             [this](const httplib::Request&, httplib::Response& res) {
               ++calls_;
               res.status = 404;
             });
    http.Get("/flaky", [this](const httplib::Request&, httplib::Response& res) {
      res.status = ++calls_ == 1 ? 500 : 200;
      res.set_content("ok", "text/plain");
    });
    http.Get("/busy", [this](const httplib::Request&, httplib::Response& res) {
      if (++calls_ == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
      } else {
        res.set_content("ok", "text/plain");
      }
    });
    http.Get("/down", [this](const httplib::Request&, httplib::Response& res) {
      ++calls_;
      res.status = 503;
    });
    http.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(milliseconds(400));
      res.set_content("late", "text/plain");
    });
    ASSERT_TRUE(server_.Start());
  }

  LocalHttpServer server_;
  std::atomic<int> calls_{0};
};

TEST_F(HttpClientTest, SendsHeadersAndReturnsResponseHeaders) {
  HttpClientOptions options = FastOptions();
  options.user_agent = "ww-test/1";
  HttpClient client(options, nullptr, {});
  StatusOr<HttpResponse> r =
      client.Get(server_.url() + "/echo", {{"X-Key", "abc"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ww-test/1|abc");
  EXPECT_EQ(r->Header("etag"), "\"v1\"");
  EXPECT_EQ(r->Header("content-type"), "text/plain");
  EXPECT_EQ(r->final_url, server_.url() + "/echo");
}

TEST_F(HttpClientTest, ClientErrorsAreReturnedNotRetried) {
  HttpClient client(FastOptions(), nullptr, {});
  StatusOr<HttpResponse> r = client.Get(server_.url() + "/missing");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(calls_, 1);
}

TEST_F(HttpClientTest, RetriesServerErrorsThenSucceeds) {
  std::vector<std::string> logs;
  HttpClient client(FastOptions(), nullptr,
                    [&](const std::string& line) { logs.push_back(line); });
  StatusOr<HttpResponse> r = client.Get(server_.url() + "/flaky");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(calls_, 2);
  EXPECT_EQ(client.requests(), 2u);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_THAT(logs[0], HasSubstr("HTTP 500"));
}

TEST_F(HttpClientTest, HonoursRetryAfterOn429) {
  HttpClient client(FastOptions(), nullptr, {});
  auto start = std::chrono::steady_clock::now();
  StatusOr<HttpResponse> r = client.Get(server_.url() + "/busy");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(calls_, 2);
  // Backoff alone would wait at most 10 ms; Retry-After asked for 1 s.
  EXPECT_GE(Since(start).count(), 950);
}

TEST_F(HttpClientTest, GivesUpAfterMaxRetriesWithoutLeakingSecrets) {
  setenv("WW_HTTP_CLIENT_TEST_TOKEN", "tok-123456", 1);
  Secrets secrets;
  ASSERT_TRUE(secrets.Read("WW_HTTP_CLIENT_TEST_TOKEN").ok());
  HttpClientOptions options = FastOptions();
  options.max_retries = 2;
  std::vector<std::string> logs;
  HttpClient client(options, &secrets,
                    [&](const std::string& line) { logs.push_back(line); });
  StatusOr<HttpResponse> r =
      client.Get(server_.url() + "/down?token=tok-123456");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(calls_, 3);
  EXPECT_THAT(r.status().message(), HasSubstr("HTTP 503"));
  EXPECT_THAT(r.status().message(), HasSubstr("token=***"));
  EXPECT_THAT(r.status().message(), Not(HasSubstr("tok-123456")));
  ASSERT_EQ(logs.size(), 2u);
  for (const std::string& line : logs) {
    EXPECT_THAT(line, Not(HasSubstr("tok-123456")));
  }
}

TEST_F(HttpClientTest, TimesOutSlowResponses) {
  HttpClientOptions options = FastOptions();
  options.timeout = milliseconds(100);
  options.max_retries = 0;
  HttpClient client(options, nullptr, {});
  auto start = std::chrono::steady_clock::now();
  StatusOr<HttpResponse> r = client.Get(server_.url() + "/slow");
  EXPECT_LT(Since(start).count(), 350);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
}

TEST_F(HttpClientTest, NetworkFailuresAreUnavailable) {
  HttpClientOptions options = FastOptions();
  options.max_retries = 1;
  HttpClient client(options, nullptr, {});
  // Port 1 on loopback: nothing listens there, the connect is refused.
  StatusOr<HttpResponse> r = client.Get("http://127.0.0.1:1/");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(client.requests(), 2u);
  EXPECT_EQ(client.Get("notascheme://x").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(HttpClientTest, KeepsTheMinimumIntervalBetweenRequests) {
  HttpClientOptions options = FastOptions();
  options.min_interval = milliseconds(100);
  HttpClient client(options, nullptr, {});
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(client.Get(server_.url() + "/echo").ok());
  EXPECT_GE(Since(start).count(), 200);
}

TEST_F(HttpClientTest, RefusesOversizedBodies) {
  HttpClientOptions options = FastOptions();
  options.max_body_bytes = 4;
  HttpClient client(options, nullptr, {});
  EXPECT_EQ(client.Get(server_.url() + "/slow").status().code(),
            StatusCode::kResourceExhausted);
}

TEST(HttpProxyTest, SendsRequestsThroughTheConfiguredProxy) {
  // A plain HTTP proxy receives the absolute URL; the origin need not exist.
  LocalHttpServer proxy;
  std::mutex mu;
  std::string seen;
  proxy.http().Get(".*",
                   [&](const httplib::Request& req, httplib::Response& res) {
                     std::lock_guard lock(mu);
                     seen = req.target;
                     res.set_content("via proxy", "text/plain");
                   });
  ASSERT_TRUE(proxy.Start());
  HttpClientOptions options = FastOptions();
  options.proxy = proxy.url();
  HttpClient client(options, nullptr, {});
  StatusOr<HttpResponse> r =
      client.Get("http://market.wildwatch.invalid/l?id=7");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "via proxy");
  std::lock_guard lock(mu);
  EXPECT_EQ(seen, "http://market.wildwatch.invalid/l?id=7");
}

TEST(RetryAfterTest, ReadsSecondsAndDates) {
  auto now = std::chrono::system_clock::from_time_t(1714550400);  // 08:00Z.
  EXPECT_EQ(ParseRetryAfter("5", now), milliseconds(5000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("Wed, 01 May 2024 08:00:10 GMT", now),
            milliseconds(10000));
  EXPECT_EQ(ParseRetryAfter("Wed, 01 May 2024 07:00:00 GMT", now),
            milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("", now), milliseconds(-1));
  EXPECT_EQ(ParseRetryAfter("soon", now), milliseconds(-1));
}

}  // namespace
}  // namespace wildwatch::plugins
