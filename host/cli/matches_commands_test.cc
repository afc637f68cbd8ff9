#include "host/cli/matches_commands.h"

#include <gtest/gtest.h>

#include <mutex>
#include <sstream>

#include "host/cli/test_server.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {
namespace {

// Serves matches 1..7 three to a page, and records what it was asked.
class PagedFeed : public v1::MatchFeed::Service {
 public:
  grpc::Status ListMatches(grpc::ServerContext*,
                           const v1::ListMatchesRequest* request,
                           v1::ListMatchesResponse* response) override {
    std::lock_guard lock(mu_);
    requests_.push_back(*request);
    const int first =
        request->page_token().empty() ? 1 : std::stoi(request->page_token());
    for (int s = first; s < first + 3 && s <= 7; ++s) {
      v1::Match* m = response->add_matches();
      m->set_sequence(s);
      m->set_platform("bazaar");
    }
    if (first + 3 <= 7)
      response->set_next_page_token(std::to_string(first + 3));
    return grpc::Status::OK;
  }
  std::vector<v1::ListMatchesRequest> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  std::mutex mu_;
  std::vector<v1::ListMatchesRequest> requests_;
};

class MatchesCommandsTest : public ::testing::Test {
 protected:
  MatchesCommandsTest() : server_(&feed_) {
    flags_.client.server = server_.address();
  }
  PagedFeed feed_;
  TestServer server_;
  ListMatchesFlags flags_;
  std::ostringstream out_, err_;
};

TEST_F(MatchesCommandsTest, OnePageAndTheTokenForTheNext) {
  flags_.output = OutputFormat::kJsonl;
  flags_.platforms = {"bazaar"};
  flags_.since = "2024-05-01";
  flags_.until = "2024-06-01T00:00Z";
  flags_.page_size = 3;
  ASSERT_EQ(RunListMatches(flags_, out_, err_), 0) << err_.str();
  const std::string jsonl = out_.str();
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 3);
  EXPECT_EQ(err_.str(), "next page: --page-token 4\n");
  ASSERT_EQ(feed_.requests().size(), 1u);
  const v1::ListMatchesRequest sent = feed_.requests()[0];
  EXPECT_EQ(sent.platforms(0), "bazaar");
  EXPECT_EQ(sent.matched_after_ms(), 1714521600000);
  EXPECT_EQ(sent.matched_before_ms(), 1717200000000);
  EXPECT_EQ(sent.page_size(), 3);
}

TEST_F(MatchesCommandsTest, AllFollowsEveryPage) {
  flags_.output = OutputFormat::kCsv;
  flags_.all = true;
  ASSERT_EQ(RunListMatches(flags_, out_, err_), 0) << err_.str();
  std::istringstream lines(out_.str());
  std::string line;
  std::vector<std::string> firsts;
  while (std::getline(lines, line)) firsts.push_back(line.substr(0, 2));
  EXPECT_EQ(firsts, (std::vector<std::string>{"se", "1,", "2,", "3,", "4,",
                                              "5,", "6,", "7,"}));
  EXPECT_EQ(feed_.requests().size(), 3u);
  EXPECT_EQ(err_.str(), "");
}

TEST_F(MatchesCommandsTest, BadTimeIsAUsageErrorBeforeAnyCall) {
  flags_.since = "last week";
  EXPECT_EQ(RunListMatches(flags_, out_, err_), 2);
  EXPECT_NE(err_.str().find("--since 'last week'"), std::string::npos)
      << err_.str();
  EXPECT_TRUE(feed_.requests().empty());
}

}  // namespace
}  // namespace wildwatch::cli
