// End to end: rule-set versions managed through the Admin API of a real
// wildwatchd on 127.0.0.1, fed by the JSONL connector in follow mode.
// Expected versions come from an in-process load of the same rule text, so
// the tests check what the daemon did against an independent run of the
// engine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "host/rules/rule_set.h"
#include "tests/testing/daemon_process.h"
#include "tests/testing/rule_fixture.h"
#include "tests/testing/scratch_dir.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch {
namespace {

using ::testing::Contains;
using testing::DaemonProcess;
using testing::ElephantIvory;
using ::testing::HasSubstr;
using testing::RuleSetYaml;
using testing::ScratchDir;
using testing::TigerBone;
namespace v1 = ::wildwatch::v1;

constexpr char kAgencyToken[] = "agency-token-0123456789";
constexpr char kAdminToken[] = "admin-token-0123456789";

// Version the engine gives files loaded in this order.
std::string VersionOf(const std::vector<std::string>& contents) {
  std::vector<rules::Diagnostic> diagnostics;
  std::vector<rules::RuleSource> sources;
  for (size_t i = 0; i < contents.size(); ++i) {
    sources.push_back({std::to_string(i) + ".yaml", contents[i]});
  }
  std::shared_ptr<const rules::RuleSet> set =
      rules::RuleSet::Compile(sources, &diagnostics);
  EXPECT_NE(set, nullptr);
  return set == nullptr ? "" : set->version();
}

class RulesAdminE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("base.yaml", base_rules_);
    dir_.Write("posts.jsonl", "");
    std::ostringstream config;
    config << "listen: 127.0.0.1:0\n"
           << "data_dir: data\n"
           << "port_file: port\n"
           << "plugin_dir: " WILDWATCH_BINARY_DIR "/plugins\n"
           << "rules: [base.yaml]\n"
           << "pipeline: {batch_size: 16}\n"
           << "feed: {heartbeat_ms: 200}\n"
           << "connectors:\n"
           << "  - name: dump\n"
           << "    plugin: jsonl\n"
           << "    platform: market\n"
           << "    config: {path: posts.jsonl, follow: true, "
              "poll_interval_ms: 20}\n"
           << "tokens:\n"
           << "  - {name: agency, role: agency, token: " << kAgencyToken
           << "}\n"
           << "  - {name: ops, role: admin, token: " << kAdminToken << "}\n";
    dir_.Write("wildwatchd.yaml", config.str());
  }

  void StartDaemon() {
    daemon_ = std::make_unique<DaemonProcess>();
    ASSERT_TRUE(daemon_->StartIn(dir_.path())) << daemon_->log();
    admin_ = v1::Admin::NewStub(daemon_->Channel());
  }

  void AppendPost(const std::string& id, const std::string& text) {
    dir_.Append("posts.jsonl",
                R"({"id":")" + id + R"(","text":")" + text + "\"}\n");
  }

  std::unique_ptr<grpc::ClientContext> Context(
      const std::string& token = kAdminToken) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(20));
    return context;
  }

  v1::ActivateRulesResponse Activate(
      const std::vector<std::pair<std::string, std::string>>& files) {
    v1::ActivateRulesRequest request;
    for (const auto& [name, content] : files) {
      v1::RuleFile* f = request.add_files();
      f->set_name(name);
      f->set_content(content);
    }
    v1::ActivateRulesResponse response;
    grpc::Status s = admin_->ActivateRules(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  std::string ActiveVersion() {
    v1::GetStatsResponse stats;
    grpc::Status s = admin_->GetStats(Context().get(), {}, &stats);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return stats.ruleset_version();
  }

  std::vector<v1::RuleAuditEntry> History() {
    v1::RuleHistoryResponse response;
    grpc::Status s = admin_->RuleHistory(Context().get(), {}, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.entries().begin(), response.entries().end()};
  }

  // Appends a post, then a marker post that only the elephant rule (in every
  // set here) matches, and returns the matches of the post: everything
  // before the marker's match, read from sequence *from on (bounded). *from
  // is moved past the marker.
  std::vector<v1::Match> MatchesOf(const std::string& id,
                                   const std::string& text, uint64_t* from) {
    AppendPost(id, text);
    AppendPost(id + "-marker", "ivory");
    auto stub = v1::MatchFeed::NewStub(daemon_->Channel());
    auto context = Context(kAgencyToken);
    v1::SubscribeRequest request;
    request.set_from_sequence(*from);
    auto reader = stub->Subscribe(context.get(), request);
    std::vector<v1::Match> out;
    v1::SubscribeResponse response;
    while (reader->Read(&response)) {
      if (!response.has_match()) continue;
      const v1::Match& m = response.match();
      *from = m.sequence() + 1;
      if (m.post().id() != id + "-marker") {
        out.push_back(m);
        continue;
      }
      context->TryCancel();
      break;
    }
    static_cast<void>(reader->Finish());
    return out;
  }

  // The configured set, elephants only, and tigers to upload beside it.
  const std::string base_rules_ = RuleSetYaml("base", {ElephantIvory("high")});
  const std::string tiger_rules_ =
      RuleSetYaml("tigers", {TigerBone("critical")});
  ScratchDir dir_{"ww_rules_admin"};
  std::unique_ptr<DaemonProcess> daemon_;
  std::unique_ptr<v1::Admin::Stub> admin_;
};

TEST_F(RulesAdminE2ETest, ActivateRejectRollbackAndHistory) {
  StartDaemon();
  const std::string base = VersionOf({base_rules_});
  const std::string with_tigers = VersionOf({base_rules_, tiger_rules_});
  ASSERT_NE(base, with_tigers);
  EXPECT_EQ(ActiveVersion(), base);

  uint64_t from = 0;
  std::vector<v1::Match> before =
      MatchesOf("p1", "tiger bone and ivory", &from);
  ASSERT_EQ(before.size(), 1u);  // Only the elephant rule exists yet.
  EXPECT_EQ(before[0].ruleset_version(), base);

  // Activation: matches of later posts carry the new version.
  const v1::ActivateRulesResponse activated =
      Activate({{"base.yaml", base_rules_}, {"tigers.yaml", tiger_rules_}});
  ASSERT_TRUE(activated.applied()) << activated.DebugString();
  EXPECT_EQ(activated.ruleset_version(), with_tigers);
  EXPECT_EQ(activated.previous_version(), base);
  EXPECT_THAT(activated.change().taxa_added(), Contains("panthera-tigris"));
  EXPECT_EQ(activated.change().rules_before(), 1u);
  EXPECT_EQ(activated.change().rules_after(), 2u);
  std::vector<v1::Match> after = MatchesOf("p2", "tiger bone and ivory", &from);
  ASSERT_EQ(after.size(), 2u);
  for (const v1::Match& m : after) {
    EXPECT_EQ(m.ruleset_version(), with_tigers);
  }
  EXPECT_EQ(after.back().taxon_id(), "panthera-tigris");

  // An invalid upload changes nothing and says where it is wrong.
  const v1::ActivateRulesResponse rejected = Activate(
      {{"broken.yaml", "name: broken\ntaxa:\n  - id: x\n    bogus: 1\n"}});
  EXPECT_FALSE(rejected.applied());
  EXPECT_EQ(rejected.ruleset_version(), with_tigers);
  bool names_the_file = false;
  for (const v1::RuleDiagnostic& d : rejected.diagnostics()) {
    names_the_file |= d.file() == "broken.yaml" && d.line() == 4;
  }
  EXPECT_TRUE(names_the_file) << rejected.DebugString();
  EXPECT_EQ(ActiveVersion(), with_tigers);

  // A bad name is refused outright.
  v1::ActivateRulesRequest bad_name;
  bad_name.add_files()->set_name("../escape.yaml");
  v1::ActivateRulesResponse ignored;
  EXPECT_EQ(
      admin_->ActivateRules(Context().get(), bad_name, &ignored).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  // Rollback without a version goes back to the one before.
  v1::RollbackRulesResponse rolled_back;
  ASSERT_TRUE(admin_->RollbackRules(Context().get(), {}, &rolled_back).ok());
  EXPECT_EQ(rolled_back.ruleset_version(), base);
  EXPECT_THAT(rolled_back.change().taxa_removed(), Contains("panthera-tigris"));
  EXPECT_EQ(ActiveVersion(), base);
  std::vector<v1::Match> rolled =
      MatchesOf("p3", "tiger bone and ivory", &from);
  ASSERT_EQ(rolled.size(), 1u);
  EXPECT_EQ(rolled[0].ruleset_version(), base);
  EXPECT_EQ(rolled[0].taxon_id(), "loxodonta-africana");

  v1::RollbackRulesRequest unknown;
  unknown.set_version("nope@000000000000");
  EXPECT_EQ(admin_->RollbackRules(Context().get(), unknown, &rolled_back)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::vector<v1::RuleAuditEntry> history = History();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].action(), "rollback");
  EXPECT_EQ(history[0].actor(), "ops");
  EXPECT_EQ(history[0].version_before(), with_tigers);
  EXPECT_EQ(history[0].version_after(), base);
  EXPECT_EQ(history[1].action(), "activate");
  EXPECT_EQ(history[1].actor(), "ops");
  EXPECT_THAT(history[1].change().taxa_added(), Contains("panthera-tigris"));
  EXPECT_EQ(history[2].action(), "startup");
  EXPECT_EQ(history[2].version_after(), base);
  for (const v1::RuleAuditEntry& e : history) {
    EXPECT_EQ(e.actor().find(kAdminToken), std::string::npos);
  }

  v1::ListRuleVersionsResponse versions;
  ASSERT_TRUE(admin_->ListRuleVersions(Context().get(), {}, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 2);
  for (const v1::RuleVersion& v : versions.versions()) {
    EXPECT_EQ(v.active(), v.version() == base) << v.version();
  }
}

TEST_F(RulesAdminE2ETest, RestartKeepsTheActivatedVersionUntilReload) {
  StartDaemon();
  const std::string base = VersionOf({base_rules_});
  const std::string with_tigers = VersionOf({base_rules_, tiger_rules_});
  ASSERT_TRUE(
      Activate({{"base.yaml", base_rules_}, {"tigers.yaml", tiger_rules_}})
          .applied());
  ASSERT_EQ(daemon_->Terminate(), 0);

  StartDaemon();
  EXPECT_EQ(ActiveVersion(), with_tigers);
  uint64_t from = 0;
  std::vector<v1::Match> matches = MatchesOf("p1", "tiger bone", &from);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].ruleset_version(), with_tigers);
  std::vector<v1::RuleAuditEntry> history = History();
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history[0].action(), "startup");
  EXPECT_EQ(history[0].actor(), "wildwatchd");
  EXPECT_EQ(history[0].version_after(), with_tigers);
  EXPECT_TRUE(history[0].pinned());

  // A reload returns to the configured files, for good.
  v1::ReloadRulesResponse reload;
  ASSERT_TRUE(admin_->ReloadRules(Context().get(), {}, &reload).ok());
  EXPECT_EQ(reload.ruleset_version(), base);
  ASSERT_EQ(daemon_->Terminate(), 0);
  StartDaemon();
  EXPECT_EQ(ActiveVersion(), base);
}

