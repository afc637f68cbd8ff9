#include "plugins/common/testing/connector_test.h"

#include <gmock/gmock.h>

#include <chrono>
#include <limits>

#include "host/plugin/config_schema.h"
#include "host/plugin/conformance.h"

namespace wildwatch::plugins::testing {

namespace {

nlohmann::json SchemaOf(const PluginLibrary& library) {
  return nlohmann::json::parse(library.descriptor().config_schema);
}

std::string BuiltPluginPath(std::string_view name) {
  return std::string(WILDWATCH_BINARY_DIR) + "/plugins/libwildwatch_" +
         std::string(name) + ".so";
}

}  // namespace

std::shared_ptr<const PluginLibrary> LoadBuiltPlugin(std::string_view name) {
  auto library = PluginLibrary::Load(BuiltPluginPath(name));
  if (!library.ok()) {
    ADD_FAILURE() << library.status().ToString();
    return nullptr;
  }
  return *library;
}

std::vector<std::string> PostIds(const std::vector<Post>& posts, size_t from) {
  std::vector<std::string> ids;
  for (size_t i = from; i < posts.size(); ++i) ids.push_back(posts[i].id);
  return ids;
}

void ExpectPassesConformance(std::string_view name,
                             const std::string& config_json, uint64_t posts) {
  ConformanceOptions options;
  options.batch_size = 2;
  options.max_restarts = std::numeric_limits<size_t>::max();
  ConformanceReport report =
      CheckConnector(BuiltPluginPath(name), config_json, options);
  EXPECT_TRUE(report.passed()) << report.ToString();
  EXPECT_EQ(report.posts, posts);
}

void ExpectResumesFromEveryCheckpoint(
    const std::shared_ptr<const PluginLibrary>& library,
    const std::string& config_json, const ConnectorRead& all,
    uint32_t batch_size, const std::vector<std::string>& quiet_counters) {
  const std::vector<std::string> ids = PostIds(all.posts);
  for (size_t i = 0; i < all.checkpoints.size(); ++i) {
    const auto& [before, checkpoint] = all.checkpoints[i];
    RecordingHost host;
    ConnectorRead rest =
        ReadConnector(library, config_json, checkpoint, &host, batch_size);
    EXPECT_TRUE(rest.created) << rest.error;
    EXPECT_EQ(rest.final_status, WW_STATUS_END_OF_STREAM) << rest.error;
    EXPECT_THAT(PostIds(rest.posts),
                ::testing::ElementsAreArray(ids.begin() + before, ids.end()))
        << "from the checkpoint after " << before << " posts: " << checkpoint;
    if (i + 1 < all.checkpoints.size()) continue;
    EXPECT_EQ(before, all.posts.size())
        << "posts follow the last checkpoint " << checkpoint;
    for (const std::string& counter : quiet_counters) {
      EXPECT_EQ(host.Counter(counter), 0u)
          << counter << " from the last checkpoint: " << checkpoint;
    }
  }
}

void ExpectSchemaRefuses(const PluginLibrary& library,
                         const std::vector<std::string>& configs) {
  const nlohmann::json schema = SchemaOf(library);
  ASSERT_TRUE(CheckSchema(schema).ok());
  for (const std::string& config : configs) {
    EXPECT_FALSE(
        ValidateAgainstSchema(nlohmann::json::parse(config), schema).empty())
        << config;
  }
}

void ExpectCreateRefuses(const std::shared_ptr<const PluginLibrary>& library,
                         const std::vector<std::string>& configs) {
  for (const std::string& config : configs) {
    auto instance =
        ConnectorInstance::Create(library, config, std::nullopt, nullptr);
    EXPECT_EQ(instance.status().code(), StatusCode::kInvalidArgument) << config;
  }
}

void ConnectorTest::SetUp() {
  library_ = LoadBuiltPlugin(name_);
  ASSERT_NE(library_, nullptr);
}

nlohmann::json ConnectorTest::Schema() const { return SchemaOf(*library_); }

nlohmann::json ConnectorTest::LocalPolling(nlohmann::json config) {
  nlohmann::json polling = {{"min_interval_ms", 0},
                            {"poll_interval_ms", 0},
                            {"timeout_ms", 2000},
                            {"retry_backoff_ms", 1},
                            {"max_retries", 2}};
  polling.update(config);
  return polling;
}

nlohmann::json ConnectorTest::Validated(nlohmann::json config,
                                        const nlohmann::json& extra) const {
  config.update(extra);
  for (const std::string& problem : ValidateAgainstSchema(config, Schema())) {
    ADD_FAILURE() << problem << " in " << config.dump();
  }
  return config;
}

std::unique_ptr<ConnectorInstance> ConnectorTest::Create(
    const nlohmann::json& config,
    const std::optional<std::string>& checkpoint) {
  auto instance =
      ConnectorInstance::Create(library_, config.dump(), checkpoint, &host_);
  if (!instance.ok()) {
    ADD_FAILURE() << instance.status().ToString();
    return nullptr;
  }
  return std::move(*instance);
}

std::vector<std::string> ConnectorTest::Drain(
    ConnectorInstance& instance, uint32_t max_posts,
    std::optional<std::string>* checkpoint) {
  std::vector<std::string> ids;
  while (true) {
    BatchResult b =
        instance.NextBatch(max_posts, std::chrono::milliseconds(10));
    EXPECT_TRUE(b.status == WW_STATUS_OK || b.status == WW_STATUS_NO_DATA)
        << b.status << " " << b.error;
    if (b.checkpoint) *checkpoint = b.checkpoint;
    for (const Post& p : b.posts) ids.push_back(p.id);
    if (b.status != WW_STATUS_OK) return ids;
  }
}

StatusCode ConnectorTest::CreateCode(const nlohmann::json& config) {
  return ConnectorInstance::Create(library_, config.dump(), std::nullopt,
                                   &host_)
      .status()
      .code();
}

}  // namespace wildwatch::plugins::testing
