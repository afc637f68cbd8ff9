#include "plugins/telegram/export_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace wildwatch::telegram {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

std::string TestData(const std::string& name = "") {
  return std::string(WILDWATCH_SOURCE_DIR) + "/plugins/telegram/testdata/" +
         name;
}

// Posts in the channel fixture: every message but the two service ones.
const std::vector<std::string> kChannelIds = {
    "1783402231:2", "1783402231:3", "1783402231:4", "1783402231:6",
    "1783402231:7", "1783402231:8", "1783402231:9"};
const std::vector<std::string> kAccountIds = {"1622100100:102",
                                              "1622100100:103", "70002:7"};

struct ReadResult {
  std::vector<std::string> ids;
  std::vector<sdk::Post> posts;
  // (ids read before it, checkpoint) after every Read.
  std::vector<std::pair<size_t, std::string>> checkpoints;
};

ExportOptions Options(const std::string& path) {
  ExportOptions options;
  options.path = path;
  return options;
}

ReadResult ReadAll(const ExportOptions& options, const std::string& checkpoint,
                   uint32_t batch) {
  ReadResult result;
  StatusOr<std::unique_ptr<ExportReader>> reader =
      ExportReader::Open(options, checkpoint, sdk::HostApi(nullptr));
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return result;
  for (bool end = false; !end;) {
    std::vector<sdk::Post> posts;
    Status status = (*reader)->Read(batch, &posts, &end);
    EXPECT_TRUE(status.ok()) << status.ToString();
    if (!status.ok()) break;
    EXPECT_LE(posts.size(), batch);
    for (sdk::Post& p : posts) {
      result.ids.push_back(p.id);
      result.posts.push_back(std::move(p));
    }
    result.checkpoints.emplace_back(result.ids.size(), (*reader)->Checkpoint());
  }
  return result;
}

// A directory of its own under the system's temporary directory, removed
// with everything in it.
class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("telegram_reader_test_" + std::to_string(getpid()) + "_" +
               std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(ExportReaderTest, ReadsEveryMessageOfAFile) {
  ReadResult all = ReadAll(Options(TestData("channel/result.json")), "", 100);
  EXPECT_EQ(all.ids, kChannelIds);
}

TEST(ExportReaderTest, ResumesFromEveryCheckpointWithoutLossOrRepeats) {
  // Both exports, in path order: account, then channel.
  ExportOptions options = Options(TestData("*/result.json"));
  ReadResult all = ReadAll(options, "", 2);
  std::vector<std::string> expected = kAccountIds;
  expected.insert(expected.end(), kChannelIds.begin(), kChannelIds.end());
  ASSERT_EQ(all.ids, expected);
  for (const auto& [before, checkpoint] : all.checkpoints) {
    ReadResult rest = ReadAll(options, checkpoint, 3);
    EXPECT_THAT(rest.ids,
                ElementsAreArray(expected.begin() + before, expected.end()))
        << checkpoint;
  }
}

TEST(ExportReaderTest, ADirectoryMeansTheExportsInIt) {
  EXPECT_EQ(ReadAll(Options(TestData("account")), "", 10).ids, kAccountIds);
}

TEST(ExportReaderTest, PublicUsernamesGivePermalinks) {
  ExportOptions options = Options(TestData("account"));
  options.public_usernames["70002"] = "ben_private";
  ReadResult all = ReadAll(options, "", 10);
  ASSERT_EQ(all.posts.size(), 3u);
  // A public supergroup without a known username has no permalink.
  EXPECT_EQ(all.posts[0].url, "");
  EXPECT_EQ(all.posts[2].url, "https://t.me/ben_private/7");
}

TEST(ExportReaderTest, MissingPathIsNotFound) {
  auto reader = ExportReader::Open(Options(TestData("none/*.json")), "",
                                   sdk::HostApi(nullptr));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
}

TEST(ExportReaderTest, ForeignCheckpointIsRejected) {
  const std::string path = TestData("channel/result.json");
  for (
      const std::string& checkpoint :
      {std::string("not json"), std::string(R"({"offset": 3})"),
       R"({"files": {")" + path + R"(": {"chat": "x"}}})",
       R"({"files": {")" + path +
           R"(": {"id": "1:2:3", "chat": 0, "message": 0, "done": "yes"}}})"}) {
    auto reader =
        ExportReader::Open(Options(path), checkpoint, sdk::HostApi(nullptr));
    ASSERT_FALSE(reader.ok()) << checkpoint;
    EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(ExportReaderTest, PositionsOfUnlistedFilesAreIgnored) {
  ReadResult all = ReadAll(
      Options(TestData("channel/result.json")),
      R"({"files": {"elsewhere.json": {"id": "1:2:3", "chat": 0, "message": 4}}})",
      100);
  EXPECT_EQ(all.ids, kChannelIds);
}

