#include "host/plugin/connector_instance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace wildwatch {
namespace {

using ::testing::HasSubstr;

class RecordingHost : public ConnectorHost {
 public:
  void Log(ww_log_level level, std::string_view message) override {
    std::lock_guard lock(mu_);
    logs.emplace_back(std::to_string(level) + " " + std::string(message));
  }
  void AddCounter(std::string_view name, uint64_t delta) override {
    std::lock_guard lock(mu_);
    counters[std::string(name)] += delta;
  }
  std::vector<std::string> logs;
  std::map<std::string, uint64_t> counters;

 private:
  std::mutex mu_;
};

std::shared_ptr<const PluginLibrary> Scripted() {
  auto lib = PluginLibrary::Load(std::string(WILDWATCH_BINARY_DIR) +
                                 "/plugins/libwildwatch_test_good.so");
  EXPECT_TRUE(lib.ok()) << lib.status().ToString();
  return *lib;
}

std::vector<std::string> Ids(const std::vector<Post>& posts) {
  std::vector<std::string> ids;
  for (const Post& p : posts) ids.push_back(p.id);
  return ids;
}

TEST(ConnectorInstanceTest, ReadsBatchesAndResumesFromCheckpoint) {
  RecordingHost host;
  auto inst = ConnectorInstance::Create(Scripted(), R"({"count": 5})",
                                        std::nullopt, &host);
  ASSERT_TRUE(inst.ok()) << inst.status().ToString();
  BatchResult b = (*inst)->NextBatch(2, std::chrono::milliseconds(10));
  ASSERT_EQ(b.status, WW_STATUS_OK);
  EXPECT_EQ(Ids(b.posts), (std::vector<std::string>{"p0", "p1"}));
  EXPECT_EQ(b.posts[0].text, "post 0");
  EXPECT_EQ(b.posts[0].raw, "post 0");
  EXPECT_EQ(b.posts[0].created_at_ms, kTimeUnknown);
  ASSERT_TRUE(b.checkpoint.has_value());
  EXPECT_EQ(*b.checkpoint, "2");
  EXPECT_EQ(host.counters["batches"], 1u);
  ASSERT_FALSE(host.logs.empty());
  EXPECT_THAT(host.logs[0], HasSubstr("created"));

  // A new instance given the committed checkpoint continues after it.
  auto resumed = ConnectorInstance::Create(Scripted(), R"({"count": 5})",
                                           b.checkpoint, &host);
  ASSERT_TRUE(resumed.ok());
  BatchResult rest = (*resumed)->NextBatch(10, std::chrono::milliseconds(10));
  ASSERT_EQ(rest.status, WW_STATUS_OK);
  EXPECT_EQ(Ids(rest.posts), (std::vector<std::string>{"p2", "p3", "p4"}));
  EXPECT_EQ((*resumed)->NextBatch(10, std::chrono::milliseconds(10)).status,
            WW_STATUS_END_OF_STREAM);
}

TEST(ConnectorInstanceTest, MapsCreateFailuresToStatusCodes) {
  struct Case {
    const char* kind;
    StatusCode code;
  };
  for (const Case& c : {Case{"config", StatusCode::kInvalidArgument},
                        Case{"transient", StatusCode::kUnavailable},
                        Case{"fatal", StatusCode::kInternal}}) {
    auto inst = ConnectorInstance::Create(
        Scripted(), std::string(R"({"fail_create": ")") + c.kind + "\"}",
        std::nullopt, nullptr);
    ASSERT_FALSE(inst.ok()) << c.kind;
    EXPECT_EQ(inst.status().code(), c.code) << c.kind;
    EXPECT_THAT(inst.status().message(), HasSubstr(c.kind));
  }
}

TEST(ConnectorInstanceTest, PassesErrorsWithTheirMessage) {
  auto inst = ConnectorInstance::Create(
      Scripted(), R"({"count": 9, "transient_every": 2, "fatal_at": 3})",
      std::nullopt, nullptr);
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ((*inst)->NextBatch(2, {}).status, WW_STATUS_OK);
  BatchResult transient = (*inst)->NextBatch(2, {});
  EXPECT_EQ(transient.status, WW_STATUS_TRANSIENT_ERROR);
  EXPECT_EQ(transient.error, "scripted transient failure");
  EXPECT_TRUE(transient.posts.empty());
  BatchResult more = (*inst)->NextBatch(2, {});
  ASSERT_EQ(more.status, WW_STATUS_OK);
  EXPECT_EQ(Ids(more.posts), (std::vector<std::string>{"p2"}));
  // Every second call fails transiently; the fourth is one of them.
  EXPECT_EQ((*inst)->NextBatch(2, {}).status, WW_STATUS_TRANSIENT_ERROR);
  BatchResult fatal = (*inst)->NextBatch(2, {});
  EXPECT_EQ(fatal.status, WW_STATUS_FATAL_ERROR);
  EXPECT_EQ(fatal.error, "scripted fatal failure");
}

TEST(ConnectorInstanceTest, OkWithoutPostsIsAProtocolError) {
  auto inst = ConnectorInstance::Create(
      Scripted(), R"({"count": 9, "ok_empty_at": 2})", std::nullopt, nullptr);
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ((*inst)->NextBatch(5, {}).status, WW_STATUS_OK);
  BatchResult bad = (*inst)->NextBatch(5, {});
  EXPECT_EQ(bad.status, WW_STATUS_FATAL_ERROR);
  EXPECT_THAT(bad.error, HasSubstr("protocol error"));
  EXPECT_THAT(bad.error, HasSubstr("NO_DATA"));
}

TEST(ConnectorInstanceTest, NoDataWhenIdle) {
  auto inst = ConnectorInstance::Create(
      Scripted(), R"({"count": 1, "idle": true})", std::nullopt, nullptr);
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ((*inst)->NextBatch(5, {}).status, WW_STATUS_OK);
  EXPECT_EQ((*inst)->NextBatch(5, {}).status, WW_STATUS_NO_DATA);
}

TEST(ConnectorInstanceTest, KeepsTheLibraryLoadedWhileAlive) {
  std::unique_ptr<ConnectorInstance> inst;
  {
    auto created = ConnectorInstance::Create(Scripted(), R"({"count": 3})",
                                             std::nullopt, nullptr);
    ASSERT_TRUE(created.ok());
    inst = std::move(*created);
  }
  // The only remaining reference to the library is the instance's.
  EXPECT_EQ(inst->NextBatch(3, {}).posts.size(), 3u);
}

}  // namespace
}  // namespace wildwatch
