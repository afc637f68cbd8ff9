// Drives the built JSONL plugin through the host's loader and wrapper, the
// way the daemon does.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/plugin/config_schema.h"
#include "host/plugin/conformance.h"
#include "host/plugin/connector_instance.h"
#include "host/plugin/plugin_library.h"
#include "tests/testing/scratch_dir.h"

namespace wildwatch {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr milliseconds kNoWait{0};
// Long enough for a follow-mode poll on a loaded machine; the connector
// returns as soon as it has posts, so passing tests never wait this long.
constexpr milliseconds kFollowWait{3000};

class RecordingHost : public ConnectorHost {
 public:
  void Log(ww_log_level level, std::string_view message) override {
    std::lock_guard lock(mu_);
    logs_.emplace_back(std::to_string(level) + " " + std::string(message));
  }
  void AddCounter(std::string_view name, uint64_t delta) override {
    std::lock_guard lock(mu_);
    counters_[std::string(name)] += delta;
  }
  std::vector<std::string> logs() {
    std::lock_guard lock(mu_);
    return logs_;
  }
  uint64_t counter(const std::string& name) {
    std::lock_guard lock(mu_);
    return counters_[name];
  }

 private:
  std::mutex mu_;
  std::vector<std::string> logs_;
  std::map<std::string, uint64_t> counters_;
};

std::string Line(const std::string& id, const std::string& text = "t") {
  return nlohmann::json{{"id", id}, {"text", text}}.dump();
}

std::vector<std::string> Ids(const std::vector<Post>& posts) {
  std::vector<std::string> ids;
  for (const Post& p : posts) ids.push_back(p.id);
  return ids;
}

class JsonlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    auto lib = PluginLibrary::Load(std::string(WILDWATCH_BINARY_DIR) +
                                   "/plugins/libwildwatch_jsonl.so");
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    library_ = *lib;
  }
  std::string PathOf(const std::string& name) { return dir_.PathOf(name); }
  void Write(const std::string& name, const std::string& content) {
    dir_.Write(name, content);
  }
  void Append(const std::string& name, const std::string& content) {
    dir_.Append(name, content);
  }

  StatusOr<std::unique_ptr<ConnectorInstance>> Create(
      const nlohmann::json& config,
      const std::optional<std::string>& checkpoint = std::nullopt) {
    return ConnectorInstance::Create(library_, config.dump(), checkpoint,
                                     &host_);
  }

  std::unique_ptr<ConnectorInstance> MustCreate(
      const nlohmann::json& config,
      const std::optional<std::string>& checkpoint = std::nullopt) {
    auto inst = Create(config, checkpoint);
    EXPECT_TRUE(inst.ok()) << inst.status().ToString();
    return inst.ok() ? std::move(*inst) : nullptr;
  }

  // Reads to END_OF_STREAM in batches of batch_size; returns every batch.
  std::vector<BatchResult> ReadAll(ConnectorInstance& inst,
                                   uint32_t batch_size) {
    std::vector<BatchResult> batches;
    for (int guard = 0; guard < 1000; ++guard) {
      BatchResult b = inst.NextBatch(batch_size, kNoWait);
      if (b.status == WW_STATUS_END_OF_STREAM) return batches;
      EXPECT_EQ(b.status, WW_STATUS_OK) << b.error;
      if (b.status != WW_STATUS_OK) return batches;
      EXPECT_LE(b.posts.size(), batch_size);
      batches.push_back(std::move(b));
    }
    ADD_FAILURE() << "no end of stream";
    return batches;
  }

  std::vector<std::string> ReadAllIds(
      const nlohmann::json& config,
      const std::optional<std::string>& checkpoint = std::nullopt) {
    std::vector<std::string> ids;
    auto inst = MustCreate(config, checkpoint);
    if (inst == nullptr) return ids;
    for (const BatchResult& b : ReadAll(*inst, 3)) {
      for (const Post& p : b.posts) ids.push_back(p.id);
    }
    return ids;
  }

  testing::ScratchDir dir_{"wildwatch_jsonl"};
  std::shared_ptr<const PluginLibrary> library_;
  RecordingHost host_;
};

