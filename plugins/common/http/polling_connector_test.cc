#include "plugins/common/http/polling_connector.h"

#include <gtest/gtest.h>

#include <map>

namespace wildwatch::plugins {
namespace {

using std::chrono::milliseconds;

// Counters the connector reports through a real ww_host_api table.
struct Counters {
  std::map<std::string, uint64_t> values;
  static void Log(void*, ww_log_level, const char*) {}
  static void Add(void* ctx, const char* name, uint64_t delta) {
    static_cast<Counters*>(ctx)->values[name] += delta;
  }
};

// Emits "item-<n>" for every n from its position up to the number of items
// the test made available; item 3 is malformed. The checkpoint is the next
// position.
class CountingConnector : public PollingConnector {
 public:
  CountingConnector(const sdk::CreateArgs& args, milliseconds interval)
      : PollingConnector(args, interval),
        next_(args.checkpoint.empty()
                  ? 0
                  : std::stoi(std::string(args.checkpoint))) {}

  int available = 0;
  int polls = 0;

 protected:
  void Poll(std::deque<QueuedItem>& queue) override {
    ++polls;
    for (int n = next_; n < available; ++n) {
      QueuedItem item;
      if (n == 3) {
        ReportMalformed("item 3");
      } else {
        item.post = sdk::Post{};
        item.post->id = "item-" + std::to_string(n);
      }
      item.commit = [this, n] { next_ = n + 1; };
      queue.push_back(std::move(item));
    }
  }
  std::string Checkpoint() const override { return std::to_string(next_); }

 private:
  int next_;
};

std::vector<std::string> Ids(const sdk::Batch& batch) {
  std::vector<std::string> ids;
  for (const sdk::Post& p : batch.posts) ids.push_back(p.id);
  return ids;
}

class PollingConnectorTest : public ::testing::Test {
 protected:
  ww_status Next(CountingConnector& c, uint32_t max_posts, sdk::Batch& batch,
                 milliseconds timeout = milliseconds(0)) {
    batch = sdk::Batch{};
    return c.NextBatch(sdk::BatchRequest{max_posts, timeout}, batch);
  }

  Counters counters_;
  ww_host_api api_{sizeof(ww_host_api), &counters_, &Counters::Log,
                   &Counters::Add};
  sdk::CreateArgs args_{"{}", "", sdk::HostApi(&api_)};
};

TEST_F(PollingConnectorTest, HandsOverAPollInBatchesWithExactCheckpoints) {
  CountingConnector c(args_, milliseconds(0));
  c.available = 6;
  sdk::Batch batch;
  ASSERT_EQ(Next(c, 2, batch), WW_STATUS_OK);
  EXPECT_EQ(Ids(batch), (std::vector<std::string>{"item-0", "item-1"}));
  EXPECT_EQ(batch.checkpoint, "2");
  // The malformed item 3 is skipped but its position is passed.
  ASSERT_EQ(Next(c, 2, batch), WW_STATUS_OK);
  EXPECT_EQ(Ids(batch), (std::vector<std::string>{"item-2", "item-4"}));
  EXPECT_EQ(batch.checkpoint, "5");
  ASSERT_EQ(Next(c, 2, batch), WW_STATUS_OK);
  EXPECT_EQ(Ids(batch), (std::vector<std::string>{"item-5"}));
  EXPECT_EQ(batch.checkpoint, "6");
  EXPECT_EQ(c.polls, 1);
  EXPECT_EQ(counters_.values["malformed_items"], 1u);

  // Nothing new: NO_DATA with the unchanged position.
  ASSERT_EQ(Next(c, 2, batch), WW_STATUS_NO_DATA);
  EXPECT_TRUE(batch.posts.empty());
  EXPECT_EQ(batch.checkpoint, "6");

  // A restart from a mid-poll checkpoint continues exactly there.
  sdk::CreateArgs resumed_args = args_;
  resumed_args.checkpoint = "2";
  CountingConnector resumed(resumed_args, milliseconds(0));
  resumed.available = 6;
  ASSERT_EQ(Next(resumed, 10, batch), WW_STATUS_OK);
  EXPECT_EQ(Ids(batch),
            (std::vector<std::string>{"item-2", "item-4", "item-5"}));
}

TEST_F(PollingConnectorTest, WaitsForThePollIntervalWithinTheTimeout) {
  CountingConnector c(args_, milliseconds(300));
  sdk::Batch batch;
  ASSERT_EQ(Next(c, 5, batch), WW_STATUS_NO_DATA);  // First poll: at once.
  EXPECT_EQ(c.polls, 1);
  c.available = 1;
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(Next(c, 5, batch, milliseconds(50)), WW_STATUS_NO_DATA);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(45));
  EXPECT_EQ(c.polls, 1);  // Not due yet.
  ASSERT_EQ(Next(c, 5, batch, milliseconds(1000)), WW_STATUS_OK);
  EXPECT_EQ(c.polls, 2);
  EXPECT_EQ(Ids(batch), (std::vector<std::string>{"item-0"}));
}

TEST(PollingConnectorErrorsTest, MapsStatusesToSdkErrors) {
  EXPECT_NO_THROW(PollingConnector::ThrowIfError(OkStatus()));
  auto status_of = [](const Status& s) {
    try {
      PollingConnector::ThrowIfError(s);
    } catch (const sdk::Error& e) {
      EXPECT_EQ(e.what(), s.message());
      return e.status();
    }
    return WW_STATUS_OK;
  };
  EXPECT_EQ(status_of(NotFoundError("404")), WW_STATUS_CONFIG_ERROR);
  EXPECT_EQ(status_of(Status(StatusCode::kUnauthenticated, "401")),
            WW_STATUS_CONFIG_ERROR);
  EXPECT_EQ(status_of(InvalidArgumentError("bad url")), WW_STATUS_CONFIG_ERROR);
  EXPECT_EQ(status_of(UnavailableError("503")), WW_STATUS_TRANSIENT_ERROR);
  EXPECT_EQ(status_of(ResourceExhaustedError("big")),
            WW_STATUS_TRANSIENT_ERROR);
}

}  // namespace
}  // namespace wildwatch::plugins
