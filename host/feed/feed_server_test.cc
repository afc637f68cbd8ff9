// FeedServer end to end: a real server on 127.0.0.1, a real SQLite store in a
// temporary directory, and gRPC clients as subscribers would write them.
#include "host/feed/feed_server.h"

#include <arpa/inet.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/feed/admin_backend.h"
#include "host/store/sqlite_match_store.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch {
namespace {

using std::chrono::milliseconds;

constexpr char kAdminToken[] = "admin-token";
constexpr char kAgencyToken[] = "agency-token";
constexpr char kBazaarToken[] = "bazaar-token";  // platform:bazaar
constexpr milliseconds kHeartbeat{200};
// Upper bound on any one call, so a broken server fails a test instead of
// hanging it.
constexpr milliseconds kCallTimeout{10000};

class FakeAdminBackend : public AdminBackend {
 public:
  grpc::Status ListConnectors(v1::ListConnectorsResponse* response) override {
    v1::ConnectorStatus* c = response->add_connectors();
    c->set_name("demo-market");
    c->set_state("running");
    return grpc::Status::OK;
  }
  grpc::Status GetStats(v1::GetStatsResponse* response) override {
    response->set_ruleset_version("v7");
    response->set_taxa(3);
    return grpc::Status::OK;
  }
  grpc::Status ReloadRules(const Principal& caller,
                           v1::ReloadRulesResponse* response) override {
    ++reloads;
    last_caller = caller.name;
    response->set_applied(true);
    response->set_ruleset_version("v8");
    return grpc::Status::OK;
  }
  grpc::Status CheckRules(const v1::CheckRulesRequest& request,
                          v1::CheckRulesResponse* response) override {
    response->set_valid(request.content() == "valid");
    return grpc::Status::OK;
  }
  grpc::Status ActivateRules(const Principal& caller,
                             const v1::ActivateRulesRequest& request,
                             v1::ActivateRulesResponse* response) override {
    ++rule_changes;
    last_caller = caller.name;
    response->set_applied(request.files_size() > 0);
    response->set_ruleset_version("v9");
    return grpc::Status::OK;
  }
  grpc::Status ListRuleVersions(
      v1::ListRuleVersionsResponse* response) override {
    response->add_versions()->set_version("v9");
    return grpc::Status::OK;
  }
  grpc::Status RollbackRules(const Principal& caller,
                             const v1::RollbackRulesRequest& request,
                             v1::RollbackRulesResponse* response) override {
    ++rule_changes;
    last_caller = caller.name;
    response->set_ruleset_version(request.version());
    return grpc::Status::OK;
  }
  grpc::Status RuleHistory(const v1::RuleHistoryRequest& request,
                           v1::RuleHistoryResponse* response) override {
    for (uint32_t i = 0; i < request.limit(); ++i) response->add_entries();
    return grpc::Status::OK;
  }