TEST_F(JsonlTest, DescriptorDeclaresAStrictValidSchema) {
  EXPECT_EQ(library_->name(), "jsonl");
  EXPECT_EQ(library_->descriptor().platform_kind, WW_PLATFORM_OTHER);
  const auto schema =
      nlohmann::json::parse(library_->descriptor().config_schema);
  ASSERT_TRUE(CheckSchema(schema).ok()) << CheckSchema(schema).ToString();
  EXPECT_TRUE(ValidateAgainstSchema({{"path", "x.jsonl"}}, schema).empty());
  EXPECT_TRUE(ValidateAgainstSchema({{"path", "x"},
                                     {"follow", true},
                                     {"poll_interval_ms", 10},
                                     {"max_poll_interval_ms", 2000},
                                     {"max_line_bytes", 1024}},
                                    schema)
                  .empty());
  EXPECT_THAT(ValidateAgainstSchema(nlohmann::json::object(), schema),
              ElementsAre(HasSubstr("path")));
  EXPECT_THAT(ValidateAgainstSchema({{"path", "x"}, {"pth", "y"}}, schema),
              ElementsAre(HasSubstr("pth")));
  EXPECT_THAT(
      ValidateAgainstSchema({{"path", "x"}, {"poll_interval_ms", 5}}, schema),
      ElementsAre(HasSubstr("/poll_interval_ms")));
}

TEST_F(JsonlTest, ReadsAFileToTheEndKeepingEachLineAsEvidence) {
  const std::string first =
      R"({"id":"a","text":"bán ngà voi","created_at":"2024-05-01T10:00:00Z"})";
  Write("posts.jsonl", first + "\n" + Line("b") + "\n" + Line("c") + "\n");
  auto inst = MustCreate({{"path", PathOf("posts.jsonl")}});
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(10, kNoWait);
  ASSERT_EQ(b.status, WW_STATUS_OK) << b.error;
  EXPECT_EQ(Ids(b.posts), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(b.posts[0].raw, first);
  EXPECT_EQ(b.posts[0].text, "bán ngà voi");
  EXPECT_EQ(b.posts[0].created_at_ms, 1714557600000);
  EXPECT_EQ(b.posts[1].raw, Line("b"));
  EXPECT_TRUE(b.checkpoint.has_value());
  EXPECT_EQ(inst->NextBatch(10, kNoWait).status, WW_STATUS_END_OF_STREAM);
  EXPECT_EQ(inst->NextBatch(10, kNoWait).status, WW_STATUS_END_OF_STREAM);
}

// Lines are read in chunks of 64 KiB: lines that straddle a chunk boundary
// must come out whole, like those inside one.
TEST_F(JsonlTest, LinesAcrossReadChunksComeOutWhole) {
  std::string content;
  std::vector<std::string> lines;
  for (int i = 0; content.size() < 300 * 1024; ++i) {
    lines.push_back(
        Line("p" + std::to_string(i),
             std::string(static_cast<size_t>(i * 997 % 9000), 'x')));
    content += lines.back() + "\n";
  }
  Write("big.jsonl", content);
  auto inst = MustCreate({{"path", PathOf("big.jsonl")}});
  ASSERT_NE(inst, nullptr);
  std::vector<std::string> raws;
  for (const BatchResult& b : ReadAll(*inst, 7)) {
    for (const Post& p : b.posts) raws.push_back(p.raw);
  }
  EXPECT_EQ(raws, lines);
}

TEST_F(JsonlTest, BatchesHoldAtMostMaxPosts) {
  std::string content;
  for (int i = 0; i < 7; ++i) content += Line(std::to_string(i)) + "\n";
  Write("posts.jsonl", content);
  auto inst = MustCreate({{"path", PathOf("posts.jsonl")}});
  ASSERT_NE(inst, nullptr);
  std::vector<size_t> sizes;
  for (const BatchResult& b : ReadAll(*inst, 3))
    sizes.push_back(b.posts.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 1}));
}

