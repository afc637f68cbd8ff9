#include "plugins/common/files/file_queue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/testing/scratch_dir.h"

namespace wildwatch::plugins {
namespace {

namespace fs = std::filesystem;

class FileQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"a", "b", "c"}) Write(name, "12345");
  }
  void Write(const std::string& name, const std::string& content) {
    dir_.Write(name, content);
  }
  std::string P(const std::string& name) const { return dir_.PathOf(name); }
  std::vector<std::string> All() const { return {P("a"), P("b"), P("c")}; }

  testing::ScratchDir dir_{"wildwatch_file_queue"};
};

// Reads every file to its end, returning the paths in order.
std::vector<std::string> Drain(FileQueue* queue,
                               std::vector<std::string>* skipped) {
  std::vector<std::string> seen;
  while (const FileQueue::File* f = queue->Current(skipped)) {
    seen.push_back(f->path);
    queue->FinishCurrent();
  }
  return seen;
}

TEST_F(FileQueueTest, ResumesWherePositionsSayAndSkipsFinishedFiles) {
  std::vector<std::string> skipped;
  FileQueue first(All(), {});
  const FileQueue::File* a = first.Current(&skipped);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->path, P("a"));
  EXPECT_EQ(a->size, 5u);
  EXPECT_EQ(a->position->offset, 0u);
  first.FinishCurrent();
  const FileQueue::File* b = first.Current(&skipped);
  ASSERT_NE(b, nullptr);
  b->position->offset = 3;
  b->position->index = 1;

  auto positions = DecodeFilePositions(first.Checkpoint());
  ASSERT_TRUE(positions.ok());
  FileQueue second(All(), *positions);
  const FileQueue::File* resumed = second.Current(&skipped);
  ASSERT_NE(resumed, nullptr);
  EXPECT_EQ(resumed->path, P("b"));
  EXPECT_EQ(resumed->position->offset, 3u);
  EXPECT_EQ(resumed->position->index, 1u);
  second.FinishCurrent();
  EXPECT_EQ(Drain(&second, &skipped), std::vector<std::string>{P("c")});
  EXPECT_TRUE(second.exhausted());
  EXPECT_TRUE(skipped.empty());
}

TEST_F(FileQueueTest, GrownFileResumesReplacedFileRestarts) {
  FileQueue first(All(), {});
  std::vector<std::string> skipped;
  EXPECT_EQ(Drain(&first, &skipped), All());
  auto positions = DecodeFilePositions(first.Checkpoint());
  ASSERT_TRUE(positions.ok());

  std::ofstream(P("a"), std::ios::app) << "678";
  Write("new", "xy");
  fs::rename(P("new"), P("c"));
  FileQueue second(All(), *positions);
  const FileQueue::File* a = second.Current(&skipped);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->path, P("a"));
  EXPECT_EQ(a->position->offset, 5u);  // Only the appended bytes are new.
  second.FinishCurrent();
  const FileQueue::File* c = second.Current(&skipped);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->path, P("c"));
  EXPECT_EQ(c->position->offset, 0u);
  second.FinishCurrent();
  EXPECT_EQ(second.Current(&skipped), nullptr);
}

TEST_F(FileQueueTest, VanishedFileIsSkippedWithReason) {
  FileQueue queue(All(), {});
  fs::remove(P("b"));
  std::vector<std::string> skipped;
  EXPECT_EQ(Drain(&queue, &skipped),
            (std::vector<std::string>{P("a"), P("c")}));
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].rfind(P("b"), 0), 0u);
}

}  // namespace
}  // namespace wildwatch::plugins
