#include "host/connector/connector_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "host/store/sqlite_match_store.h"
#include "tests/testing/rule_fixture.h"
#include "tests/testing/scratch_dir.h"

namespace wildwatch {
namespace {

using ::testing::HasSubstr;

class ConnectorRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OpenStore();
    std::vector<rules::Diagnostic> diagnostics;
    auto set = rules::RuleSet::LoadFromString(
        testing::RuleSetYaml("test", {testing::ElephantIvory("high")}),
        "test.yaml", &diagnostics);
    ASSERT_NE(set, nullptr);
    rules_ = std::make_unique<ActiveRules>(set);
    auto lib = PluginLibrary::Load(std::string(WILDWATCH_BINARY_DIR) +
                                   "/plugins/libwildwatch_test_good.so");
    ASSERT_TRUE(lib.ok());
    library_ = *lib;
    options_.poll_timeout = std::chrono::milliseconds(20);
    options_.initial_backoff = std::chrono::milliseconds(5);
    options_.max_backoff = std::chrono::milliseconds(20);
    options_.batch_size = 4;
    options_.queue_batches = 2;
  }
  void TearDown() override { store_.reset(); }

  void OpenStore() {
    SqliteMatchStore::Options o;
    o.path = dir_.PathOf("matches.db");
    auto store = SqliteMatchStore::Open(o);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  std::unique_ptr<ConnectorRunner> Runner(const std::string& config) {
    return std::make_unique<ConnectorRunner>(
        InstanceSpec{"scripted-1", "forum-x", config, nullptr}, library_, "",
        store_.get(), rules_.get(), options_);
  }

  static void WaitDone(const ConnectorRunner& r) {
    for (int i = 0; i < 500 && !r.Done(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(r.Done());
  }

  std::vector<Match> All() {
    auto all = store_->ReadFrom(0, 100000);
    EXPECT_TRUE(all.ok());
    return *all;
  }

  testing::ScratchDir dir_{"ww_runner_test"};
  std::unique_ptr<SqliteMatchStore> store_;
  std::unique_ptr<ActiveRules> rules_;
  std::shared_ptr<const PluginLibrary> library_;
  RunnerOptions options_;
};

TEST_F(ConnectorRunnerTest, MatchesAndCommitsEveryPostWithItsCheckpoint) {
  auto runner = Runner(R"({"count": 10, "text": "carved ivory for sale"})");
  runner->Start();
  WaitDone(*runner);
  ConnectorSnapshot s = runner->Snapshot();
  EXPECT_EQ(s.state, "finished");
  EXPECT_EQ(s.posts_read, 10u);
  EXPECT_EQ(s.matches, 10u);
  EXPECT_EQ(s.plugin, "scripted");
  EXPECT_EQ(s.last_checkpoint, "10");
  EXPECT_EQ(s.counters["batches"], 3u);
  std::vector<Match> all = All();
  ASSERT_EQ(all.size(), 10u);
  EXPECT_EQ(all[0].post.id, "p0");
  EXPECT_EQ(all[0].platform, "forum-x");
  EXPECT_EQ(all[0].rule_id, "loxodonta-africana/ivory");
  EXPECT_EQ(all[0].matched, std::vector<std::string>{"ivory"});
  EXPECT_EQ(all[0].raw_sha256.size(), 64u);
  auto cp = store_->LoadCheckpoint("scripted-1");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(**cp, "10");
}

TEST_F(ConnectorRunnerTest, ParallelMatchingKeepsPostOrder) {
  options_.batch_size = 64;  // The scripted connector emits at most 64.
  options_.match_threads = 3;
  auto runner = Runner(R"({"count": 500, "text": "ivory"})");
  runner->Start();
  WaitDone(*runner);
  std::vector<Match> all = All();
  ASSERT_EQ(all.size(), 500u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].post.id, "p" + std::to_string(i));
  }
}

TEST_F(ConnectorRunnerTest, RestartResumesWithoutDuplicates) {
  auto first = Runner(R"({"count": 6, "text": "ivory"})");
  first->Start();
  WaitDone(*first);
  first.reset();
  // The same instance with more posts continues after the checkpoint.
  auto second = Runner(R"({"count": 9, "text": "ivory"})");
  second->Start();
  WaitDone(*second);
  EXPECT_EQ(second->Snapshot().posts_read, 3u);
  std::vector<Match> all = All();
  ASSERT_EQ(all.size(), 9u);
  std::set<std::string> ids;
  for (const Match& m : all) ids.insert(m.post.id);
  EXPECT_EQ(ids.size(), 9u);
}

TEST_F(ConnectorRunnerTest, RetriesTransientErrorsAndStopsOnFatal) {
  auto runner = Runner(
      R"({"count": 20, "text": "ivory", "transient_every": 2, "fatal_at": 9})");
  runner->Start();
  WaitDone(*runner);
  ConnectorSnapshot s = runner->Snapshot();
  EXPECT_EQ(s.state, "failed");
  EXPECT_EQ(s.last_error, "scripted fatal failure");
  EXPECT_EQ(s.posts_read, 9u);
  EXPECT_GE(s.errors, 3u);
  EXPECT_EQ(All().size(), 9u);
}

TEST_F(ConnectorRunnerTest, ConfigErrorAtCreate) {
  auto runner = Runner(R"({"fail_create": "config"})");
  runner->Start();
  WaitDone(*runner);
  EXPECT_EQ(runner->Snapshot().state, "config_error");
  EXPECT_THAT(runner->Snapshot().last_error, HasSubstr("scripted config"));
}

TEST_F(ConnectorRunnerTest, UnloadableLibraryIsReportedNotRun) {
  ConnectorRunner runner(InstanceSpec{"broken", "x", "{}", nullptr}, nullptr,
                         "libx.so: built for connector ABI 2.0", store_.get(),
                         rules_.get(), options_);
  runner.Start();
  EXPECT_TRUE(runner.Done());
  EXPECT_EQ(runner.Snapshot().state, "failed");
  EXPECT_THAT(runner.Snapshot().last_error, HasSubstr("ABI 2.0"));
}

TEST_F(ConnectorRunnerTest, OversizePostsAreSkippedWithAnError) {
  options_.max_post_bytes = 8;
  auto runner = Runner(R"({"count": 3, "text": "a very long ivory post"})");
  runner->Start();
  WaitDone(*runner);
  ConnectorSnapshot s = runner->Snapshot();
  EXPECT_EQ(s.state, "finished");
  EXPECT_EQ(s.counters["oversize_posts"], 3u);
  EXPECT_THAT(s.last_error, HasSubstr("over the limit of 8"));
  EXPECT_TRUE(All().empty());
  // The checkpoint still moved past them: they are not re-read forever.
  EXPECT_EQ(**store_->LoadCheckpoint("scripted-1"), "3");
}

TEST_F(ConnectorRunnerTest, StopCommitsWhatWasRead) {
  auto runner = Runner(R"({"count": 1000000, "text": "ivory", "idle": true})");
  runner->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  runner->Stop();
  ConnectorSnapshot s = runner->Snapshot();
  EXPECT_EQ(s.state, "stopped");
  // Everything read was matched and committed, and the checkpoint agrees.
  EXPECT_EQ(All().size(), s.posts_read);
  EXPECT_EQ(**store_->LoadCheckpoint("scripted-1"),
            std::to_string(s.posts_read));
}

// A source that hands out the batches it was given, then is lost.
class ScriptedSource : public ConnectorSource {
 public:
  explicit ScriptedSource(std::vector<BatchResult> batches)
      : batches_(std::move(batches)) {}
  BatchResult NextBatch(uint32_t, std::chrono::milliseconds) override {
    if (next_ < batches_.size()) return std::move(batches_[next_++]);
    BatchResult lost;
    lost.status = WW_STATUS_FATAL_ERROR;
    lost.lost = true;
    lost.error = "worker 1 killed by signal 11 (SIGSEGV)";
    return lost;
  }

