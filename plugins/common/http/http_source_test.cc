#include "plugins/common/http/http_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugins/common/testing/local_http_server.h"

namespace wildwatch::plugins {
namespace {

using ::testing::HasSubstr;
using testing::LocalHttpServer;

std::unique_ptr<HttpSource> Make(const nlohmann::json& config) {
  StatusOr<std::unique_ptr<HttpSource>> source = HttpSource::Create(
      config, std::chrono::milliseconds(60000), sdk::HostApi(nullptr));
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  return source.ok() ? std::move(*source) : nullptr;
}

TEST(HttpSourceTest, SchemaAddsOwnKeysAndStaysClosed) {
  nlohmann::json schema = nlohmann::json::parse(HttpSource::Schema(
      {{"hashtags", {{"type", "array"}}}}, {"url", "hashtags"}));
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_TRUE(schema["properties"].contains("proxy"));
  EXPECT_TRUE(schema["properties"].contains("min_interval_ms"));
  EXPECT_TRUE(schema["properties"].contains("hashtags"));
  EXPECT_EQ(schema["required"], nlohmann::json({"url", "hashtags"}));
}

TEST(HttpSourceTest, ReadsSharedKeys) {
  std::unique_ptr<HttpSource> source =
      Make({{"url", "http://127.0.0.1:9/api/"}, {"poll_interval_ms", 5}});
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->url(), "http://127.0.0.1:9/api");
  EXPECT_EQ(source->poll_interval().count(), 5);
  EXPECT_EQ(Make({{"url", "http://x"}})->poll_interval().count(), 60000);
  for (const char* bad : {"", "ftp://x", "127.0.0.1"}) {
    EXPECT_EQ(HttpSource::Create({{"url", bad}}, std::chrono::milliseconds(1),
                                 sdk::HostApi(nullptr))
                  .status()
                  .code(),
              StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(HttpSourceTest, MapsStatusesOfTheBaseResourceToConfigErrors) {
  LocalHttpServer server;
  server.http().Get(R"(/status/(\d+))",
                    [](const httplib::Request& req, httplib::Response& res) {
                      res.status = std::stoi(req.matches[1]);
                    });
  ASSERT_TRUE(server.Start());
  std::unique_ptr<HttpSource> source =
      Make({{"url", server.url()}, {"max_retries", 0}, {"min_interval_ms", 0}});
  auto code = [&](int status, bool base) {
    return source
        ->Fetch(server.url() + "/status/" + std::to_string(status), {}, base)
        .status()
        .code();
  };
  EXPECT_EQ(code(200, true), StatusCode::kOk);
  EXPECT_EQ(code(304, true), StatusCode::kOk);
  EXPECT_EQ(code(401, true), StatusCode::kUnauthenticated);
  EXPECT_EQ(code(403, true), StatusCode::kPermissionDenied);
  EXPECT_EQ(code(404, true), StatusCode::kNotFound);
  EXPECT_EQ(code(404, false), StatusCode::kUnavailable);
  EXPECT_EQ(code(400, true), StatusCode::kUnavailable);
  EXPECT_EQ(code(503, true), StatusCode::kUnavailable);
  EXPECT_THAT(
      source->Fetch(server.url() + "/status/404", {}, true).status().message(),
      HasSubstr("HTTP 404"));
}

}  // namespace
}  // namespace wildwatch::plugins
