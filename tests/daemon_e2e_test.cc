// End to end: a real wildwatchd on 127.0.0.1, the JSONL connector, a rule
// set, and gRPC subscribers. Expected matches are computed in-process with
// the same rules over the same posts, so the tests assert what the daemon
// delivered against an independent run of the engine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "host/core/post_json.h"
#include "host/core/sha256.h"
#include "host/rules/rule_set.h"
#include "tests/testing/daemon_process.h"
#include "tests/testing/rule_fixture.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/test_data.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch {
namespace {

using testing::DaemonProcess;
using ::testing::HasSubstr;
using testing::ScratchDir;
using testing::TaxonYaml;
using testing::TigerBone;
namespace v1 = ::wildwatch::v1;

constexpr char kAgencyToken[] = "agency-token-0123456789";
constexpr char kAdminToken[] = "admin-token-0123456789";
constexpr char kAlphaToken[] = "alpha-token-0123456789";

constexpr char kRules[] = R"(name: e2e
taxa:
  - id: loxodonta-africana
    scientific_name: Loxodonta africana
    appendix: I
    rules:
      - id: ivory-sale
        severity: high
        any: ['\bivory\b']
        all: ['for sale|\$\d+']
        unless: ['ivory coast']
  - id: manidae
    scientific_name: Manidae spp.
    appendix: I
    rules:
      - id: scales
        severity: critical
        any: ['pangolin scales?', '穿山甲']
)";

// A post that matches ivory-sale, scales, both, or nothing, by its number.
std::string PostLine(int i) {
  std::string text;
  switch (i % 6) {
    case 0:
      text = "carved ivory bangle for sale, $120";
      break;
    case 1:
      text = "holiday photos from Ivory Coast, for sale soon";
      break;
    case 2:
      text = "dried pangolin scales 1kg, 穿山甲";
      break;
    case 3:
      text = "ivory for sale and pangolin scale too";
      break;
    default:
      text = "secondhand bicycle, good condition";
      break;
  }
  const std::string platform = i % 2 == 0 ? "alpha" : "beta";
  return R"({"id":"post-)" + std::to_string(i) + R"(","text":")" + text +
         R"(","platform":")" + platform + R"(","author":"seller)" +
         std::to_string(i % 7) + R"(","url":"https://example.test/p/)" +
         std::to_string(i) + R"(","created_at":"2024-05-01T10:00:00Z"})";
}

struct Received {
  std::vector<v1::Match> matches;
  grpc::Status status;
};

class DaemonE2ETest : public ::testing::Test {
 protected:
  void SetUp() override { dir_.Write("rules.yaml", kRules); }

  // Appends posts [from, to) to posts.jsonl.
  void WritePosts(int to, int from = 0) {
    std::string lines;
    for (int i = from; i < to; ++i) lines += PostLine(i) + "\n";
    dir_.Append("posts.jsonl", lines);
  }

  // Writes the daemon configuration; extra connectors are YAML list items.
  std::string WriteConfig(const std::string& pipeline = "{batch_size: 64}",
                          const std::string& extra_connectors = "",
                          const std::string& jsonl = "{path: posts.jsonl}") {
    std::ostringstream config;
    config << "listen: 127.0.0.1:0\n"
           << "data_dir: data\n"
           << "port_file: port\n"
           << "plugin_dir: " WILDWATCH_BINARY_DIR "/plugins\n"
           << "rules: [rules.yaml]\n"
           << "pipeline: " << pipeline << "\n"
           << "feed: {heartbeat_ms: 200}\n"
           << "connectors:\n"
           << "  - name: dump\n"
           << "    plugin: jsonl\n"
           << "    platform: dump-label\n"
           << "    config: " << jsonl << "\n"
           << extra_connectors << "tokens:\n"
           << "  - {name: agency, role: agency, token: " << kAgencyToken
           << "}\n"
           << "  - {name: ops, role: admin, token: " << kAdminToken << "}\n"
           << "  - {name: alpha-coc, role: 'platform:alpha', "
              "token: "
           << kAlphaToken << "}\n";
    return dir_.Write("wildwatchd.yaml", config.str());
  }

  void StartDaemon() {
    daemon_ = std::make_unique<DaemonProcess>();
    ASSERT_TRUE(daemon_->StartIn(dir_.path())) << daemon_->log();
  }