 private:
  std::vector<BatchResult> batches_;
  size_t next_ = 0;
};

BatchResult IvoryBatch(const std::string& first_id, std::string checkpoint) {
  BatchResult r;
  r.status = WW_STATUS_OK;
  Post& post = r.posts.emplace_back();
  post.id = first_id;
  post.text = "ivory for sale";
  r.checkpoint = std::move(checkpoint);
  return r;
}

TEST_F(ConnectorRunnerTest,
       LostSourceReopensAtLastCheckpointReadThenQuarantines) {
  options_.restart_initial_backoff = std::chrono::milliseconds(1);
  options_.restart_max_backoff = std::chrono::milliseconds(2);
  options_.quarantine_after = 3;
  std::vector<std::optional<std::string>> opened_at;  // Puller thread only.
  InstanceSpec spec{"crashy", "forum-x", "{}", nullptr};
  spec.source = [&](const std::optional<std::string>& checkpoint,
                    ConnectorHost*, const std::atomic<bool>*)
      -> StatusOr<std::unique_ptr<ConnectorSource>> {
    opened_at.push_back(checkpoint);
    std::vector<BatchResult> batches;
    // The first worker reads two batches before its crash; a batch after
    // the first restart resets the count; then every worker crashes at once
    // (the second of them while opening).
    if (opened_at.size() == 1) {
      batches.push_back(IvoryBatch("a", "1"));
      batches.push_back(IvoryBatch("b", "2"));
    } else if (opened_at.size() == 2) {
      batches.push_back(IvoryBatch("c", "3"));
    } else if (opened_at.size() == 4) {
      return AbortedError("worker 2 exited with code 1 while opening");
    }
    return std::unique_ptr<ConnectorSource>(
        new ScriptedSource(std::move(batches)));
  };
  ConnectorRunner runner(std::move(spec), library_, "", store_.get(),
                         rules_.get(), options_);
  runner.Start();
  WaitDone(runner);
  const ConnectorSnapshot s = runner.Snapshot();
  EXPECT_EQ(s.state, "quarantined");
  EXPECT_THAT(s.last_error,
              HasSubstr("quarantined after 3 worker losses in a row at "
                        "checkpoint '3'"));
  EXPECT_THAT(s.last_error, HasSubstr("last: worker 2 exited with code 1"));
  EXPECT_EQ(s.counters.at("worker_restarts"), 3u);
  // Each new source resumed after the last batch read, committed or not.
  EXPECT_EQ(opened_at, (std::vector<std::optional<std::string>>{
                           std::nullopt, "2", "3", "3"}));
  EXPECT_EQ(All().size(), 3u);
  auto checkpoint = store_->LoadCheckpoint("crashy");
  ASSERT_TRUE(checkpoint.ok());
  EXPECT_EQ(*checkpoint, "3");
}

}  // namespace
}  // namespace wildwatch
