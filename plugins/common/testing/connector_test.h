// Helpers for the tests of a built connector plugin, driven through the
// host's loader the way wildwatchd drives it.
//
// ConnectorTest is the fixture of the tests that create instances of one
// plugin with JSON configurations and read them batch by batch (the HTTP
// connectors); the free functions serve tests that read whole sources with
// ReadConnector (the file connectors):
//
//   class FeedConnectorTest : public ConnectorTest {
//    protected:
//     FeedConnectorTest() : ConnectorTest("feed") {}
//   };
//   TEST_F(FeedConnectorTest, Reads) {
//     auto inst = Create(Validated(LocalPolling({{"url", url}})));
//     ASSERT_NE(inst, nullptr);
//     std::optional<std::string> checkpoint;
//     EXPECT_EQ(Drain(*inst, 10, &checkpoint), (Ids{"ad-1", "ad-2"}));
//   }
//
// Failures are reported to GoogleTest where they happen (a plugin that does
// not load, a configuration its schema refuses), and the functions return
// null or what they read so far. Thread-compatible.

#ifndef WILDWATCH_PLUGINS_COMMON_TESTING_CONNECTOR_TEST_H_
#define WILDWATCH_PLUGINS_COMMON_TESTING_CONNECTOR_TEST_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/post.h"
#include "host/core/status.h"
#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"
#include "plugins/common/files/testing/connector_reader.h"

namespace wildwatch::plugins::testing {

// Loads the plugin named name from where the build puts it,
// ".../plugins/libwildwatch_<name>.so", name spelt as its CMake target
// ("http_json"). On failure adds a test failure saying why and returns null.
std::shared_ptr<const PluginLibrary> LoadBuiltPlugin(std::string_view name);

// The ids of posts[from], posts[from + 1], ..., in order; empty when from
// is past the end.
std::vector<std::string> PostIds(const std::vector<Post>& posts,
                                 size_t from = 0);

// Runs the host's conformance check on the plugin named name (as for
// LoadBuiltPlugin) with
// config_json, 2 posts per batch and restarting from every checkpoint (test
// fixtures are small), and expects it to pass having read posts posts.
void ExpectPassesConformance(std::string_view name,
                             const std::string& config_json, uint64_t posts);

// Restarts the source from each checkpoint of all (a read from the start)
// and reads it to its end, batch_size posts per batch; expects each restart
// to be created, to end with END_OF_STREAM, and to yield exactly the posts
// that followed its checkpoint in all. The last checkpoint must be past
// every post, and the restart from it count none of quiet_counters: what
// was skipped before a checkpoint ("malformed_items") is not reported again.
// REQUIRES: batch_size >= 1.
void ExpectResumesFromEveryCheckpoint(
    const std::shared_ptr<const PluginLibrary>& library,
    const std::string& config_json, const ConnectorRead& all,
    uint32_t batch_size, const std::vector<std::string>& quiet_counters = {});

// Expects the plugin's schema to be a valid JSON Schema that refuses each
// of configs (JSON texts).
void ExpectSchemaRefuses(const PluginLibrary& library,
                         const std::vector<std::string>& configs);

// Expects the plugin's create to refuse each of configs (JSON texts,
// checked by no schema first) with INVALID_ARGUMENT.
void ExpectCreateRefuses(const std::shared_ptr<const PluginLibrary>& library,
                         const std::vector<std::string>& configs);

// Fixture for the tests of one plugin. SetUp loads it (a fatal failure if
// it does not load); a subclass that overrides SetUp calls this one first,
// through ASSERT_NO_FATAL_FAILURE. The instances it creates report to
// host_.
class ConnectorTest : public ::testing::Test {
 protected:
  // name as for LoadBuiltPlugin.
  explicit ConnectorTest(std::string name) : name_(std::move(name)) {}

  void SetUp() override;

  // The plugin's configuration schema.
  nlohmann::json Schema() const;

  // config plus the settings of an HTTP connector polling a local server
  // (keys config sets are kept): no wait between requests or polls, a 1 ms
  // retry backoff, at most 2 retries and a 2 s timeout, so a test of
  // retries and timeouts runs in milliseconds.
  static nlohmann::json LocalPolling(nlohmann::json config);

  // Returns config with the top-level keys of extra set over it, after
  // adding a test failure for each way the result breaks the plugin's
  // schema: fixtures build their configurations through it, so a test
  // cannot pass on a configuration the daemon would refuse.
  nlohmann::json Validated(
      nlohmann::json config,
      const nlohmann::json& extra = nlohmann::json::object()) const;

  // An instance created from config and checkpoint, reporting to host_. On
  // failure adds a test failure and returns null.
  std::unique_ptr<ConnectorInstance> Create(
      const nlohmann::json& config,
      const std::optional<std::string>& checkpoint = std::nullopt);

  // Calls NextBatch(max_posts, 10 ms) until it returns anything but OK, and
  // returns the ids of the posts read, in order. A status other than OK or
  // NO_DATA adds a test failure. *checkpoint is set to the checkpoint of the
  // last batch that carried one, and left unchanged if none did.
  // REQUIRES: max_posts >= 1, checkpoint != nullptr.
  static std::vector<std::string> Drain(ConnectorInstance& instance,
                                        uint32_t max_posts,
                                        std::optional<std::string>* checkpoint);

  // The code Create ends with for config (kOk when it succeeds), without
  // failing the test: for the configurations a test expects refused.
  StatusCode CreateCode(const nlohmann::json& config);

  const std::string name_;
  std::shared_ptr<const PluginLibrary> library_;  // Set by SetUp.
  RecordingHost host_;
};

}  // namespace wildwatch::plugins::testing

#endif  // WILDWATCH_PLUGINS_COMMON_TESTING_CONNECTOR_TEST_H_