TEST_F(JsonlTest, DirectoryReadsPostFilesInSortedOrder) {
  Write("b.jsonl", Line("b1") + "\n" + Line("b2") + "\n");
  Write("a.ndjson", Line("a1") + "\n");
  Write("c.json", Line("c1") + "\n");
  Write("notes.txt", Line("ignored") + "\n");
  fs::create_directory(dir_.path() / "sub.jsonl");
  EXPECT_EQ(ReadAllIds({{"path", dir_.path().string()}}),
            (std::vector<std::string>{"a1", "b1", "b2", "c1"}));
}

TEST_F(JsonlTest, GlobPatternSelectsMatchingFiles) {
  Write("x-2.jsonl", Line("x2") + "\n");
  Write("x-1.jsonl", Line("x1") + "\n");
  Write("y.jsonl", Line("y") + "\n");
  Write("x-3.ndjson", Line("x3") + "\n");
  EXPECT_EQ(ReadAllIds({{"path", PathOf("x-*.jsonl")}}),
            (std::vector<std::string>{"x1", "x2"}));
}

TEST_F(JsonlTest, ResumingFromEveryCheckpointGivesExactlyTheRest) {
  Write("1.jsonl", Line("p1") + "\n" + Line("p2") + "\nnot json\n" +
                       Line("p3") + "\n\n" + Line("p4") + "\n");
  Write("2.jsonl", "{\"id\":\"x\"}\n" + Line("p5") + "\n" + Line("p6"));
  Write("3.jsonl", Line("p7") + "\n");
  const nlohmann::json config = {{"path", dir_.path().string()}};
  for (uint32_t batch_size : {1u, 2u, 4u}) {
    auto inst = MustCreate(config);
    ASSERT_NE(inst, nullptr);
    std::vector<BatchResult> batches = ReadAll(*inst, batch_size);
    std::vector<std::string> all;
    for (const BatchResult& b : batches) {
      for (const Post& p : b.posts) all.push_back(p.id);
    }
    ASSERT_EQ(all, (std::vector<std::string>{"p1", "p2", "p3", "p4", "p5", "p6",
                                             "p7"}));
    size_t seen = 0;
    for (const BatchResult& b : batches) {
      seen += b.posts.size();
      ASSERT_TRUE(b.checkpoint.has_value());
      std::vector<std::string> rest(all.begin() + seen, all.end());
      EXPECT_EQ(ReadAllIds(config, b.checkpoint), rest)
          << "batch size " << batch_size << ", after " << seen << " posts";
    }
  }
}