TEST(ExportReaderTest, FileOverTheLimitIsRefused) {
  ExportOptions options = Options(TestData("channel/result.json"));
  options.max_file_bytes = 100;
  auto reader = ExportReader::Open(options, "", sdk::HostApi(nullptr));
  ASSERT_TRUE(reader.ok());
  std::vector<sdk::Post> posts;
  bool end = false;
  Status status = (*reader)->Read(10, &posts, &end);
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(status.message(), HasSubstr("max_file_bytes"));
  EXPECT_TRUE(posts.empty());
}

TEST(ExportReaderTest, BrokenFilesAndMessagesAreSkipped) {
  TempDir dir;
  dir.Write("a_broken.json", R"({"id": 1, "messages": [{"id": 1})");
  dir.Write("b_not_export.json", R"({"hello": "world"})");
  dir.Write("c_good.json", R"({"id": 4, "messages": [
      {"id": 1, "type": "message", "text": "one"},
      {"id": "two", "type": "message", "text": "two"},
      17,
      {"id": 3, "type": "service"},
      {"id": 4, "type": "message", "text": "four"}]})");
  ReadResult all = ReadAll(Options(dir.path()), "", 10);
  EXPECT_THAT(all.ids, ElementsAre("4:1", "4:4"));
}

TEST(ExportReaderTest, DoneFilesAreNotReadAgain) {
  TempDir dir;
  std::string file = dir.Write(
      "result.json", R"({"id": 4, "messages": [{"id": 1, "text": "x"}]})");
  ReadResult all = ReadAll(Options(file), "", 10);
  ASSERT_EQ(all.ids, std::vector<std::string>{"4:1"});
  // Rewritten in place to the same size, the file keeps its identity; the
  // checkpoint says it is done, so its new message is never seen.
  dir.Write("result.json",
            R"({"id": 4, "messages": [{"id": 9, "text": "y"}]})");
  EXPECT_TRUE(
      ReadAll(Options(file), all.checkpoints.back().second, 10).ids.empty());
  EXPECT_EQ(ReadAll(Options(file), "", 10).ids,
            std::vector<std::string>{"4:9"});
}

TEST(ExportReaderTest, ReplacedFileIsReadFromItsStart) {
  TempDir dir;
  std::string file = dir.Write(
      "result.json",
      R"({"id": 4, "messages": [{"id": 1, "text": "x"}, {"id": 2}]})");
  ReadResult first = ReadAll(Options(file), "", 1);
  ASSERT_EQ(first.ids.size(), 2u);
  const std::string after_one = first.checkpoints.front().second;
  // A new export saved over the old one: a new inode, a new size.
  fs::remove(file);
  dir.Write("result.json",
            R"({"id": 4, "messages": [{"id": 1}, {"id": 2}, {"id": 3}]})");
  EXPECT_THAT(ReadAll(Options(file), after_one, 10).ids,
              ElementsAre("4:1", "4:2", "4:3"));
}

}  // namespace
}  // namespace wildwatch::telegram
