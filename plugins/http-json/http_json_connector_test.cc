// The http-json connector loaded through the host's loader, paging through
// a marketplace-style search API served on 127.0.0.1.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>

#include "host/plugin/config_schema.h"
#include "plugins/common/testing/connector_test.h"
#include "plugins/common/testing/local_http_server.h"

namespace wildwatch {
namespace {

using nlohmann::json;
using plugins::testing::ConnectorTest;
using plugins::testing::LocalHttpServer;
using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;
using Ids = std::vector<std::string>;

// A listing search API, 3 listings per page, oldest first:
//   GET /v2/search?q=...&cursor=<offset>  -> {"data": {"results": [...]},
//                                             "paging": {"next_cursor": ...}}
//   GET /v1/listings?page=<n>             -> [...] (empty past the end)
class FakeApi {
 public:
  static constexpr size_t kPageSize = 3;

  FakeApi() {
    server_.http().Get("/v2/search", [this](const httplib::Request& req,
                                            httplib::Response& res) {
      if (!Admit(req, res)) return;
      std::lock_guard lock(mu_);
      size_t offset = req.has_param("cursor")
                          ? std::stoul(req.get_param_value("cursor"))
                          : 0;
      json results = json::array();
      for (size_t i = offset; i < listings_.size() && i < offset + kPageSize;
           ++i) {
        results.push_back(listings_[i]);
      }
      json body = {
          {"data", {{"total", listings_.size()}, {"results", results}}}};
      size_t next = offset + results.size();
      body["paging"]["next_cursor"] =
          next < listings_.size() ? json(std::to_string(next)) : json(nullptr);
      if (next >= listings_.size())
        body["paging"]["resume_cursor"] = std::to_string(next);
      res.set_content(body.dump(2), "application/json");
    });
    server_.http().Get("/v1/listings", [this](const httplib::Request& req,
                                              httplib::Response& res) {
      if (!Admit(req, res)) return;
      std::lock_guard lock(mu_);
      size_t page = std::stoul(req.get_param_value("page"));
      json results = json::array();
      for (size_t i = (page - 1) * kPageSize;
           i < listings_.size() && i < page * kPageSize; ++i) {
        results.push_back(listings_[i]);
      }
      res.set_content(results.dump(), "application/json");
    });
    EXPECT_TRUE(server_.Start());
  }
  std::string url(const std::string& path) const {
    return server_.url() + path;
  }

  void Add(int n, json overrides = json::object()) {
    std::lock_guard lock(mu_);
    json listing = {{"listingId", n},
                    {"title", "Listing " + std::to_string(n)},
                    {"body", "tortoise shell comb"},
                    {"seller", {{"handle", "s" + std::to_string(n % 3)}}},
                    {"created", 1714550400 + n},
                    {"price", {{"amount", 10 * n}, {"currency", "EUR"}}}};
    listing.update(overrides);
    listings_.push_back(listing);
  }
  // Fails, delays and counts requests: see LocalHttpServer.
  LocalHttpServer& faults() { return server_; }
  void RequireKey(std::string key) {
    std::lock_guard lock(mu_);
    key_ = std::move(key);
  }

 private:
  bool Admit(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu_);
    if (!key_.empty() && req.get_header_value("X-Api-Key") != key_) {
      res.status = 403;
      return false;
    }
    return true;
  }

  std::mutex mu_;
  std::vector<json> listings_;
  std::string key_;
  LocalHttpServer server_;  // Last: see LocalHttpServer.
};

class HttpJsonConnectorTest : public ConnectorTest {
 protected:
  HttpJsonConnectorTest() : ConnectorTest("http_json") {}