  // The (post id, rule id) pairs the engine finds in posts.jsonl.
  std::set<std::pair<std::string, std::string>> Expected() {
    std::vector<rules::Diagnostic> diagnostics;
    auto set =
        rules::RuleSet::LoadFromString(kRules, "rules.yaml", &diagnostics);
    EXPECT_NE(set, nullptr);
    std::set<std::pair<std::string, std::string>> expected;
    std::ifstream in(dir_.PathOf("posts.jsonl"));
    std::string line;
    while (std::getline(in, line)) {
      auto post = PostFromJson(line);
      if (!post.ok()) continue;
      for (const rules::Hit& hit : set->Match(post->text, post->lang)) {
        expected.emplace(post->id, hit.rule->id);
      }
    }
    return expected;
  }

  // Subscribes and collects matches until `want` arrived, the stream ends,
  // or timeout passes.
  Received Subscribe(
      const std::string& token, v1::SubscribeRequest request, size_t want,
      std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    auto stub = v1::MatchFeed::NewStub(daemon_->Channel());
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    auto reader = stub->Subscribe(&context, request);
    Received r;
    v1::SubscribeResponse response;
    bool open = true;
    while (r.matches.size() < want && (open = reader->Read(&response))) {
      if (response.has_match()) r.matches.push_back(response.match());
    }
    // Cancel only a stream that is still open: cancelling one that ended
    // would replace the server's status with CANCELLED.
    if (open) context.TryCancel();
    r.status = reader->Finish();
    return r;
  }

