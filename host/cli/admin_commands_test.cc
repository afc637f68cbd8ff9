#include "host/cli/admin_commands.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <sstream>

#include "host/cli/test_server.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {
namespace {

constexpr char kToken[] = "admin-token";

// Answers like a daemon with two connectors, for the right token only.
class FakeAdmin : public v1::Admin::Service {
 public:
  grpc::Status ListConnectors(grpc::ServerContext* context,
                              const v1::ListConnectorsRequest*,
                              v1::ListConnectorsResponse* response) override {
    if (!Authorized(context)) return Refusal();
    v1::ConnectorStatus* a = response->add_connectors();
    a->set_name("bazaar");
    a->set_plugin("jsonl");
    a->set_plugin_version("1.2");
    a->set_state("running");
    a->set_posts_read(120);
    a->set_last_error("timeout, retrying");
    response->add_connectors()->set_name("forum");
    return grpc::Status::OK;
  }
  grpc::Status GetStats(grpc::ServerContext* context,
                        const v1::GetStatsRequest*,
                        v1::GetStatsResponse* response) override {
    if (!Authorized(context)) return Refusal();
    response->set_last_sequence(77);
    response->set_version("0.1.0");
    return grpc::Status::OK;
  }

 private:
  static bool Authorized(grpc::ServerContext* context) {
    auto it = context->client_metadata().find("authorization");
    return it != context->client_metadata().end() &&
           std::string(it->second.data(), it->second.size()) ==
               std::string("Bearer ") + kToken;
  }
  static grpc::Status Refusal() {
    return {grpc::StatusCode::UNAUTHENTICATED, "unknown token"};
  }
};

class AdminCommandsTest : public ::testing::Test {
 protected:
  AdminCommandsTest() : server_(&admin_) {
    flags_.client.server = server_.address();
    flags_.client.token = kToken;
  }

  FakeAdmin admin_;
  TestServer server_;
  AdminFlags flags_;
  std::ostringstream out_, err_;
};

TEST_F(AdminCommandsTest, ConnectorsAsTextAndCsv) {
  ASSERT_EQ(RunConnectors(flags_, out_, err_), 0) << err_.str();
  const std::string text = out_.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "NAME    PLUGIN     PLATFORM  STATE    POSTS  MATCHES  ERRORS  "
            "LAST BATCH  CHECKPOINT  LAST ERROR");
  EXPECT_NE(text.find("bazaar  jsonl 1.2"), std::string::npos) << text;

  flags_.output = OutputFormat::kCsv;
  out_.str("");
  ASSERT_EQ(RunConnectors(flags_, out_, err_), 0);
  EXPECT_EQ(out_.str(),
            "NAME,PLUGIN,PLATFORM,STATE,POSTS,MATCHES,ERRORS,LAST BATCH,"
            "CHECKPOINT,LAST ERROR\n"
            "bazaar,jsonl 1.2,,running,120,0,0,,,\"timeout, retrying\"\n"
            "forum,,,,0,0,0,,,\n");
}

TEST_F(AdminCommandsTest, ConnectorsAsJsonIsTheResponse) {
  flags_.output = OutputFormat::kJson;
  ASSERT_EQ(RunConnectors(flags_, out_, err_), 0);
  v1::ListConnectorsResponse back;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(out_.str(), &back).ok())
      << out_.str();
  ASSERT_EQ(back.connectors_size(), 2);
  EXPECT_EQ(back.connectors(0).posts_read(), 120u);

  flags_.output = OutputFormat::kJsonl;
  out_.str("");
  ASSERT_EQ(RunConnectors(flags_, out_, err_), 0);
  std::istringstream lines(out_.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    v1::ConnectorStatus c;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &c).ok());
    EXPECT_EQ(c.name(), n == 0 ? "bazaar" : "forum");
    ++n;
  }
  EXPECT_EQ(n, 2);
}

TEST_F(AdminCommandsTest, StatsRowsPerCounter) {
  flags_.output = OutputFormat::kCsv;
  ASSERT_EQ(RunStats(flags_, out_, err_), 0);
  EXPECT_NE(out_.str().find("\nlast_sequence,77\n"), std::string::npos)
      << out_.str();
  EXPECT_EQ(out_.str().substr(0, 14), "COUNTER,VALUE\n");
}

TEST_F(AdminCommandsTest, WrongTokenExitsWithAuthCode) {
  flags_.client.token = "guess";
  EXPECT_EQ(RunStats(flags_, out_, err_), 3);
  EXPECT_EQ(err_.str(), "wildwatch stats: UNAUTHENTICATED: unknown token\n");
  EXPECT_EQ(out_.str(), "");
}

TEST(AdminCommandsUnreachableTest, NoDaemonExitsWithUnavailableCode) {
  AdminFlags flags;
  flags.client.server = TestServer::ClosedAddress();
  flags.client.timeout_s = 2;
  std::ostringstream out, err;
  EXPECT_EQ(RunConnectors(flags, out, err), 5);
  EXPECT_EQ(err.str().rfind("wildwatch connectors: ", 0), 0u) << err.str();
}

}  // namespace
}  // namespace wildwatch::cli