  json CursorConfig(json extra = json::object()) {
    json config =
        LocalPolling({{"url", api_.url("/v2/search?q=tortoise%20shell")},
                      {"items_pointer", "/data/results"},
                      {"paging", "cursor"},
                      {"next_cursor_pointer", "/paging/next_cursor"},
                      {"fields",
                       {{"id", "/listingId"},
                        {"title", "/title"},
                        {"text", "/body"},
                        {"author", "/seller/handle"},
                        {"created_at", "/created"},
                        {"price", "/price/amount"},
                        {"currency", "/price/currency"}}}});
    return Validated(config, extra);
  }

  json PageConfig(json extra = json::object()) {
    json config =
        LocalPolling({{"url", api_.url("/v1/listings?page={page}")},
                      {"paging", "page"},
                      {"fields", {{"id", "/listingId"}, {"text", "/body"}}}});
    return Validated(config, extra);
  }

  FakeApi api_;
};

TEST_F(HttpJsonConnectorTest, FollowsCursorsAndResumesWithoutGapsOrRepeats) {
  for (int n = 1; n <= 7; ++n) api_.Add(n);
  std::optional<std::string> checkpoint;
  auto inst = Create(CursorConfig());
  ASSERT_NE(inst, nullptr);
  BatchResult first = inst->NextBatch(4, milliseconds(10));
  ASSERT_EQ(first.status, WW_STATUS_OK) << first.error;
  ASSERT_EQ(first.posts.size(), 4u);
  EXPECT_EQ(first.posts[0].id, "1");
  EXPECT_EQ(api_.faults().requests(), 3);  // Cursors "", "3", "6".

  // A restart from after listing 4 reads the rest exactly once.
  auto resumed = Create(CursorConfig(), first.checkpoint);
  ASSERT_NE(resumed, nullptr);
  EXPECT_EQ(Drain(*resumed, 100, &checkpoint), (Ids{"5", "6", "7"}));
  api_.Add(8);
  api_.Add(9);
  EXPECT_EQ(Drain(*resumed, 100, &checkpoint), (Ids{"8", "9"}));
  auto again = Create(CursorConfig(), checkpoint);
  EXPECT_TRUE(Drain(*again, 100, &checkpoint).empty());
}

TEST_F(HttpJsonConnectorTest, MapsFieldsAndKeepsRawItems) {
  api_.Add(1);
  auto inst = Create(CursorConfig());
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(10, milliseconds(10));
  ASSERT_EQ(b.status, WW_STATUS_OK) << b.error;
  const Post& p = b.posts[0];
  EXPECT_EQ(p.text, "Listing 1\ntortoise shell comb");
  EXPECT_EQ(p.author, "s1");
  EXPECT_EQ(p.created_at_ms, 1714550401000);
  EXPECT_THAT(
      p.attributes,
      ::testing::Contains(std::pair<std::string, std::string>("price", "10")));
  // The item exactly as served (indented by the API).
  EXPECT_THAT(p.raw, HasSubstr("\n"));
  EXPECT_EQ(json::parse(p.raw)["listingId"], 1);
}

TEST_F(HttpJsonConnectorTest, PagesUntilAnEmptyPageAndRereadsTheLastOne) {
  for (int n = 1; n <= 4; ++n) api_.Add(n);
  std::optional<std::string> checkpoint;
  auto inst = Create(PageConfig());
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Drain(*inst, 100, &checkpoint), (Ids{"1", "2", "3", "4"}));
  // Listing 5 lands on page 2, which was not full: it is still found.
  api_.Add(5);
  auto resumed = Create(PageConfig(), checkpoint);
  EXPECT_EQ(Drain(*resumed, 100, &checkpoint), (Ids{"5"}));
  EXPECT_EQ(json::parse(*checkpoint)["position"], "2");
}

TEST_F(HttpJsonConnectorTest, SkipsMalformedItems) {
  api_.Add(1);
  api_.Add(2, {{"listingId", nullptr}});
  api_.Add(3, {{"created", "not a date"}});
  api_.Add(4);
  std::optional<std::string> checkpoint;
  auto inst = Create(CursorConfig());
  EXPECT_EQ(Drain(*inst, 100, &checkpoint), (Ids{"1", "4"}));
  EXPECT_GE(host_.Counter("malformed_items"), 2u);
}

