#include "host/plugin/plugin_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace wildwatch {
namespace {

using ::testing::HasSubstr;

std::string PluginPath(const std::string& name) {
  return std::string(WILDWATCH_BINARY_DIR) + "/plugins/libwildwatch_" + name +
         ".so";
}

TEST(PluginLibraryTest, LoadsAConnectorWrittenInC) {
  auto lib = PluginLibrary::Load(PluginPath("test_good"));
  ASSERT_TRUE(lib.ok()) << lib.status().ToString();
  EXPECT_EQ((*lib)->name(), "scripted");
  EXPECT_EQ((*lib)->version(), "1.0.0");
  EXPECT_EQ((*lib)->descriptor().abi_major, WW_CONNECTOR_ABI_MAJOR);
  EXPECT_EQ((*lib)->path(), PluginPath("test_good"));
}

TEST(PluginLibraryTest, RefusesAnotherAbiMajorNamingFileAndVersions) {
  auto lib = PluginLibrary::Load(PluginPath("test_wrong_major"));
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), StatusCode::kFailedPrecondition);
  const std::string host = std::to_string(WW_CONNECTOR_ABI_MAJOR) + "." +
                           std::to_string(WW_CONNECTOR_ABI_MINOR);
  const std::string plugin = std::to_string(WW_CONNECTOR_ABI_MAJOR + 1) + "." +
                             std::to_string(WW_CONNECTOR_ABI_MINOR);
  EXPECT_THAT(lib.status().message(),
              HasSubstr(PluginPath("test_wrong_major")));
  EXPECT_THAT(lib.status().message(), HasSubstr("ABI " + plugin));
  EXPECT_THAT(lib.status().message(), HasSubstr("ABI " + host));
}

TEST(PluginLibraryTest, RefusesANewerAbiMinor) {
  auto lib = PluginLibrary::Load(PluginPath("test_newer_minor"));
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(lib.status().message(), HasSubstr("newer than this host"));
}

TEST(PluginLibraryTest, RefusesALibraryThatIsNotAConnector) {
  auto lib = PluginLibrary::Load(PluginPath("test_not_plugin"));
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(lib.status().message(), HasSubstr("not a Wildwatch connector"));
}

TEST(PluginLibraryTest, RefusesAFileThatIsNotALibrary) {
  // A source file is a regular file but not an ELF object.
  const std::string path =
      std::string(WILDWATCH_SOURCE_DIR) + "/host/plugin/plugin_library.h";
  auto lib = PluginLibrary::Load(path);
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(lib.status().message(),
              HasSubstr("not a loadable shared library"));
}

TEST(PluginLibraryTest, ReportsAMissingFile) {
  auto lib = PluginLibrary::Load(PluginPath("does_not_exist"));
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), StatusCode::kNotFound);
}

TEST(ResolvePluginPathTest, NamesAndPaths) {
  EXPECT_EQ(ResolvePluginPath("jsonl", "/opt/ww/plugins"),
            "/opt/ww/plugins/libwildwatch_jsonl.so");
  EXPECT_EQ(ResolvePluginPath("custom/libx.so", "/opt/ww/plugins"),
            "/opt/ww/plugins/custom/libx.so");
  EXPECT_EQ(ResolvePluginPath("/abs/libx.so", "/opt/ww/plugins"),
            "/abs/libx.so");
  EXPECT_EQ(ResolvePluginPath("libx.so", "plugins"), "plugins/libx.so");
}

}  // namespace
}  // namespace wildwatch