TEST_F(JsonlTest, MalformedLinesAreSkippedLoggedAndCounted) {
  Write("m.jsonl",
        Line("ok1") + "\n" +                                   // 1
            "{not json\n" +                                    // 2
            R"({"text":"no id"})" + "\n" +                     // 3
            R"({"id":"n"})" + "\n" +                           // 4
            R"({"id":"d","text":"t","created_at":"May 1"})" +  // 5
            "\n\n" +                                           // 6 (blank)
            Line("ok2") + "\n" +                               // 7
            "[1,2]\n" +                                        // 8
            Line("ok3") + "\n");                               // 9
  const std::string file = PathOf("m.jsonl");
  auto inst = MustCreate({{"path", file}});
  ASSERT_NE(inst, nullptr);
  BatchResult first = inst->NextBatch(1, kNoWait);
  ASSERT_EQ(Ids(first.posts), (std::vector<std::string>{"ok1"}));
  EXPECT_EQ(host_.counter("malformed_items"), 0u);
  BatchResult second = inst->NextBatch(1, kNoWait);
  ASSERT_EQ(Ids(second.posts), (std::vector<std::string>{"ok2"}));
  EXPECT_EQ(host_.counter("malformed_items"), 4u);
  EXPECT_THAT(host_.logs(), ElementsAre(HasSubstr(file + ":2: invalid JSON"),
                                        HasSubstr(file + ":3: id"),
                                        HasSubstr(file + ":4: text"),
                                        HasSubstr(file + ":5: created_at")));

  // A restart after the first batch reports the same lines by the same
  // numbers.
  RecordingHost other;
  auto resumed =
      ConnectorInstance::Create(library_, nlohmann::json{{"path", file}}.dump(),
                                first.checkpoint, &other);
  ASSERT_TRUE(resumed.ok());
  std::vector<std::string> ids;
  for (const BatchResult& b : ReadAll(**resumed, 10)) {
    for (const Post& p : b.posts) ids.push_back(p.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"ok2", "ok3"}));
  EXPECT_EQ(other.counter("malformed_items"), 5u);
  std::vector<std::string> logs = other.logs();
  ASSERT_EQ(logs.size(), 5u);
  EXPECT_THAT(logs[0], HasSubstr(file + ":2: "));
  EXPECT_THAT(logs[4], HasSubstr(file + ":8: "));

  // And a restart after the second batch does not report them again.
  RecordingHost third;
  auto late =
      ConnectorInstance::Create(library_, nlohmann::json{{"path", file}}.dump(),
                                second.checkpoint, &third);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(Ids((*late)->NextBatch(10, kNoWait).posts),
            (std::vector<std::string>{"ok3"}));
  EXPECT_THAT(third.logs(), ElementsAre(HasSubstr(file + ":8: ")));
}

TEST_F(JsonlTest, SkippedLinesAtTheEndStillMoveTheCheckpoint) {
  Write("s.jsonl", Line("a") + "\nbroken\n");
  auto inst = MustCreate({{"path", PathOf("s.jsonl")}});
  ASSERT_NE(inst, nullptr);
  ASSERT_EQ(inst->NextBatch(1, kNoWait).status, WW_STATUS_OK);
  BatchResult end = inst->NextBatch(1, kNoWait);
  EXPECT_EQ(end.status, WW_STATUS_END_OF_STREAM);
  ASSERT_TRUE(end.checkpoint.has_value());
  RecordingHost other;
  auto resumed = ConnectorInstance::Create(
      library_, nlohmann::json{{"path", PathOf("s.jsonl")}}.dump(),
      end.checkpoint, &other);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ((*resumed)->NextBatch(1, kNoWait).status, WW_STATUS_END_OF_STREAM);
  EXPECT_EQ(other.counter("malformed_items"), 0u);
}

TEST_F(JsonlTest, OversizeLineIsSkippedAndReported) {
  const std::string huge =
      R"({"id":"big","text":")" + std::string(200000, 'x') + "\"}";
  Write("o.jsonl", Line("a") + "\n" + huge + "\n" + Line("b") + "\n");
  auto inst =
      MustCreate({{"path", PathOf("o.jsonl")}, {"max_line_bytes", 1000}});
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(10, kNoWait);
  EXPECT_EQ(Ids(b.posts), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(host_.counter("malformed_items"), 1u);
  EXPECT_THAT(host_.logs(),
              ElementsAre(HasSubstr(PathOf("o.jsonl") + ":2: line is " +
                                    std::to_string(huge.size()) + " bytes")));
}