  std::atomic<int> reloads{0};
  std::atomic<int> rule_changes{0};
  // Name of the last caller that changed the rules; written and read on
  // different threads, but a test reads it only after the call returned.
  std::string last_caller;
};

struct Spec {
  std::string platform = "bazaar";
  std::string taxon = "loxodonta-africana";
  std::string name = "Loxodonta africana";
  std::string appendix = "I";
  Severity severity = Severity::kHigh;
};

class FeedServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartAll(/*retention_max_matches=*/0); }

  void TearDown() override {
    server_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void StartAll(uint64_t retention_max_matches) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "feed_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    SqliteMatchStore::Options store_options;
    store_options.path = dir_ + "/matches.db";
    store_options.retention_max_matches = retention_max_matches;
    auto store = SqliteMatchStore::Open(store_options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);

    FeedServer::Options options;
    options.listen = "127.0.0.1:0";
    options.heartbeat = kHeartbeat;
    options.subscribers = {{"ops", kAdminToken, "admin"},
                           {"interpol", kAgencyToken, "agency"},
                           {"bazaar-coc", kBazaarToken, "platform:bazaar"}};
    server_ = std::make_unique<FeedServer>(store_.get(), &backend_, options);
    StatusOr<int> port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(*port),
                                   grpc::InsecureChannelCredentials());
  }

  // Stores one match per spec, in order; returns their sequences.
  std::vector<uint64_t> Commit(const std::vector<Spec>& specs) {
    std::vector<Match> batch;
    for (const Spec& s : specs) {
      Match m;
      m.connector = "demo-market";
      m.platform = s.platform;
      m.post.id = "post-" + std::to_string(next_post_++);
      m.post.text = "carved ivory bangle";
      m.taxon_id = s.taxon;
      m.scientific_name = s.name;
      m.appendix = s.appendix;
      m.rule_id = s.taxon + "/ivory";
      m.severity = s.severity;
      m.ruleset_version = "v7";
      m.match_id = MatchId(m.connector, m.post.id, m.rule_id, "v7");
      batch.push_back(std::move(m));
    }
    Status s = store_->CommitBatch("demo-market", &batch, std::nullopt);
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::vector<uint64_t> sequences;
    for (const Match& m : batch) sequences.push_back(m.sequence);
    return sequences;
  }

  std::vector<uint64_t> CommitN(int n) {
    return Commit(std::vector<Spec>(n, Spec()));
  }

  // One open Subscribe call.
  struct Stream {
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader;

    // Reads until n matches arrived; returns their sequences (fewer if the
    // stream ended).
    std::vector<uint64_t> ReadMatches(size_t n) {
      std::vector<uint64_t> sequences;
      v1::SubscribeResponse r;
      while (sequences.size() < n && reader->Read(&r)) {
        if (r.has_match()) sequences.push_back(r.match().sequence());
      }
      return sequences;
    }

    // Reads up to the first Progress saying everything up to `through` was
    // examined; returns the sequences of the matches before it.
    std::vector<uint64_t> ReadUntilProgress(uint64_t through) {
      std::vector<uint64_t> sequences;
      v1::SubscribeResponse r;
      while (reader->Read(&r)) {
        if (r.has_match()) sequences.push_back(r.match().sequence());
        if (r.has_progress() && r.progress().sequence() >= through) break;
      }
      return sequences;
    }

    grpc::Status Close() {
      context->TryCancel();
      v1::SubscribeResponse r;
      while (reader->Read(&r)) {
      }
      return reader->Finish();
    }
  };

  Stream Subscribe(const std::string& token, v1::SubscribeRequest request) {
    Stream s;
    s.context = MakeContext(token);
    s.reader =
        v1::MatchFeed::NewStub(channel_)->Subscribe(s.context.get(), request);
    return s;
  }

  Stream Subscribe(const std::string& token, uint64_t from = 0) {
    v1::SubscribeRequest request;
    request.set_from_sequence(from);
    return Subscribe(token, request);
  }

  // The status a stream ends with when the server refuses it; with
  // trailer_key, *trailer gets that trailing metadata's value.
  grpc::Status Refusal(const std::string& token,
                       const v1::SubscribeRequest& request,
                       const std::string& trailer_key = "",
                       std::string* trailer = nullptr) {
    Stream s = Subscribe(token, request);
    v1::SubscribeResponse r;
    EXPECT_FALSE(s.reader->Read(&r));
    grpc::Status status = s.reader->Finish();
    if (trailer != nullptr) {
      const auto& metadata = s.context->GetServerTrailingMetadata();
      auto it = metadata.find(trailer_key);
      if (it != metadata.end()) {
        trailer->assign(it->second.data(), it->second.size());
      }
    }
    return status;
  }

  // Subscribing from `from` is refused with OUT_OF_RANGE, a message that
  // says `says`, and the trailing metadata `key` set to value.
  void ExpectOutOfRange(uint64_t from, const std::string& says,
                        const std::string& key, const std::string& value) {
    v1::SubscribeRequest request;
    request.set_from_sequence(from);
    std::string trailer;
    grpc::Status s = Refusal(kAgencyToken, request, key, &trailer);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
    EXPECT_NE(s.error_message().find(says), std::string::npos)
        << s.error_message();
    EXPECT_EQ(trailer, value) << key;
  }

  static std::unique_ptr<grpc::ClientContext> MakeContext(
      const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) {
      context->AddMetadata("authorization", "Bearer " + token);
    }
    context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    return context;
  }

  std::string dir_;
  FakeAdminBackend backend_;
  std::unique_ptr<SqliteMatchStore> store_;
  std::unique_ptr<FeedServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  int next_post_ = 1;
};

