#include "host/daemon/data_dir_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "tests/testing/scratch_dir.h"

namespace wildwatch {
namespace {

class DataDirLockTest : public ::testing::Test {
 protected:
  testing::ScratchDir scratch_{"ww_lock"};
  const std::filesystem::path& dir_ = scratch_.path();
};

TEST_F(DataDirLockTest, SecondHolderIsRefusedWithTheFirstsPid) {
  StatusOr<DataDirLock> first = DataDirLock::Acquire(dir_.string());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // flock locks belong to the open file, so a second open in the same
  // process conflicts just as another daemon's would.
  StatusOr<DataDirLock> second = DataDirLock::Acquire(dir_.string());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(
      second.status().message().find("in use by another wildwatchd (pid " +
                                     std::to_string(getpid()) + ")"),
      std::string::npos)
      << second.status().message();
}

TEST_F(DataDirLockTest, ReleasedWhenTheHolderGoes) {
  std::optional<StatusOr<DataDirLock>> first =
      DataDirLock::Acquire(dir_.string());
  ASSERT_TRUE(first->ok());
  first.reset();
  EXPECT_TRUE(DataDirLock::Acquire(dir_.string()).ok());
}

TEST_F(DataDirLockTest, MissingDirectoryIsUnavailable) {
  StatusOr<DataDirLock> lock = DataDirLock::Acquire((dir_ / "nope").string());
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace wildwatch
