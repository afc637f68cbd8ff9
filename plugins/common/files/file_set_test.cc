#include "plugins/common/files/file_set.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/testing/scratch_dir.h"

namespace wildwatch::plugins {
namespace {

namespace fs = std::filesystem;

class FileSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write("b.txt", "b");
    Write("a.txt", "a");
    Write("c.log", "c");
    Write(".hidden.txt", "h");
    Write("sub/d.txt", "d");
  }
  void Write(const std::string& name, const std::string& content) {
    dir_.Write(name, content);
  }
  std::string P(const std::string& name) const { return dir_.PathOf(name); }

  testing::ScratchDir dir_{"wildwatch_file_set"};
};

TEST_F(FileSetTest, NamedFileIsListedWhateverItsSuffix) {
  EXPECT_EQ(ListFiles(P("c.log"), {".txt"}),
            std::vector<std::string>{P("c.log")});
}

TEST_F(FileSetTest, DirectoryListsVisibleRegularFilesSortedAndFiltered) {
  EXPECT_EQ(ListFiles(dir_.path().string(), {}),
            (std::vector<std::string>{P("a.txt"), P("b.txt"), P("c.log")}));
  EXPECT_EQ(ListFiles(dir_.path().string(), {".txt"}),
            (std::vector<std::string>{P("a.txt"), P("b.txt")}));
}

TEST_F(FileSetTest, GlobMatchesRegularFilesOnly) {
  EXPECT_EQ(ListFiles(P("*.txt"), {}),
            (std::vector<std::string>{P("a.txt"), P("b.txt")}));
  EXPECT_EQ(ListFiles(P("*/*.txt"), {}),
            (std::vector<std::string>{P("sub/d.txt")}));
  EXPECT_TRUE(ListFiles(P("*.none"), {}).empty());
  EXPECT_TRUE(ListFiles(P("missing"), {}).empty());
}

TEST_F(FileSetTest, IdentityChangesWhenReplacedNotWhenAppended) {
  auto before = IdentifyFile(P("a.txt"));
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->size, 1u);
  std::ofstream(P("a.txt"), std::ios::app) << "more";
  auto grown = IdentifyFile(P("a.txt"));
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(grown->identity, before->identity);
  EXPECT_EQ(grown->size, 5u);
  // Saving a new export over the old file replaces it.
  Write("new.txt", "x");
  fs::rename(P("new.txt"), P("a.txt"));
  auto replaced = IdentifyFile(P("a.txt"));
  ASSERT_TRUE(replaced.ok());
  EXPECT_NE(replaced->identity, before->identity);
}

TEST_F(FileSetTest, IdentifyMissingFileIsNotFound) {
  auto info = IdentifyFile(P("missing"));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(info.status().message().rfind(P("missing"), 0), 0u);
}

TEST(BaseNameTest, LastComponent) {
  EXPECT_EQ(BaseName("chats/Ana.txt"), "Ana.txt");
  EXPECT_EQ(BaseName("Ana.txt"), "Ana.txt");
}

}  // namespace
}  // namespace wildwatch::plugins