TEST_F(JsonlTest, FinalLineWithoutNewlineIsReadAtTheEnd) {
  Write("f.jsonl", Line("a") + "\r\n" + Line("b"));
  EXPECT_EQ(ReadAllIds({{"path", PathOf("f.jsonl")}}),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(host_.counter("malformed_items"), 0u);
}

TEST_F(JsonlTest, FollowPicksUpAppendedLinesAndNewFiles) {
  Write("a.jsonl", Line("a1") + "\n");
  auto inst = MustCreate({{"path", PathOf("*.jsonl")},
                          {"follow", true},
                          {"poll_interval_ms", 10}});
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Ids(inst->NextBatch(10, kNoWait).posts),
            (std::vector<std::string>{"a1"}));
  EXPECT_EQ(inst->NextBatch(10, milliseconds(30)).status, WW_STATUS_NO_DATA);

  Append("a.jsonl", Line("a2") + "\n");
  BatchResult appended = inst->NextBatch(10, kFollowWait);
  ASSERT_EQ(appended.status, WW_STATUS_OK);
  EXPECT_EQ(Ids(appended.posts), (std::vector<std::string>{"a2"}));

  Write("b.jsonl", Line("b1") + "\n");
  BatchResult created = inst->NextBatch(10, kFollowWait);
  ASSERT_EQ(created.status, WW_STATUS_OK);
  EXPECT_EQ(Ids(created.posts), (std::vector<std::string>{"b1"}));

  // A restart resumes both files where they were.
  Append("a.jsonl", Line("a3") + "\n");
  auto resumed = MustCreate({{"path", PathOf("*.jsonl")}, {"follow", true}},
                            created.checkpoint);
  ASSERT_NE(resumed, nullptr);
  EXPECT_EQ(Ids(resumed->NextBatch(10, kFollowWait).posts),
            (std::vector<std::string>{"a3"}));
}

// After 2.6 s of nothing, looks have backed off to one every 2.56 s, so
// only inotify can bring a line appended then within the next 1.5 s.
TEST_F(JsonlTest, FollowWakesFromAnIdleBackOffOnChanges) {
  Write("a.jsonl", Line("a1") + "\n");
  auto inst = MustCreate({{"path", PathOf("*.jsonl")},
                          {"follow", true},
                          {"poll_interval_ms", 10},
                          {"max_poll_interval_ms", 600000}});
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Ids(inst->NextBatch(10, kNoWait).posts),
            (std::vector<std::string>{"a1"}));
  EXPECT_EQ(inst->NextBatch(10, milliseconds(2600)).status, WW_STATUS_NO_DATA);

  // Appended while nobody waits: the change is remembered for the next call.
  Append("a.jsonl", Line("a2") + "\n");
  BatchResult appended = inst->NextBatch(10, milliseconds(1500));
  ASSERT_EQ(appended.status, WW_STATUS_OK);
  EXPECT_EQ(Ids(appended.posts), (std::vector<std::string>{"a2"}));
}

TEST_F(JsonlTest, FollowWaitsForThePartialLastLine) {
  const std::string line = Line("p");
  Write("p.jsonl", line.substr(0, 5));
  auto inst = MustCreate({{"path", PathOf("p.jsonl")},
                          {"follow", true},
                          {"poll_interval_ms", 10}});
  ASSERT_NE(inst, nullptr);
  BatchResult waiting = inst->NextBatch(10, milliseconds(50));
  EXPECT_EQ(waiting.status, WW_STATUS_NO_DATA);
  EXPECT_FALSE(waiting.checkpoint.has_value());
  Append("p.jsonl", line.substr(5));
  EXPECT_EQ(inst->NextBatch(10, milliseconds(50)).status, WW_STATUS_NO_DATA);
  Append("p.jsonl", "\n");
  BatchResult done = inst->NextBatch(10, kFollowWait);
  ASSERT_EQ(done.status, WW_STATUS_OK);
  ASSERT_EQ(Ids(done.posts), (std::vector<std::string>{"p"}));
  EXPECT_EQ(done.posts[0].raw, line);
  EXPECT_EQ(host_.counter("malformed_items"), 0u);
}

TEST_F(JsonlTest, FollowWaitsForAPathThatMatchesNothingYet) {
  auto inst = MustCreate({{"path", PathOf("later.jsonl")},
                          {"follow", true},
                          {"poll_interval_ms", 10}});
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->NextBatch(10, milliseconds(30)).status, WW_STATUS_NO_DATA);
  Write("later.jsonl", Line("l") + "\n");
  EXPECT_EQ(Ids(inst->NextBatch(10, kFollowWait).posts),
            (std::vector<std::string>{"l"}));
}

