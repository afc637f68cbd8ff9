// Builds examples/connector-template out of tree against the SDK as a
// partner would get it (cmake --install --component sdk), then loads the
// result into the host's loader and reads through it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"

namespace wildwatch {
namespace {

namespace fs = std::filesystem;

int RunQuietly(const std::string& command) {
  return std::system((command + " > /dev/null 2>&1").c_str());
}

TEST(ConnectorTemplateTest, BuildsAgainstTheInstalledSdkAndLoadsIntoTheHost) {
  const fs::path dir = fs::temp_directory_path() /
                       ("ww_template_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string cmake = WILDWATCH_CMAKE_COMMAND;
  ASSERT_EQ(RunQuietly(cmake +
                       " --install " WILDWATCH_BINARY_DIR
                       " --component sdk --prefix " +
                       (dir / "sdk").string()),
            0);
  ASSERT_TRUE(fs::exists(dir / "sdk/include/wildwatch/connector.h"));
  ASSERT_EQ(RunQuietly(cmake +
                       " -S " WILDWATCH_SOURCE_DIR
                       "/examples/connector-template -B " +
                       (dir / "build").string() +
                       " -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=" +
                       (dir / "sdk").string()),
            0);
  ASSERT_EQ(RunQuietly(cmake + " --build " + (dir / "build").string()), 0);

  auto library =
      PluginLibrary::Load((dir / "build/libwildwatch_template.so").string());
  ASSERT_TRUE(library.ok()) << library.status().ToString();
  EXPECT_EQ((*library)->name(), "template");

  const fs::path input = dir / "posts.txt";
  std::ofstream(input) << "first post\n\nsecond post\nthird post\n";
  const std::string config = R"({"path": ")" + input.string() + R"("})";
  auto instance =
      ConnectorInstance::Create(*library, config, std::nullopt, nullptr);
  ASSERT_TRUE(instance.ok()) << instance.status().ToString();
  BatchResult first = (*instance)->NextBatch(2, std::chrono::milliseconds(0));
  ASSERT_EQ(first.status, WW_STATUS_OK);
  ASSERT_EQ(first.posts.size(), 2u);
  EXPECT_EQ(first.posts[1].text, "second post");
  ASSERT_TRUE(first.checkpoint.has_value());

  auto resumed =
      ConnectorInstance::Create(*library, config, first.checkpoint, nullptr);
  ASSERT_TRUE(resumed.ok());
  BatchResult rest = (*resumed)->NextBatch(10, std::chrono::milliseconds(0));
  ASSERT_EQ(rest.status, WW_STATUS_OK);
  ASSERT_EQ(rest.posts.size(), 1u);
  EXPECT_EQ(rest.posts[0].text, "third post");
  EXPECT_EQ(rest.posts[0].id, "4");
  EXPECT_EQ((*resumed)->NextBatch(10, std::chrono::milliseconds(0)).status,
            WW_STATUS_END_OF_STREAM);
  instance->reset();
  resumed->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace wildwatch