// Runs `wildwatch rules ARGS` against the test's daemon as an admin;
// returns its exit code and appends what it printed to *output.
int RunRulesCommand(const DaemonProcess& daemon, const std::string& args,
                    std::string* output) {
  const std::string command = std::string(WILDWATCH_BINARY_DIR) +
                              "/bin/wildwatch rules " + args + " --server " +
                              daemon.address() + " --token " + kAdminToken +
                              " --timeout 20 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) {
    output->append(buf, n);
  }
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(RulesAdminE2ETest, ActivatingAFolderUploadsWhatEveryCommandLoads) {
  StartDaemon();
  const std::string base = VersionOf({base_rules_});
  // A generated set in a subdirectory, loaded before the file beside it.
  dir_.Write("rules/generated/tigers.yaml", tiger_rules_);
  dir_.Write("rules/base.yaml", base_rules_);
  dir_.Write("rules/tools/input.yaml", "not: rules");
  std::vector<rules::Diagnostic> diagnostics;
  auto expected = rules::RuleSet::Load({dir_.PathOf("rules")}, &diagnostics);
  ASSERT_NE(expected, nullptr);
  ASSERT_EQ(expected->rule_count(), 2u);

  std::string output;
  ASSERT_EQ(RunRulesCommand(*daemon_,
                            "activate --dry-run " + dir_.PathOf("rules") + "/",
                            &output),
            0)
      << output;
  EXPECT_THAT(output, HasSubstr("dry run: rule set " + expected->version() +
                                " would replace " + base));
  EXPECT_THAT(output, HasSubstr("+panthera-tigris"));
  EXPECT_THAT(output, HasSubstr("rules 1 -> 2"));
  EXPECT_EQ(ActiveVersion(), base);
  EXPECT_EQ(History().size(), 1u);  // The start only: nothing recorded.

  output.clear();
  ASSERT_EQ(
      RunRulesCommand(*daemon_, "activate " + dir_.PathOf("rules"), &output), 0)
      << output;
  EXPECT_THAT(output, HasSubstr("activated rule set " + expected->version()));
  EXPECT_EQ(ActiveVersion(), expected->version());

  // Diagnostics name the uploaded files by their place in the folder.
  dir_.Write("rules/generated/tigers.yaml", "name: tigers\ntaxa: 7\n");
  output.clear();
  EXPECT_EQ(
      RunRulesCommand(*daemon_, "activate --dry-run " + dir_.PathOf("rules"),
                      &output),
      1);
  EXPECT_THAT(output, HasSubstr("rules/generated/tigers.yaml:2:"));
}