TEST_F(JsonlTest, ReplacedFileIsReadFromTheStart) {
  Write("r.jsonl", Line("old1") + "\n" + Line("old2") + "\n");
  const nlohmann::json config = {{"path", PathOf("r.jsonl")}};
  auto inst = MustCreate(config);
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(1, kNoWait);
  ASSERT_TRUE(b.checkpoint.has_value());
  // Written beside and renamed over, as log rotation does: a new inode.
  Write("r.tmp",
        Line("new1") + "\n" + Line("new2") + "\n" + Line("new3") + "\n");
  fs::rename(PathOf("r.tmp"), PathOf("r.jsonl"));
  EXPECT_EQ(ReadAllIds(config, b.checkpoint),
            (std::vector<std::string>{"new1", "new2", "new3"}));
}

TEST_F(JsonlTest, FileShrunkBelowTheCheckpointIsReadFromTheStartWithAWarning) {
  Write("s.jsonl", Line("s1") + "\n" + Line("s2") + "\n");
  const nlohmann::json config = {{"path", PathOf("s.jsonl")}};
  auto inst = MustCreate(config);
  ASSERT_NE(inst, nullptr);
  BatchResult b = inst->NextBatch(2, kNoWait);
  Write("s.jsonl", Line("z") + "\n");  // Truncated in place: same inode.
  EXPECT_EQ(ReadAllIds(config, b.checkpoint), (std::vector<std::string>{"z"}));
  EXPECT_THAT(host_.logs(), ElementsAre(HasSubstr("shrank")));
}

TEST_F(JsonlTest, RejectsBadConfiguration) {
  for (const nlohmann::json& bad :
       {nlohmann::json::object(), nlohmann::json{{"path", ""}},
        nlohmann::json{{"path", 3}},
        nlohmann::json{{"path", "x"}, {"follow", "yes"}},
        nlohmann::json{{"path", "x"}, {"poll_interval_ms", 1}},
        nlohmann::json{{"path", "x"}, {"max_poll_interval_ms", 9}},
        nlohmann::json{{"path", "x"}, {"max_line_bytes", 0}}}) {
    auto inst = Create(bad);
    ASSERT_FALSE(inst.ok()) << bad.dump();
    EXPECT_EQ(inst.status().code(), StatusCode::kInvalidArgument) << bad.dump();
  }
}

TEST_F(JsonlTest, PathMatchingNothingIsAConfigErrorNamingIt) {
  for (const std::string& path :
       {PathOf("missing.jsonl"), PathOf("*.jsonl"), dir_.path().string()}) {
    auto inst = Create({{"path", path}});
    ASSERT_FALSE(inst.ok()) << path;
    EXPECT_EQ(inst.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(inst.status().message(), HasSubstr(path));
  }
}

TEST_F(JsonlTest, RefusesACorruptCheckpoint) {
  Write("c.jsonl", Line("c") + "\n");
  for (const std::string& bad :
       {std::string("garbage"), std::string(R"({"v":99,"files":{}})"),
        std::string(R"({"v":1,"files":{"x":{"dev":1}}})")}) {
    auto inst = Create({{"path", PathOf("c.jsonl")}}, bad);
    ASSERT_FALSE(inst.ok()) << bad;
    EXPECT_EQ(inst.status().code(), StatusCode::kInternal) << bad;
    EXPECT_THAT(inst.status().message(), HasSubstr("checkpoint"));
  }
}

TEST_F(JsonlTest, PassesTheHostConformanceCheck) {
  std::string content[2];
  for (int i = 0; i < 40; ++i) {
    content[i / 20] += Line("c" + std::to_string(i)) + "\n";
    if (i % 9 == 0) content[i / 20] += "malformed\n";
  }
  Write("a.jsonl", content[0]);
  Write("b.jsonl", content[1]);
  ConformanceOptions options;
  options.idle_timeout = milliseconds(200);
  ConformanceReport report = CheckConnector(
      library_->path(), nlohmann::json{{"path", dir_.path().string()}}.dump(),
      options);
  EXPECT_TRUE(report.passed()) << report.ToString();
  EXPECT_EQ(report.posts, 40u);
}

}  // namespace
}  // namespace wildwatch
