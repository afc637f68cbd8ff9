#include "host/config/daemon_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "tests/testing/scratch_dir.h"

namespace wildwatch {
namespace {

using ::testing::HasSubstr;

class DaemonConfigTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    return dir_.Write("wildwatchd.yaml", text);
  }

  testing::ScratchDir dir_{"ww_config_test"};
};

constexpr char kValid[] = R"(listen: 127.0.0.1:0
data_dir: data
rules: [rules/a.yaml, /abs/b.yaml]
pipeline: {batch_size: 64, poll_timeout_ms: 100}
feed: {heartbeat_ms: 250}
connectors:
  - name: market
    plugin: jsonl
    platform: bazaar
    config:
      path: "posts/*.jsonl"
      follow: true
      poll_interval_ms: 50
      label: "123"
tokens:
  - {name: interpol, role: agency, token: abcdefghijklmnopqrstuvwxyz}
  - {name: bazaar-coc, role: "platform:bazaar", token: 0123456789abcdef0123}
)";

TEST_F(DaemonConfigTest, ReadsAValidFileAndResolvesPaths) {
  auto config = LoadDaemonConfig(Write(kValid), "/default/plugins");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->listen, "127.0.0.1:0");
  EXPECT_EQ(config->data_dir, dir_.PathOf("data"));
  EXPECT_EQ(config->plugin_dir, "/default/plugins");
  EXPECT_EQ(config->rules, (std::vector<std::string>{
                               dir_.PathOf("rules/a.yaml"), "/abs/b.yaml"}));
  EXPECT_EQ(config->pipeline.batch_size, 64u);
  EXPECT_EQ(config->pipeline.poll_timeout.count(), 100);
  EXPECT_EQ(config->heartbeat.count(), 250);
  ASSERT_EQ(config->connectors.size(), 1u);
  const ConnectorConfig& c = config->connectors[0];
  EXPECT_EQ(c.name, "market");
  EXPECT_EQ(c.platform, "bazaar");
  // Plain scalars are typed, quoted ones stay strings.
  EXPECT_EQ(c.config["follow"], true);
  EXPECT_EQ(c.config["poll_interval_ms"], 50);
  EXPECT_EQ(c.config["label"], "123");
  // A connector's `path` is relative to the configuration file, too.
  EXPECT_EQ(c.config["path"], dir_.PathOf("posts/*.jsonl"));
  EXPECT_EQ(c.line, 11);
  ASSERT_EQ(config->tokens.size(), 2u);
  EXPECT_EQ(config->tokens[1].role, "platform:bazaar");
}

TEST_F(DaemonConfigTest, ReportsEveryProblemWithItsPosition) {
  const std::string path = Write(R"(data_dir: data
rules: r.yaml
lisen: 1.2.3.4:5
pipeline: {batch_size: zero}
connectors:
  - name: a
    plugin: jsonl
  - name: a
tokens:
  - {name: t, role: boss, token: abcdefghijklmnopqrstuvwxyz}
  - {name: u, role: agency, token: short}
)");
  auto config = LoadDaemonConfig(path, "/p");
  ASSERT_FALSE(config.ok());
  const std::string& m = config.status().message();
  EXPECT_THAT(m, HasSubstr(path + ":3:1: unknown key 'lisen'"));
  EXPECT_THAT(m, HasSubstr(path + ":4:24: 'batch_size' must be an integer"));
  EXPECT_THAT(m, HasSubstr(path + ":8:11: duplicate connector name 'a'"));
  EXPECT_THAT(m, HasSubstr(":8:5: missing required key 'plugin'"));
  EXPECT_THAT(m, HasSubstr(path + ":10:21: role 'boss' must be"));
  EXPECT_THAT(m, HasSubstr(path + ":11:36: token of 'u' is shorter"));
}

TEST_F(DaemonConfigTest, ReportsYamlSyntaxErrorsWithPosition) {
  const std::string path = Write("data_dir: [unclosed\nrules: x\n");
  auto config = LoadDaemonConfig(path, "/p");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr(path + ":"));
}

TEST_F(DaemonConfigTest, TokensFromTheEnvironment) {
  const std::string base = R"(data_dir: d
rules: r
tokens:
  - {name: ops, role: admin, token_env: WW_TEST_ADMIN_TOKEN}
)";
  ::unsetenv("WW_TEST_ADMIN_TOKEN");
  auto missing = LoadDaemonConfig(Write(base), "/p");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(),
              HasSubstr("WW_TEST_ADMIN_TOKEN is not set"));
  ::setenv("WW_TEST_ADMIN_TOKEN", "s3cret-s3cret-s3cret", 1);
  auto config = LoadDaemonConfig(Write(base), "/p");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->tokens[0].token, "s3cret-s3cret-s3cret");
  ::unsetenv("WW_TEST_ADMIN_TOKEN");
}

TEST(YamlToJsonTest, TypesPlainScalarsOnly) {
  YAML::Node n = YAML::Load(R"({a: 1, b: "1", c: 2.5, d: true, e: "true",
                               f: [x, 3], g: null, h: ~})");
  nlohmann::json j = YamlToJson(n);
  EXPECT_EQ(j["a"], 1);
  EXPECT_EQ(j["b"], "1");
  EXPECT_EQ(j["c"], 2.5);
  EXPECT_EQ(j["d"], true);
  EXPECT_EQ(j["e"], "true");
  EXPECT_EQ(j["f"], nlohmann::json::parse(R"(["x", 3])"));
  EXPECT_TRUE(j["g"].is_null());
  EXPECT_TRUE(j["h"].is_null());
}

}  // namespace
}  // namespace wildwatch