TEST_F(RulesAdminE2ETest, CommandLineActivatesAndPrintsHistory) {
  StartDaemon();
  dir_.Write("tigers.yaml", tiger_rules_);
  auto run = [&](const std::string& args, std::string* output) {
    return RunRulesCommand(*daemon_, args, output);
  };
  std::string output;
  ASSERT_EQ(run("activate " + dir_.PathOf("base.yaml") + " " +
                    dir_.PathOf("tigers.yaml"),
                &output),
            0)
      << output;
  EXPECT_THAT(output, HasSubstr(VersionOf({base_rules_, tiger_rules_})));

  dir_.Write("broken.yaml", "name: broken\ntaxa: 7\n");
  output.clear();
  EXPECT_EQ(run("activate " + dir_.PathOf("broken.yaml"), &output), 1);
  EXPECT_THAT(output, HasSubstr("broken.yaml:"));

  output.clear();
  ASSERT_EQ(run("history --limit 5", &output), 0) << output;
  EXPECT_THAT(output, HasSubstr("ops"));
  EXPECT_THAT(output, HasSubstr("activate"));
  EXPECT_THAT(output, HasSubstr("+panthera-tigris"));
  EXPECT_THAT(output, HasSubstr("startup"));
}

}  // namespace
}  // namespace wildwatch