  v1::ListConnectorsResponse Connectors() {
    auto stub = v1::Admin::NewStub(daemon_->Channel());
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
    v1::ListConnectorsResponse response;
    grpc::Status s = stub->ListConnectors(&context, {}, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  ScratchDir dir_{"ww_e2e"};
  // After dir_: stopped before its files go.
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(DaemonE2ETest, SubscriberReceivesEveryExpectedMatchWithEvidence) {
  WritePosts(300);
  WriteConfig();
  StartDaemon();
  const auto expected = Expected();
  ASSERT_EQ(expected.size(), 200u);  // 50 ivory, 50 scales, 50 x 2 both.
  Received r = Subscribe(kAgencyToken, {}, expected.size());
  ASSERT_EQ(r.matches.size(), expected.size()) << r.status.error_message();
  std::set<std::pair<std::string, std::string>> got;
  uint64_t last_sequence = 0;
  for (const v1::Match& m : r.matches) {
    EXPECT_GT(m.sequence(), last_sequence);
    last_sequence = m.sequence();
    got.emplace(m.post().id(), m.rule_id());
    const int n = std::stoi(m.post().id().substr(5));
    // The evidence hash is that of the line as captured.
    EXPECT_EQ(m.raw_sha256(), Sha256Hex(PostLine(n)));
    EXPECT_EQ(m.platform(), n % 2 == 0 ? "alpha" : "beta");
    EXPECT_EQ(m.post().url(), "https://example.test/p/" + std::to_string(n));
    EXPECT_EQ(m.connector(), "dump");
    EXPECT_FALSE(m.ruleset_version().empty());
    ASSERT_GT(m.spans_size(), 0);
    EXPECT_EQ(m.post().text().substr(m.spans(0).start(),
                                     m.spans(0).end() - m.spans(0).start()),
              m.matched(0));
  }
  EXPECT_EQ(got, expected);
}

TEST_F(DaemonE2ETest, KillNineMidStreamThenResumeLosesAndRepeatsNothing) {
  constexpr int kPosts = 60000;
  WritePosts(kPosts / 2);
  WriteConfig("{batch_size: 16}", "",
              "{path: posts.jsonl, follow: true, poll_interval_ms: 20}");
  StartDaemon();

  // First subscription: take some matches, then the daemon dies without warning
  // in the middle of the stream.
  Received first = Subscribe(kAgencyToken, {}, 300);
  ASSERT_EQ(first.matches.size(), 300u) << first.status.error_message();
  daemon_->Kill();

  // More posts arrive while it is down; the restarted daemon resumes.
  WritePosts(kPosts, kPosts / 2);
  const auto expected = Expected();
  StartDaemon();
  v1::SubscribeRequest resume;
  resume.set_from_sequence(first.matches.back().sequence() + 1);
  Received second =
      Subscribe(kAgencyToken, resume, expected.size() - first.matches.size(),
                std::chrono::seconds(120));
  EXPECT_TRUE(second.status.ok() ||
              second.status.error_code() == grpc::StatusCode::CANCELLED)
      << second.status.error_message();

  std::set<std::string> match_ids;
  std::set<uint64_t> sequences;
  std::set<std::pair<std::string, std::string>> got;
  for (const Received* r : {&first, &second}) {
    for (const v1::Match& m : r->matches) {
      EXPECT_TRUE(match_ids.insert(m.match_id()).second) << "duplicate match";
      EXPECT_TRUE(sequences.insert(m.sequence()).second) << "duplicate seq";
      got.emplace(m.post().id(), m.rule_id());
    }
  }
  EXPECT_EQ(got, expected);
  // The restarted connector resumed from its checkpoint rather than from the
  // start: it read fewer posts than the file holds (at least the second half).
  v1::ListConnectorsResponse connectors = Connectors();
  ASSERT_EQ(connectors.connectors_size(), 1);
  EXPECT_LT(connectors.connectors(0).posts_read(),
            static_cast<uint64_t>(kPosts));
  EXPECT_GE(connectors.connectors(0).posts_read(),
            static_cast<uint64_t>(kPosts / 2));
}

TEST_F(DaemonE2ETest, TokensScopeWhatEachSubscriberSees) {
  WritePosts(120);
  WriteConfig();
  StartDaemon();
  const size_t alpha_expected = [&] {
    size_t n = 0;
    for (const auto& [post, rule] : Expected()) {
      n += std::stoi(post.substr(5)) % 2 == 0 ? 1 : 0;
    }
    return n;
  }();
  // Without a filter the platform team gets its own platform's matches only.
  Received alpha = Subscribe(kAlphaToken, {}, 1000, std::chrono::seconds(3));
  EXPECT_EQ(alpha.matches.size(), alpha_expected);
  for (const v1::Match& m : alpha.matches) EXPECT_EQ(m.platform(), "alpha");
  // Asking for another platform's matches is refused outright.
  v1::SubscribeRequest request;
  request.add_platforms("beta");
  request.add_platforms("alpha");
  Received beta = Subscribe(kAlphaToken, request, 1, std::chrono::seconds(5));
  EXPECT_EQ(beta.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(beta.matches.empty());

  Received none = Subscribe("", {}, 1, std::chrono::seconds(5));
  EXPECT_EQ(none.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  Received unknown =
      Subscribe("not-a-token-at-all", {}, 1, std::chrono::seconds(5));
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  auto admin = v1::Admin::NewStub(daemon_->Channel());
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kAgencyToken);
  v1::GetStatsResponse stats;
  EXPECT_EQ(admin->GetStats(&context, {}, &stats).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DaemonE2ETest, PluginForAnotherAbiIsRefusedAndTheOthersRun) {
  WritePosts(60);
  WriteConfig("{batch_size: 64}",
              "  - name: old-partner\n"
              "    plugin: test_wrong_major\n"
              "    config: {}\n");
  StartDaemon();
  Received r = Subscribe(kAgencyToken, {}, Expected().size());
  EXPECT_EQ(r.matches.size(), Expected().size());
  v1::ListConnectorsResponse connectors = Connectors();
  ASSERT_EQ(connectors.connectors_size(), 2);
  const v1::ConnectorStatus& refused = connectors.connectors(1);
  EXPECT_EQ(refused.name(), "old-partner");
  EXPECT_EQ(refused.state(), "failed");
  EXPECT_THAT(refused.last_error(),
              HasSubstr("libwildwatch_test_wrong_major.so"));
  EXPECT_THAT(refused.last_error(), HasSubstr("ABI 2.0"));
}

TEST_F(DaemonE2ETest, AFiftyMegabytePostIsRefusedAndTheRestFlows) {
  dir_.Write("posts.jsonl", PostLine(0) + "\n" + R"({"id":"huge","text":")" +
                                std::string(50 << 20, 'a') +
                                R"( ivory for sale"})" + "\n" + PostLine(2) +
                                "\n");
  WriteConfig();
  StartDaemon();
  Received r = Subscribe(kAgencyToken, {}, 2, std::chrono::seconds(20));
  ASSERT_EQ(r.matches.size(), 2u);
  EXPECT_EQ(r.matches[0].post().id(), "post-0");
  EXPECT_EQ(r.matches[1].post().id(), "post-2");
  v1::ListConnectorsResponse connectors = Connectors();
  EXPECT_GE(connectors.connectors(0).errors() +
                connectors.connectors(0).counters_size(),
            1u);
  EXPECT_TRUE(daemon_->running());
}

TEST_F(DaemonE2ETest, ReloadKeepsOldRulesOnErrorAndSwapsOnSuccess) {
  WritePosts(12);
  WriteConfig();
  StartDaemon();
  auto admin = v1::Admin::NewStub(daemon_->Channel());
  auto reload = [&] {
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
    v1::ReloadRulesResponse response;
    EXPECT_TRUE(admin->ReloadRules(&context, {}, &response).ok());
    return response;
  };
  const v1::ReloadRulesResponse same = reload();
  EXPECT_TRUE(same.applied());
  const std::string original = same.ruleset_version();

  dir_.Write("rules.yaml", "name: e2e\ntaxa:\n  - id: x\n    bogus: 1\n");
  const v1::ReloadRulesResponse rejected = reload();
  EXPECT_FALSE(rejected.applied());
  EXPECT_EQ(rejected.ruleset_version(), original);
  bool names_the_bad_key = false;
  for (const v1::RuleDiagnostic& d : rejected.diagnostics()) {
    names_the_bad_key |=
        d.line() == 4 && d.message().find("bogus") != std::string::npos;
  }
  EXPECT_TRUE(names_the_bad_key) << rejected.DebugString();

  dir_.Write("rules.yaml", std::string(kRules) + TaxonYaml(TigerBone()));
  const v1::ReloadRulesResponse applied = reload();
  EXPECT_TRUE(applied.applied());
  EXPECT_NE(applied.ruleset_version(), original);
}

TEST_F(DaemonE2ETest, ConfigErrorsStopTheDaemonWithFileAndLine) {
  WritePosts(1);
  const std::string path = WriteConfig("{batch_size: -3}");
  std::string output;
  const int code = testing::RunDaemonToCompletion({"--config", path}, &output);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr(path + ":6:"));
  EXPECT_THAT(output, HasSubstr("batch_size"));
}

TEST_F(DaemonE2ETest, ConnectorConfigIsCheckedAgainstThePluginSchema) {
  WritePosts(1);
  std::string path = WriteConfig();
  // Replace the jsonl config with one that has a misspelt key.
  std::string text = testing::ReadFile(path);
  text.replace(text.find("{path: posts.jsonl}"), 19,
               "{path: posts.jsonl, folow: true}");
  dir_.Write("wildwatchd.yaml", text);
  std::string output;
  EXPECT_EQ(testing::RunDaemonToCompletion({"--config", path}, &output), 2);
  EXPECT_THAT(output, HasSubstr(path + ":12:"));
  EXPECT_THAT(output, HasSubstr("folow"));
}

TEST_F(DaemonE2ETest, SigtermCommitsAndExitsZero) {
  WritePosts(30);
  WriteConfig();
  StartDaemon();
  Received r = Subscribe(kAgencyToken, {}, Expected().size());
  EXPECT_EQ(r.matches.size(), Expected().size());
  const int status = daemon_->Terminate();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(DaemonE2ETest, SighupReloadsTheRulesAndKeepsServing) {
  WritePosts(12);
  WriteConfig();
  StartDaemon();
  auto admin = v1::Admin::NewStub(daemon_->Channel());
  auto version = [&] {
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
    v1::GetStatsResponse response;
    EXPECT_TRUE(admin->GetStats(&context, {}, &response).ok());
    return response.ruleset_version();
  };
  const std::string original = version();
  dir_.Write("rules.yaml", std::string(kRules) + TaxonYaml(TigerBone()));
  ASSERT_EQ(kill(daemon_->pid(), SIGHUP), 0);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (version() == original && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(version(), original);
  EXPECT_THAT(daemon_->log(), HasSubstr("SIGHUP"));
  const int status = daemon_->Terminate();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(DaemonE2ETest, SecondDaemonOnTheSameDataDirIsRefused) {
  WritePosts(1);
  const std::string path = WriteConfig();
  StartDaemon();
  std::string output;
  EXPECT_EQ(
      testing::RunDaemonToCompletion(
          {"--config", path, "--port-file", dir_.PathOf("port2")}, &output),
      2);
  EXPECT_THAT(output, HasSubstr("is in use by another wildwatchd (pid " +
                                std::to_string(daemon_->pid()) + ")"));
}

TEST_F(DaemonE2ETest, CheckTouchesNothingAndFailsOnABrokenPlugin) {
  WritePosts(1);
  std::string path = WriteConfig();
  std::string output;
  EXPECT_EQ(
      testing::RunDaemonToCompletion({"--config", path, "--check"}, &output), 0)
      << output;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "data")) << output;

  path = WriteConfig("{batch_size: 64}",
                     "  - name: old-partner\n"
                     "    plugin: test_wrong_major\n"
                     "    config: {}\n");
  EXPECT_EQ(
      testing::RunDaemonToCompletion({"--config", path, "--check"}, &output),
      2);
  EXPECT_THAT(output, HasSubstr("connector 'old-partner'"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "data"));
}

}  // namespace
}  // namespace wildwatch
