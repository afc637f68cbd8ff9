#include "host/cli/subscribe_command.h"

#include <gtest/gtest.h>

#include <mutex>
#include <sstream>
#include <vector>

#include "host/cli/cursor_file.h"
#include "host/cli/output_format.h"
#include "host/cli/test_server.h"
#include "tests/testing/scratch_dir.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {
namespace {

v1::SubscribeResponse MatchNumbered(uint64_t sequence) {
  v1::SubscribeResponse response;
  response.mutable_match()->set_sequence(sequence);
  response.mutable_match()->set_platform("bazaar");
  return response;
}

// A feed of matches 1..kLast that breaks after every second match, as a
// daemon restarting would, and replays the match before the cursor on each
// reconnect, as a careless server might.
class FlakyFeed : public v1::MatchFeed::Service {
 public:
  static constexpr uint64_t kLast = 5;

  grpc::Status Subscribe(
      grpc::ServerContext* context, const v1::SubscribeRequest* request,
      grpc::ServerWriter<v1::SubscribeResponse>* writer) override {
    {
      std::lock_guard lock(mu_);
      from_.push_back(request->from_sequence());
      for (const auto& [key, value] : context->client_metadata()) {
        if (key == "authorization")
          token_ = std::string(value.data(), value.size());
      }
    }
    if (denied_) return {grpc::StatusCode::PERMISSION_DENIED, "not yours"};
    uint64_t first = std::max<uint64_t>(request->from_sequence(), 1);
    if (first > 1) writer->Write(MatchNumbered(first - 1));
    for (uint64_t s = first; s <= kLast && s < first + 2; ++s) {
      writer->Write(MatchNumbered(s));
    }
    return {grpc::StatusCode::UNAVAILABLE, "restarting"};
  }

  std::vector<uint64_t> from() {
    std::lock_guard lock(mu_);
    return from_;
  }
  std::string token() {
    std::lock_guard lock(mu_);
    return token_;
  }
  bool denied_ = false;

 private:
  std::mutex mu_;
  std::vector<uint64_t> from_;
  std::string token_;
};

TEST(SubscribeCommandTest, ReconnectsFromTheCursorWithoutRepeatsOrGaps) {
  FlakyFeed feed;
  TestServer server(&feed);
  ASSERT_FALSE(server.address().empty());
  testing::ScratchDir dir("ww_subscribe");
  SubscribeFlags flags;
  flags.client.server = server.address();
  flags.client.token = "secret";
  flags.cursor_file = dir.PathOf("cursor");
  flags.limit = FlakyFeed::kLast;
  std::ostringstream out, err;
  EXPECT_EQ(RunSubscribe(flags, out, err), 0) << err.str();

  std::string expected;
  for (uint64_t s = 1; s <= FlakyFeed::kLast; ++s) {
    expected += ToJson(MatchNumbered(s).match()) + "\n";
  }
  EXPECT_EQ(out.str(), expected);
  EXPECT_EQ(feed.from(), (std::vector<uint64_t>{0, 3, 5}));
  EXPECT_EQ(feed.token(), "Bearer secret");
  EXPECT_EQ(LoadCursor(flags.cursor_file), FlakyFeed::kLast);
  EXPECT_NE(err.str().find("reconnecting from 3"), std::string::npos)
      << err.str();
}

TEST(SubscribeCommandTest, ResumesAfterTheSavedCursor) {
  FlakyFeed feed;
  TestServer server(&feed);
  testing::ScratchDir dir("ww_subscribe");
  SubscribeFlags flags;
  flags.client.server = server.address();
  flags.cursor_file = dir.PathOf("cursor");
  ASSERT_TRUE(SaveCursor(flags.cursor_file, 3));
  flags.from = 1;  // The cursor file wins.
  flags.limit = 1;
  flags.output = OutputFormat::kCsv;
  std::ostringstream out, err;
  EXPECT_EQ(RunSubscribe(flags, out, err), 0) << err.str();
  EXPECT_EQ(feed.from(), (std::vector<uint64_t>{4}));
  const std::string csv = out.str();
  ASSERT_EQ(csv.substr(0, 9), "sequence,");
  EXPECT_EQ(csv.substr(csv.find('\n') + 1, 5), "4,,,b");
}

TEST(SubscribeCommandTest, RefusalIsFinalAndExitsWithAuthCode) {
  FlakyFeed feed;
  feed.denied_ = true;
  TestServer server(&feed);
  SubscribeFlags flags;
  flags.client.server = server.address();
  std::ostringstream out, err;
  EXPECT_EQ(RunSubscribe(flags, out, err), 3);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "wildwatch subscribe: PERMISSION_DENIED: not yours\n");
  EXPECT_EQ(feed.from().size(), 1u);
}

TEST(SubscribeCommandTest, BadSeverityIsAUsageError) {
  SubscribeFlags flags;
  flags.min_severity = "dire";
  std::ostringstream out, err;
  EXPECT_EQ(RunSubscribe(flags, out, err), 2);
  EXPECT_NE(err.str().find("--min-severity"), std::string::npos);
}

TEST(SubscribeCommandTest, ExitsWhenIdleWhileTheDaemonIsDown) {
  // The subscription keeps retrying until --exit-when-idle ends it with
  // success.
  SubscribeFlags flags;
  flags.client.server = TestServer::ClosedAddress();
  flags.exit_when_idle_s = 0.5;
  std::ostringstream out, err;
  EXPECT_EQ(RunSubscribe(flags, out, err), 0);
  EXPECT_EQ(out.str(), "");
  EXPECT_NE(err.str().find("UNAVAILABLE"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace wildwatch::cli