TEST_F(FeedServerTest, StreamsStoredThenLiveMatchesInOrder) {
  std::vector<uint64_t> expected = CommitN(3);
  Stream s = Subscribe(kAgencyToken);
  EXPECT_EQ(s.ReadMatches(3), expected);
  for (int i = 0; i < 3; ++i) {
    std::vector<uint64_t> live = CommitN(1 + i);
    EXPECT_EQ(s.ReadMatches(live.size()), live);
    expected.insert(expected.end(), live.begin(), live.end());
  }
  EXPECT_EQ(expected.size(), 9u);
  EXPECT_TRUE(std::is_sorted(expected.begin(), expected.end()));
  EXPECT_EQ(s.Close().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(FeedServerTest, MatchesCarryTheirEvidence) {
  Commit({Spec{.platform = "chirp",
               .taxon = "psittacus-erithacus",
               .name = "Psittacus erithacus",
               .appendix = "II",
               .severity = Severity::kLow}});
  Stream s = Subscribe(kAgencyToken);
  v1::SubscribeResponse r;
  ASSERT_TRUE(s.reader->Read(&r));
  ASSERT_TRUE(r.has_match());
  EXPECT_EQ(r.match().platform(), "chirp");
  EXPECT_EQ(r.match().scientific_name(), "Psittacus erithacus");
  EXPECT_EQ(r.match().appendix(), "II");
  EXPECT_EQ(r.match().severity(), v1::SEVERITY_LOW);
  EXPECT_EQ(r.match().post().text(), "carved ivory bangle");
  EXPECT_EQ(r.match().match_id().size(), 32u);
  s.Close();
}

TEST_F(FeedServerTest, CursorPastTheHeadIsOutOfRange) {
  CommitN(3);
  ExpectOutOfRange(10, "last sequence 3", "wildwatch-head-sequence", "3");

  // The next sequence to be stored is a valid cursor: it waits for it.
  Stream next = Subscribe(kAgencyToken, 4);
  EXPECT_EQ(CommitN(1), std::vector<uint64_t>{4});
  EXPECT_EQ(next.ReadMatches(1), std::vector<uint64_t>{4});
  next.Close();
}

TEST_F(FeedServerTest, ResumeGetsExactlyTheRest) {
  std::vector<uint64_t> all = CommitN(6);
  Stream s = Subscribe(kAgencyToken, all[3]);
  // Nothing before the cursor, nothing twice: the first Progress after the
  // last match closes the list.
  EXPECT_EQ(s.ReadUntilProgress(all.back()),
            std::vector<uint64_t>(all.begin() + 3, all.end()));
  s.Close();
}

TEST_F(FeedServerTest, EverySubscriberGetsEverything) {
  Stream a = Subscribe(kAgencyToken);
  Stream b = Subscribe(kAdminToken);
  std::vector<uint64_t> first = CommitN(2);
  std::vector<uint64_t> second = CommitN(3);
  std::vector<uint64_t> all = first;
  all.insert(all.end(), second.begin(), second.end());
  EXPECT_EQ(a.ReadMatches(5), all);
  EXPECT_EQ(b.ReadMatches(5), all);
  EXPECT_EQ(server_->subscribers(), 2u);
  a.Close();
  b.Close();
}

TEST_F(FeedServerTest, FiltersNarrowTheStream) {
  const Spec elephant;  // bazaar, App. I, high.
  const Spec parrot{.platform = "chirp",
                    .taxon = "psittacus-erithacus",
                    .name = "Psittacus erithacus",
                    .appendix = "II",
                    .severity = Severity::kLow};
  const Spec pangolin{.platform = "chirp",
                      .taxon = "manis-temminckii",
                      .name = "Smutsia temminckii",
                      .appendix = "I",
                      .severity = Severity::kCritical};
  std::vector<uint64_t> seq = Commit({elephant, parrot, pangolin, parrot});
  const uint64_t last = seq.back();

  struct Case {
    const char* what;
    v1::SubscribeRequest request;
    std::vector<uint64_t> expected;
  };
  std::vector<Case> cases(5);
  cases[0].what = "taxon by name";
  cases[0].request.add_taxa("smutsia TEMMINCKII");
  cases[0].expected = {seq[2]};
  cases[1].what = "taxon by id";
  cases[1].request.add_taxa("psittacus-erithacus");
  cases[1].expected = {seq[1], seq[3]};
  cases[2].what = "appendix";
  cases[2].request.add_appendices("I");
  cases[2].expected = {seq[0], seq[2]};
  cases[3].what = "platform";
  cases[3].request.add_platforms("chirp");
  cases[3].expected = {seq[1], seq[2], seq[3]};
  cases[4].what = "min severity";
  cases[4].request.set_min_severity(v1::SEVERITY_HIGH);
  cases[4].expected = {seq[0], seq[2]};
  for (Case& c : cases) {
    Stream s = Subscribe(kAgencyToken, c.request);
    EXPECT_EQ(s.ReadUntilProgress(last), c.expected) << c.what;
    s.Close();
  }
}

TEST_F(FeedServerTest, PlatformTokenNeverSeesAnotherPlatform) {
  std::vector<uint64_t> seq =
      Commit({Spec{.platform = "chirp"}, Spec{.platform = "bazaar"},
              Spec{.platform = "chirp"}});
  Stream s = Subscribe(kBazaarToken);
  EXPECT_EQ(s.ReadUntilProgress(seq.back()), std::vector<uint64_t>{seq[1]});
  s.Close();

  v1::SubscribeRequest other;
  other.add_platforms("chirp");
  grpc::Status refused = Refusal(kBazaarToken, other);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(refused.error_message().find("platform:bazaar"), std::string::npos);
}

// Lists every page of request as token; returns the sequences in order and
// the status of the first failed call (OK if none).
grpc::Status ListAll(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& token, v1::ListMatchesRequest request,
                     std::vector<uint64_t>* sequences, int* pages) {
  auto stub = v1::MatchFeed::NewStub(channel);
  *pages = 0;
  while (true) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    v1::ListMatchesResponse response;
    grpc::Status status = stub->ListMatches(&context, request, &response);
    if (!status.ok()) return status;
    ++*pages;
    for (const v1::Match& m : response.matches()) {
      sequences->push_back(m.sequence());
    }
    if (response.next_page_token().empty()) return status;
    request.set_page_token(response.next_page_token());
  }
}

TEST_F(FeedServerTest, ListMatchesPagesThroughTheFilteredStore) {
  std::vector<Spec> specs;
  for (int n = 0; n < 25; ++n) {
    Spec s;
    s.platform = n % 2 == 0 ? "bazaar" : "forum";
    s.appendix = n % 5 == 0 ? "II" : "I";
    specs.push_back(s);
  }
  const std::vector<uint64_t> sequences = Commit(specs);
  std::vector<uint64_t> expected;
  for (int n = 0; n < 25; ++n) {
    if (n % 2 == 0 && n % 5 != 0) expected.push_back(sequences[n]);
  }
  v1::ListMatchesRequest request;
  request.add_platforms("bazaar");
  request.add_appendices("I");
  request.set_page_size(4);
  std::vector<uint64_t> listed;
  int pages = 0;
  ASSERT_TRUE(ListAll(channel_, kAgencyToken, request, &listed, &pages).ok());
  EXPECT_EQ(listed, expected);
  EXPECT_EQ(pages, static_cast<int>(expected.size() / 4 + 1));

  // A platform token sees its own platform only, asked or not.
  listed.clear();
  ASSERT_TRUE(
      ListAll(channel_, kBazaarToken, v1::ListMatchesRequest(), &listed, &pages)
          .ok());
  EXPECT_EQ(listed.size(), 13u);
  v1::ListMatchesRequest other;
  other.add_platforms("forum");
  EXPECT_EQ(
      ListAll(channel_, kBazaarToken, other, &listed, &pages).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(FeedServerTest, ListMatchesRefusesBadRequests) {
  CommitN(3);
  std::vector<uint64_t> listed;
  int pages = 0;
  v1::ListMatchesRequest bad_token;
  bad_token.set_page_token("after:x");
  EXPECT_EQ(
      ListAll(channel_, kAgencyToken, bad_token, &listed, &pages).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListMatchesRequest reversed;
  reversed.set_matched_after_ms(2000);
  reversed.set_matched_before_ms(1000);
  EXPECT_EQ(
      ListAll(channel_, kAgencyToken, reversed, &listed, &pages).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListMatchesRequest appendix;
  appendix.add_appendices("IV");
  EXPECT_EQ(
      ListAll(channel_, kAgencyToken, appendix, &listed, &pages).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ListAll(channel_, "", v1::ListMatchesRequest(), &listed, &pages)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(listed.empty());
}

TEST_F(FeedServerTest, GetMatchHidesOtherPlatforms) {
  Spec forum;
  forum.platform = "forum";
  Commit({Spec(), forum});
  StatusOr<std::vector<Match>> stored = store_->ReadFrom(0, 10);
  ASSERT_TRUE(stored.ok());
  auto get = [&](const std::string& token, const std::string& id,
                 v1::Match* out) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    v1::GetMatchRequest request;
    request.set_match_id(id);
    return v1::MatchFeed::NewStub(channel_)
        ->GetMatch(&context, request, out)
        .error_code();
  };
  v1::Match m;
  ASSERT_EQ(get(kAgencyToken, (*stored)[1].match_id, &m), grpc::StatusCode::OK);
  EXPECT_EQ(m.sequence(), (*stored)[1].sequence);
  EXPECT_EQ(m.platform(), "forum");
  EXPECT_EQ(get(kBazaarToken, (*stored)[0].match_id, &m), grpc::StatusCode::OK);
  EXPECT_EQ(get(kBazaarToken, (*stored)[1].match_id, &m),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(get(kAgencyToken, "no-such-id", &m), grpc::StatusCode::NOT_FOUND);
}

TEST_F(FeedServerTest, MissingOrUnknownTokenIsUnauthenticated) {
  grpc::Status none = Refusal("", v1::SubscribeRequest());
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(none.error_message(), "missing bearer token");
  grpc::Status unknown = Refusal("not-a-token", v1::SubscribeRequest());
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown.error_message(), "unknown token");

  auto context = MakeContext("");
  v1::GetStatsResponse stats;
  grpc::Status admin = v1::Admin::NewStub(channel_)->GetStats(
      context.get(), v1::GetStatsRequest(), &stats);
  EXPECT_EQ(admin.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(FeedServerTest, OnlyAdminsMayCallAdmin) {
  auto stub = v1::Admin::NewStub(channel_);
  for (const char* token : {kAgencyToken, kBazaarToken}) {
    auto context = MakeContext(token);
    v1::ReloadRulesResponse response;
    grpc::Status s =
        stub->ReloadRules(context.get(), v1::ReloadRulesRequest(), &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << token;
  }
  EXPECT_EQ(backend_.reloads.load(), 0);

  auto reload_context = MakeContext(kAdminToken);
  v1::ReloadRulesResponse reload;
  ASSERT_TRUE(
      stub->ReloadRules(reload_context.get(), v1::ReloadRulesRequest(), &reload)
          .ok());
  EXPECT_TRUE(reload.applied());
  EXPECT_EQ(reload.ruleset_version(), "v8");
  EXPECT_EQ(backend_.reloads.load(), 1);

  auto list_context = MakeContext(kAdminToken);
  v1::ListConnectorsResponse list;
  ASSERT_TRUE(stub->ListConnectors(list_context.get(),
                                   v1::ListConnectorsRequest(), &list)
                  .ok());
  ASSERT_EQ(list.connectors_size(), 1);
  EXPECT_EQ(list.connectors(0).name(), "demo-market");

  auto check_context = MakeContext(kAdminToken);
  v1::CheckRulesRequest check_request;
  check_request.set_content("valid");
  v1::CheckRulesResponse check;
  ASSERT_TRUE(
      stub->CheckRules(check_context.get(), check_request, &check).ok());
  EXPECT_TRUE(check.valid());
}

TEST_F(FeedServerTest, OnlyAdminsMayManageRuleVersions) {
  auto stub = v1::Admin::NewStub(channel_);
  v1::ActivateRulesRequest activate;
  v1::RuleFile* file = activate.add_files();
  file->set_name("local.yaml");
  file->set_content("name: local");
  v1::RollbackRulesRequest rollback;
  rollback.set_version("v7");
  v1::RuleHistoryRequest history;
  history.set_limit(2);

  // Every rule-version call, as one token; returns the codes in call order.
  auto call_all = [&](const std::string& token) {
    std::vector<grpc::StatusCode> codes;
    v1::ActivateRulesResponse activated;
    codes.push_back(
        stub->ActivateRules(MakeContext(token).get(), activate, &activated)
            .error_code());
    v1::ListRuleVersionsResponse versions;
    codes.push_back(stub->ListRuleVersions(MakeContext(token).get(),
                                           v1::ListRuleVersionsRequest(),
                                           &versions)
                        .error_code());
    v1::RollbackRulesResponse rolled_back;
    codes.push_back(
        stub->RollbackRules(MakeContext(token).get(), rollback, &rolled_back)
            .error_code());
    v1::RuleHistoryResponse entries;
    codes.push_back(
        stub->RuleHistory(MakeContext(token).get(), history, &entries)
            .error_code());
    return codes;
  };
  using Codes = std::vector<grpc::StatusCode>;
  for (const char* token : {kAgencyToken, kBazaarToken}) {
    EXPECT_EQ(call_all(token), Codes(4, grpc::StatusCode::PERMISSION_DENIED))
        << token;
  }
  EXPECT_EQ(call_all(""), Codes(4, grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(call_all("no-such-token"),
            Codes(4, grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(backend_.rule_changes.load(), 0);

  EXPECT_EQ(call_all(kAdminToken), Codes(4, grpc::StatusCode::OK));
  EXPECT_EQ(backend_.rule_changes.load(), 2);
  // The backend learns who asked, by name, for the audit log.
  EXPECT_EQ(backend_.last_caller, "ops");

  v1::ActivateRulesResponse activated;
  ASSERT_TRUE(
      stub->ActivateRules(MakeContext(kAdminToken).get(), activate, &activated)
          .ok());
  EXPECT_TRUE(activated.applied());
  EXPECT_EQ(activated.ruleset_version(), "v9");
  v1::RuleHistoryResponse entries;
  ASSERT_TRUE(
      stub->RuleHistory(MakeContext(kAdminToken).get(), history, &entries)
          .ok());
  EXPECT_EQ(entries.entries_size(), 2);
}

TEST_F(FeedServerTest, StatsCombineBackendStoreAndStreams) {
  std::vector<uint64_t> seq = CommitN(4);
  Stream s = Subscribe(kAgencyToken);
  ASSERT_EQ(s.ReadMatches(4), seq);
  auto context = MakeContext(kAdminToken);
  v1::GetStatsResponse stats;
  ASSERT_TRUE(v1::Admin::NewStub(channel_)
                  ->GetStats(context.get(), v1::GetStatsRequest(), &stats)
                  .ok());
  EXPECT_EQ(stats.ruleset_version(), "v7");
  EXPECT_EQ(stats.taxa(), 3u);
  EXPECT_EQ(stats.subscribers(), 1u);
  EXPECT_EQ(stats.last_sequence(), seq.back());
  EXPECT_EQ(stats.oldest_sequence(), seq.front());
  s.Close();
}

TEST_F(FeedServerTest, QuietStreamGetsProgress) {
  std::vector<uint64_t> seq = CommitN(2);
  v1::SubscribeRequest request;
  request.add_taxa("no-such-taxon");
  Stream s = Subscribe(kAgencyToken, request);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 2; ++i) {
    v1::SubscribeResponse r;
    ASSERT_TRUE(s.reader->Read(&r));
    ASSERT_TRUE(r.has_progress());
    EXPECT_EQ(r.progress().sequence(), seq.back());
    EXPECT_GT(r.progress().server_time_ms(), 0);
  }
  // Two heartbeats, give or take scheduling: neither early nor stuck.
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 2 * kHeartbeat - milliseconds(50));
  EXPECT_LT(elapsed, 2 * kHeartbeat + milliseconds(1500));
  s.Close();
}

TEST_F(FeedServerTest, ShutdownEndsStreamsWithUnavailable) {
  Stream s = Subscribe(kAgencyToken);
  std::vector<uint64_t> seq = CommitN(1);
  ASSERT_EQ(s.ReadMatches(1), seq);
  const auto start = std::chrono::steady_clock::now();
  server_->Shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1500));
  v1::SubscribeResponse r;
  while (s.reader->Read(&r)) {
  }
  EXPECT_EQ(s.reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(FeedServerTest, HealthServiceAnswersServing) {
  grpc::GenericStub stub(channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  // HealthCheckRequest{service: ""} encodes to no bytes at all.
  grpc::Slice empty;
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response,
                 [&done](grpc::Status s) { done.set_value(s); });
  grpc::Status status = done.get_future().get();
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  // HealthCheckResponse{status: SERVING (1)}: field 1, varint 1.
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));
}

TEST_F(FeedServerTest, StartReportsWhatStopsIt) {
  FeedServer::Options bad_table;
  bad_table.listen = "127.0.0.1:0";
  bad_table.subscribers = {{"ops", "same", "admin"}, {"x", "same", "agency"}};
  FeedServer a(store_.get(), &backend_, bad_table);
  StatusOr<int> port = a.Start();
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.status().code(), StatusCode::kInvalidArgument);

  // A port held by a socket without SO_REUSEPORT cannot be shared, even by
  // gRPC, which sets that option on its own.
  const int holder = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(holder, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(holder, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(listen(holder, 1), 0);
  ASSERT_EQ(getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length),
            0);
  const std::string taken =
      "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  FeedServer::Options bad_address;
  bad_address.listen = taken;
  FeedServer b(store_.get(), &backend_, bad_address);
  port = b.Start();
  close(holder);
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(port.status().message().find(taken), std::string::npos);
}

TEST_F(FeedServerTest, PortInUseByAnotherServerIsAnError) {
  FeedServer::Options first;
  first.listen = "127.0.0.1:0";
  FeedServer a(store_.get(), &backend_, first);
  StatusOr<int> port = a.Start();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  FeedServer::Options second;
  second.listen = "127.0.0.1:" + std::to_string(*port);
  FeedServer b(store_.get(), &backend_, second);
  StatusOr<int> taken = b.Start();
  EXPECT_FALSE(taken.ok()) << "two servers share port " << *port;
  EXPECT_EQ(taken.status().code(), StatusCode::kUnavailable);
}

class FeedRetentionTest : public FeedServerTest {
 protected:
  void SetUp() override { StartAll(/*retention_max_matches=*/3); }
};

TEST_F(FeedRetentionTest, CursorBehindRetentionIsOutOfRange) {
  for (int i = 0; i < 4; ++i) CommitN(2);
  const uint64_t oldest = store_->OldestSequence();
  ASSERT_GT(oldest, 1u) << "retention did not drop anything";
  ExpectOutOfRange(1, "the oldest held is " + std::to_string(oldest),
                   "wildwatch-oldest-sequence", std::to_string(oldest));

  // From 0 the stream starts at the oldest match held.
  Stream from_oldest = Subscribe(kAgencyToken);
  std::vector<uint64_t> got = from_oldest.ReadUntilProgress(8);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front(), oldest);
  EXPECT_EQ(got.back(), 8u);
  from_oldest.Close();
}

}  // namespace
}  // namespace wildwatch
