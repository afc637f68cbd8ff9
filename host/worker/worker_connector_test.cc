#include "host/worker/worker_connector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <vector>

#include "host/worker/frame_io.h"
#include "host/worker/worker_protocol.pb.h"
#include "plugins/common/files/testing/connector_reader.h"

namespace wildwatch {
namespace {

using ::testing::HasSubstr;

std::string Plugin(const std::string& name) {
  return std::string(WILDWATCH_BINARY_DIR) + "/plugins/libwildwatch_" + name +
         ".so";
}

WorkerOptions Options(const std::string& plugin, const std::string& config) {
  WorkerOptions o;
  o.executable = std::string(WILDWATCH_BINARY_DIR) + "/bin/wildwatchd";
  o.plugin_path = Plugin(plugin);
  o.config_json = config;
  o.memory_limit_bytes = uint64_t{64} << 20;
  o.next_batch_deadline = std::chrono::milliseconds(1000);
  o.stop_grace = std::chrono::milliseconds(200);
  return o;
}

class WorkerConnectorTest : public ::testing::Test {
 protected:
  std::unique_ptr<WorkerConnector> Start(
      const WorkerOptions& options,
      const std::optional<std::string>& checkpoint = std::nullopt) {
    auto worker = WorkerConnector::Start(options, checkpoint, &host_, &stop_);
    EXPECT_TRUE(worker.ok()) << worker.status().ToString();
    return worker.ok() ? std::move(*worker) : nullptr;
  }

  plugins::RecordingHost host_;
  std::atomic<bool> stop_{false};
};

TEST_F(WorkerConnectorTest, ServesBatchesLogsAndCountersFromTheWorker) {
  auto worker = Start(Options("test_good", R"({"count": 5})"), "2");
  ASSERT_NE(worker, nullptr);
  EXPECT_NE(worker->pid(), getpid());
  BatchResult first = worker->NextBatch(2, std::chrono::milliseconds(10));
  ASSERT_EQ(first.status, WW_STATUS_OK) << first.error;
  ASSERT_EQ(first.posts.size(), 2u);
  EXPECT_EQ(first.posts[0].id, "p2");  // Resumed at the checkpoint.
  EXPECT_EQ(first.posts[1].text, "post 3");
  EXPECT_EQ(first.checkpoint, "4");
  BatchResult second = worker->NextBatch(2, std::chrono::milliseconds(10));
  ASSERT_EQ(second.status, WW_STATUS_OK);
  EXPECT_EQ(worker->NextBatch(2, std::chrono::milliseconds(10)).status,
            WW_STATUS_END_OF_STREAM);
  EXPECT_THAT(host_.logs(), ::testing::Contains(std::to_string(WW_LOG_INFO) +
                                                " scripted connector created"));
  EXPECT_EQ(host_.Counter("batches"), 2u);
}

TEST_F(WorkerConnectorTest, CreateErrorsKeepTheirCode) {
  auto config = WorkerConnector::Start(
      Options("test_good", R"({"fail_create": "config"})"), std::nullopt,
      &host_, &stop_);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("scripted config"));
  auto missing = WorkerConnector::Start(Options("no_such_plugin", "{}"),
                                        std::nullopt, &host_, &stop_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_F(WorkerConnectorTest, ProtocolViolationsAreReportedNotPassedOn) {
  auto worker =
      Start(Options("test_good", R"({"count": 9, "ok_empty_at": 0})"));
  ASSERT_NE(worker, nullptr);
  BatchResult bad = worker->NextBatch(4, std::chrono::milliseconds(10));
  EXPECT_EQ(bad.status, WW_STATUS_FATAL_ERROR);
  EXPECT_FALSE(bad.lost);
  EXPECT_THAT(bad.error, HasSubstr("protocol error"));
}

TEST_F(WorkerConnectorTest, AKilledWorkerIsLostWithItsSignal) {
  auto worker = Start(Options("test_good", R"({"count": 9})"));
  ASSERT_NE(worker, nullptr);
  ASSERT_EQ(kill(worker->pid(), SIGKILL), 0);
  BatchResult r = worker->NextBatch(4, std::chrono::milliseconds(10));
  EXPECT_TRUE(r.lost);
  EXPECT_EQ(r.status, WW_STATUS_FATAL_ERROR);
  EXPECT_THAT(r.error, HasSubstr("killed by signal 9 (SIGKILL)"));
}

TEST_F(WorkerConnectorTest, AHungCallIsKilledAtItsDeadlineOrOnStop) {
  auto hung = Start(Options("test_misbehaving", R"({"mode": "hang"})"));
  ASSERT_NE(hung, nullptr);
  BatchResult r = hung->NextBatch(4, std::chrono::milliseconds(10));
  EXPECT_TRUE(r.lost);
  EXPECT_THAT(r.error, HasSubstr("did not answer within 1010 ms"));

  WorkerOptions patient = Options("test_misbehaving", R"({"mode": "hang"})");
  patient.next_batch_deadline = std::chrono::hours(1);
  auto stopped = Start(patient);
  ASSERT_NE(stopped, nullptr);
  stop_ = true;
  const auto before = std::chrono::steady_clock::now();
  BatchResult s = stopped->NextBatch(4, std::chrono::milliseconds(10));
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
  EXPECT_TRUE(s.lost);
  EXPECT_THAT(s.error, HasSubstr("after the stop (stop_grace)"));
}

TEST(FrameIoTest, FramesRoundTripAndOversizedOnesAreRefused) {
  int fds[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  worker::Request sent;
  sent.mutable_next_batch()->set_max_posts(7);
  ASSERT_TRUE(WriteFrame(fds[0], sent));
  FrameReader reader(fds[1]);
  worker::Request got;
  ASSERT_EQ(reader.Read(std::chrono::milliseconds(1000), &got),
            FrameReader::Result::kFrame);
  EXPECT_EQ(got.next_batch().max_posts(), 7u);
  EXPECT_EQ(reader.Read(std::chrono::milliseconds(10), &got),
            FrameReader::Result::kTimeout);
  // A length over kMaxFrameBytes is refused before anything is allocated.
  const unsigned char huge[4] = {0xff, 0xff, 0xff, 0x7f};
  ASSERT_EQ(write(fds[0], huge, sizeof huge), 4);
  EXPECT_EQ(reader.Read(std::chrono::milliseconds(1000), &got),
            FrameReader::Result::kBad);
  close(fds[0]);
  FrameReader closed(fds[1]);
  EXPECT_EQ(closed.Read(std::chrono::milliseconds(1000), &got),
            FrameReader::Result::kClosed);
  close(fds[1]);
}

}  // namespace
}  // namespace wildwatch