TEST_F(HttpJsonConnectorTest, RetriesAndTimesOut) {
  api_.Add(1);
  api_.faults().FailNext({429, 500});
  auto inst = Create(CursorConfig());
  BatchResult b = inst->NextBatch(10, milliseconds(10));
  ASSERT_EQ(b.status, WW_STATUS_OK) << b.error;
  EXPECT_EQ(api_.faults().requests(), 3);
  api_.faults().FailNext({500, 500, 500});
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_TRANSIENT_ERROR);

  api_.faults().SetDelay(milliseconds(300));
  auto slow = Create(CursorConfig({{"timeout_ms", 50}, {"max_retries", 0}}));
  EXPECT_EQ(slow->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_TRANSIENT_ERROR);
}

TEST_F(HttpJsonConnectorTest, ExpandsSecretHeadersAndNeverLogsThem) {
  api_.Add(1);
  api_.RequireKey("key-XYZ-789");
  setenv("WW_HTTP_JSON_TEST_KEY", "key-XYZ-789", 1);
  auto inst = Create(
      CursorConfig({{"headers", {{"X-Api-Key", "${WW_HTTP_JSON_TEST_KEY}"}}}}));
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(10)).status, WW_STATUS_OK);
  // A wrong key is a configuration error (403 of the base resource).
  auto denied = Create(CursorConfig({{"headers", {{"X-Api-Key", "wrong"}}}}));
  EXPECT_EQ(denied->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_CONFIG_ERROR);
  api_.faults().FailNext({503, 503, 503});
  auto failing = Create(CursorConfig(
      {{"url", api_.url("/v2/search?key=${WW_HTTP_JSON_TEST_KEY}")},
       {"headers", {{"X-Api-Key", "${WW_HTTP_JSON_TEST_KEY}"}}}}));
  ASSERT_NE(failing, nullptr);
  BatchResult b = failing->NextBatch(10, milliseconds(10));
  EXPECT_EQ(b.status, WW_STATUS_TRANSIENT_ERROR);
  EXPECT_THAT(b.error, Not(HasSubstr("key-XYZ-789")));
  for (const std::string& line : host_.logs()) {
    EXPECT_THAT(line, Not(HasSubstr("key-XYZ-789")));
  }
}

TEST_F(HttpJsonConnectorTest, RejectsBadConfiguration) {
  json schema = Schema();
  json no_fields = CursorConfig();
  no_fields.erase("fields");
  EXPECT_FALSE(ValidateAgainstSchema(no_fields, schema).empty());
  json unknown_field = CursorConfig();
  unknown_field["fields"]["colour"] = "/c";
  EXPECT_FALSE(ValidateAgainstSchema(unknown_field, schema).empty());
  json bad_paging = CursorConfig();
  bad_paging["paging"] = "offset";
  EXPECT_FALSE(ValidateAgainstSchema(bad_paging, schema).empty());

  json no_cursor = CursorConfig();
  no_cursor.erase("next_cursor_pointer");
  EXPECT_EQ(CreateCode(no_cursor), StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateCode(CursorConfig({{"items_pointer", "data"}})),
            StatusCode::kInvalidArgument);
  unsetenv("WW_HTTP_JSON_TEST_UNSET");
  EXPECT_EQ(CreateCode(CursorConfig(
                {{"headers", {{"X-Api-Key", "${WW_HTTP_JSON_TEST_UNSET}"}}}})),
            StatusCode::kInvalidArgument);
  auto missing = Create(CursorConfig({{"url", api_.url("/v3/nothing")}}));
  EXPECT_EQ(missing->NextBatch(10, milliseconds(10)).status,
            WW_STATUS_CONFIG_ERROR);
}

}  // namespace
}  // namespace wildwatch
