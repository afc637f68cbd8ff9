#include "host/cli/cursor_file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/testing/scratch_dir.h"

namespace wildwatch::cli {
namespace {

TEST(CursorFileTest, SavedSequenceLoadsBack) {
  testing::ScratchDir dir("ww_cursor");
  const std::string path = dir.PathOf("feed.cursor");
  ASSERT_TRUE(SaveCursor(path, 42));
  EXPECT_EQ(LoadCursor(path), 42u);
  ASSERT_TRUE(SaveCursor(path, 18446744073709551615u));
  EXPECT_EQ(LoadCursor(path), 18446744073709551615u);
  // Written by rename: no temporary is left beside it.
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(CursorFileTest, MissingOrGarbledFileHasNoCursor) {
  testing::ScratchDir dir("ww_cursor");
  EXPECT_EQ(LoadCursor(dir.PathOf("absent")), std::nullopt);
  EXPECT_EQ(LoadCursor(dir.Write("empty", "")), std::nullopt);
  EXPECT_EQ(LoadCursor(dir.Write("words", "seven\n")), std::nullopt);
}

TEST(CursorFileTest, UnwritableDirectoryFails) {
  testing::ScratchDir dir("ww_cursor");
  EXPECT_FALSE(SaveCursor(dir.PathOf("no/such/dir/cursor"), 1));
}

}  // namespace
}  // namespace wildwatch::cli
