#include "host/cli/feed_commands.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "host/core/match.h"
#include "host/feed/proto_convert.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Exit codes, as feed_commands.h promises.
constexpr int kExitOk = 0;
constexpr int kExitFinding = 1;
constexpr int kExitError = 2;

// Matches carry post text capped at 4 MiB by default; allow well beyond
// that so a daemon configured for larger posts still gets through.
constexpr int kMaxReceiveMessageSize = 64 << 20;

// Reconnect backoff of `subscribe`: short enough to catch a daemon restart
// quickly, capped so a long outage costs a retry every few seconds at most.
constexpr milliseconds kFirstBackoff{250};
constexpr milliseconds kMaxBackoff{10000};

// How to reach the daemon: shared by every subcommand here.
struct ClientFlags {
  std::string server = "127.0.0.1:7700";
  std::string token;
  double timeout_s = 10;  // Admin calls only; a subscription has none.
};

void AddClientOptions(CLI::App* command, ClientFlags* flags) {
  command->add_option("--server", flags->server, "wildwatchd address")
      ->capture_default_str();
  command
      ->add_option("--token", flags->token,
                   "bearer token (or set WILDWATCH_TOKEN)")
      ->envname("WILDWATCH_TOKEN");
}

std::shared_ptr<grpc::Channel> Connect(const ClientFlags& flags) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxReceiveMessageSize);
  // The channel's own reconnect backoff otherwise grows to two minutes and
  // would keep failing calls fast long after the daemon is back; cap it
  // like the subscription's.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, kFirstBackoff.count());
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, kFirstBackoff.count());
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxBackoff.count());
  return grpc::CreateCustomChannel(flags.server,
                                   grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> MakeContext(const ClientFlags& flags,
                                                 bool with_deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + flags.token);
  if (with_deadline) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::duration_cast<milliseconds>(
                              std::chrono::duration<double>(flags.timeout_s)));
  }
  return context;
}

int ReportError(std::string_view command, const grpc::Status& status) {
  std::cerr << "wildwatch " << command << ": "
            << StatusCodeName(static_cast<StatusCode>(status.error_code()))
            << ": " << status.error_message() << "\n";
  return kExitError;
}

// RFC 3339 UTC. The text format keeps minutes (a person reads it), JSON keeps
// milliseconds (a program does). Empty for 0, the wire's "unknown".
std::string FormatTime(int64_t ms, bool precise) {
  if (ms == 0) return "";
  const time_t seconds = static_cast<time_t>(ms / 1000);
  struct tm tm;
  gmtime_r(&seconds, &tm);
  char buf[40];
  if (!precise) {
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%MZ", &tm);
    return buf;
  }
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

nlohmann::json TimeJson(int64_t ms) {
  return ms == 0 ? nlohmann::json(nullptr)
                 : nlohmann::json(FormatTime(ms, true));
}

// Every evidence field, empty ones included, so a consumer never has to
// guess whether a field was left out or empty.
nlohmann::json MatchJson(const v1::Match& m) {
  const v1::Post& p = m.post();
  nlohmann::json attributes = nlohmann::json::object();
  for (const v1::Attribute& a : p.attributes()) attributes[a.key()] = a.value();
  nlohmann::json spans = nlohmann::json::array();
  for (const v1::Span& s : m.spans()) spans.push_back({s.start(), s.end()});
  Severity severity = Severity::kMedium;
  SeverityFromProto(m.severity(), &severity);
  return {
      {"sequence", m.sequence()},
      {"match_id", m.match_id()},
      {"connector", m.connector()},
      {"platform", m.platform()},
      {"post",
       {{"id", p.id()},
        {"url", p.url()},
        {"author", p.author()},
        {"author_id", p.author_id()},
        {"created_at", TimeJson(p.created_at_ms())},
        {"title", p.title()},
        {"text", p.text()},
        {"lang", p.lang()},
        {"attributes", attributes}}},
      {"raw_sha256", m.raw_sha256()},
      {"captured_at", TimeJson(m.captured_at_ms())},
      {"matched_at", TimeJson(m.matched_at_ms())},
      {"taxon_id", m.taxon_id()},
      {"scientific_name", m.scientific_name()},
      {"appendix", m.appendix()},
      {"rule_id", m.rule_id()},
      {"severity", SeverityName(severity)},
      {"ruleset_version", m.ruleset_version()},
      {"spans", spans},
      {"matched", m.matched()},
  };
}

bool IsUtf8Continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The text around the first span, on one line, cut on UTF-8 boundaries.
std::string Snippet(const v1::Match& m) {
  constexpr size_t kContext = 40;
  const std::string& text = m.post().text();
  size_t begin = 0, end = std::min(text.size(), 2 * kContext);
  if (m.spans_size() > 0 && m.spans(0).end() <= text.size()) {
    begin = m.spans(0).start() > kContext ? m.spans(0).start() - kContext : 0;
    end = std::min<size_t>(text.size(), m.spans(0).end() + kContext);
  }
  while (begin > 0 && begin < text.size() && IsUtf8Continuation(text[begin])) {
    ++begin;
  }
  while (end < text.size() && IsUtf8Continuation(text[end])) ++end;
  std::string out = begin > 0 ? "..." : "";
  for (size_t i = begin; i < end; ++i) {
    const char c = text[i];
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  if (end < text.size()) out += "...";
  return out;
}

// #42 2024-05-01T10:00Z [high] Loxodonta africana (App. I) bazaar post 123
// by @seller: "...ivory bangle..." https://...
std::string MatchLine(const v1::Match& m) {
  Severity severity = Severity::kMedium;
  SeverityFromProto(m.severity(), &severity);
  const int64_t when = m.post().created_at_ms() != 0 ? m.post().created_at_ms()
                                                     : m.captured_at_ms();
  std::string line =
      "#" + std::to_string(m.sequence()) + " " + FormatTime(when, false) +
      " [" + std::string(SeverityName(severity)) + "] " + m.scientific_name() +
      " (App. " + m.appendix() + ") " + m.platform() + " post " + m.post().id();
  const std::string& author =
      m.post().author().empty() ? m.post().author_id() : m.post().author();
  if (!author.empty()) line += " by @" + author;
  line += ": \"" + Snippet(m) + "\"";
  if (!m.post().url().empty()) line += " " + m.post().url();
  return line;
}

// The cursor file holds the last sequence seen, as decimal text.
std::optional<uint64_t> LoadCursor(const std::string& path) {
  std::ifstream in(path);
  uint64_t sequence = 0;
  if (in >> sequence) return sequence;
  return std::nullopt;
}

// Written whole under another name, then renamed, so a crash never leaves a
// torn number behind.
bool SaveCursor(const std::string& path, uint64_t sequence) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << sequence << "\n";
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

// Ends a subscription that saw no match for `idle`: cancels the call in
// flight (Read() would otherwise block until the next message) and cuts a
// reconnect backoff short. A zero `idle` never fires.
class IdleWatch {
 public:
  explicit IdleWatch(milliseconds idle)
      : idle_(idle), deadline_(Clock::now() + idle) {
    if (idle_.count() > 0) thread_ = std::thread([this] { Run(); });
  }
  ~IdleWatch() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  IdleWatch(const IdleWatch&) = delete;
  IdleWatch& operator=(const IdleWatch&) = delete;

  // A match arrived: the idle period starts again.
  void Touch() {
    std::lock_guard lock(mu_);
    deadline_ = Clock::now() + idle_;
  }
  // context (null: none) is the call to cancel when idle; it must stay
  // valid until the next Attach.
  void Attach(grpc::ClientContext* context) {
    std::lock_guard lock(mu_);
    context_ = context;
    if (expired_ && context_ != nullptr) context_->TryCancel();
  }
  bool expired() {
    std::lock_guard lock(mu_);
    return expired_;
  }
  // Sleeps for d, or less if idle strikes first.
  void Sleep(milliseconds d) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, d, [this] { return expired_ || stop_; });
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      if (Clock::now() >= deadline_) {
        expired_ = true;
        if (context_ != nullptr) context_->TryCancel();
        cv_.notify_all();
        return;
      }
      // Touch() only moves the deadline later, so waking at the old one and
      // looking again is enough.
      cv_.wait_until(lock, deadline_);
    }
  }

  const milliseconds idle_;
  std::mutex mu_;
  std::condition_variable cv_;
  Clock::time_point deadline_;              // Guarded by mu_.
  grpc::ClientContext* context_ = nullptr;  // Guarded by mu_.
  bool expired_ = false;                    // Guarded by mu_.
  bool stop_ = false;                       // Guarded by mu_.
  std::thread thread_;
};

struct SubscribeFlags {
  ClientFlags client;
  uint64_t from = 0;
  std::vector<std::string> species;
  std::vector<std::string> appendices;
  std::vector<std::string> platforms;
  std::string min_severity;
  std::string format = "jsonl";
  std::string cursor_file;
  uint64_t limit = 0;
  double exit_when_idle_s = 0;
};

// Whether a failed stream is worth retrying: these say the request itself is
// wrong, and will stay wrong however often it is sent.
bool IsFinal(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::UNIMPLEMENTED:
      return true;
    default:
      return false;
  }
}

int RunSubscribe(const SubscribeFlags& flags) {
  v1::SubscribeRequest request;
  for (const std::string& s : flags.species) request.add_taxa(s);
  for (const std::string& a : flags.appendices) request.add_appendices(a);
  for (const std::string& p : flags.platforms) request.add_platforms(p);
  if (!flags.min_severity.empty()) {
    Severity s;
    if (!ParseSeverity(flags.min_severity, &s)) {
      std::cerr << "wildwatch subscribe: --min-severity must be low, medium, "
                   "high or critical\n";
      return kExitError;
    }
    request.set_min_severity(SeverityToProto(s));
  }

  // `next` is the first sequence not yet accounted for; every (re)connect
  // asks for exactly that, so nothing is printed twice or skipped.
  uint64_t next = flags.from;
  if (!flags.cursor_file.empty()) {
    if (std::optional<uint64_t> saved = LoadCursor(flags.cursor_file)) {
      next = *saved + 1;
    }
  }
  uint64_t saved_cursor = next > 0 ? next - 1 : 0;
  auto advance = [&](uint64_t seen) {
    next = seen + 1;
    if (flags.cursor_file.empty() || seen == 0 || seen == saved_cursor) return;
    if (!SaveCursor(flags.cursor_file, seen)) {
      std::cerr << "wildwatch subscribe: cannot write " << flags.cursor_file
                << "\n";
    }
    saved_cursor = seen;
  };

  auto stub = v1::MatchFeed::NewStub(Connect(flags.client));
  IdleWatch idle(std::chrono::duration_cast<milliseconds>(
      std::chrono::duration<double>(flags.exit_when_idle_s)));
  milliseconds backoff = kFirstBackoff;
  std::mt19937 rng(std::random_device{}());
  uint64_t printed = 0;
  while (true) {
    request.set_from_sequence(next);
    std::unique_ptr<grpc::ClientContext> context =
        MakeContext(flags.client, /*with_deadline=*/false);
    idle.Attach(context.get());
    auto reader = stub->Subscribe(context.get(), request);
    v1::SubscribeResponse response;
    while (reader->Read(&response)) {
      backoff = kFirstBackoff;
      if (response.has_progress()) {
        if (response.progress().sequence() >= next) {
          advance(response.progress().sequence());
        }
        continue;
      }
      const v1::Match& m = response.match();
      if (m.sequence() < next) continue;  // Never print one twice.
      if (flags.format == "text") {
        std::cout << MatchLine(m) << "\n" << std::flush;
      } else {
        std::cout << MatchJson(m).dump() << "\n" << std::flush;
      }
      idle.Touch();
      advance(m.sequence());
      if (flags.limit > 0 && ++printed >= flags.limit) {
        context->TryCancel();
        break;
      }
    }
    const grpc::Status status = reader->Finish();
    idle.Attach(nullptr);
    if (flags.limit > 0 && printed >= flags.limit) return kExitOk;
    if (idle.expired()) return kExitOk;
    if (IsFinal(status.error_code())) return ReportError("subscribe", status);

    // Jitter spreads out the reconnects of many subscribers after a daemon
    // restart.
    std::uniform_int_distribution<int64_t> jitter(backoff.count() / 2,
                                                  backoff.count());
    const milliseconds wait(jitter(rng));
    std::cerr << "wildwatch subscribe: "
              << StatusCodeName(static_cast<StatusCode>(status.error_code()))
              << ": " << status.error_message() << "; reconnecting from "
              << next << " in " << wait.count() << " ms\n";
    idle.Sleep(wait);
    if (idle.expired()) return kExitOk;
    backoff = std::min(kMaxBackoff, backoff * 2);
  }
}

// Prints rows as left-aligned columns, the first row being the header.
void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      line.append(widths[i] - row[i].size() + 2, ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    std::cout << line << "\n";
  }
}

int RunConnectors(const ClientFlags& flags) {
  auto context = MakeContext(flags, /*with_deadline=*/true);
  v1::ListConnectorsResponse response;
  grpc::Status status =
      v1::Admin::NewStub(Connect(flags))
          ->ListConnectors(context.get(), v1::ListConnectorsRequest(),
                           &response);
  if (!status.ok()) return ReportError("connectors", status);
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "PLUGIN", "PLATFORM", "STATE", "POSTS", "MATCHES", "ERRORS",
       "LAST BATCH", "CHECKPOINT", "LAST ERROR"}};
  for (const v1::ConnectorStatus& c : response.connectors()) {
    std::string plugin = c.plugin();
    if (!c.plugin_version().empty()) plugin += " " + c.plugin_version();
    rows.push_back({c.name(), plugin, c.platform(), c.state(),
                    std::to_string(c.posts_read()), std::to_string(c.matches()),
                    std::to_string(c.errors()),
                    FormatTime(c.last_batch_at_ms(), true), c.last_checkpoint(),
                    c.last_error()});
  }
  PrintTable(rows);
  return kExitOk;
}

int RunStats(const ClientFlags& flags) {
  auto context = MakeContext(flags, /*with_deadline=*/true);
  v1::GetStatsResponse s;
  grpc::Status status =
      v1::Admin::NewStub(Connect(flags))
          ->GetStats(context.get(), v1::GetStatsRequest(), &s);
  if (!status.ok()) return ReportError("stats", status);
  PrintTable({
      {"version", s.version()},
      {"started_at", FormatTime(s.started_at_ms(), true)},
      {"ruleset_version", s.ruleset_version()},
      {"taxa", std::to_string(s.taxa())},
      {"rules", std::to_string(s.rules())},
      {"patterns", std::to_string(s.patterns())},
      {"posts_read", std::to_string(s.posts_read())},
      {"matches_stored", std::to_string(s.matches_stored())},
      {"oldest_sequence", std::to_string(s.oldest_sequence())},
      {"last_sequence", std::to_string(s.last_sequence())},
      {"subscribers", std::to_string(s.subscribers())},
  });
  return kExitOk;
}

// Prints diagnostics as FILE:LINE:COL: message, the form editors jump to.
void PrintDiagnostics(
    const google::protobuf::RepeatedPtrField<v1::RuleDiagnostic>& list) {
  for (const v1::RuleDiagnostic& d : list) {
    std::cout << d.file() << ":" << d.line() << ":" << d.column() << ": "
              << d.message() << "\n";
  }
}

int RunRulesReload(const ClientFlags& flags) {
  auto context = MakeContext(flags, /*with_deadline=*/true);
  v1::ReloadRulesResponse response;
  grpc::Status status =
      v1::Admin::NewStub(Connect(flags))
          ->ReloadRules(context.get(), v1::ReloadRulesRequest(), &response);
  if (!status.ok()) return ReportError("rules reload", status);
  if (response.applied()) {
    std::cout << "applied rule set " << response.ruleset_version() << "\n";
    return kExitOk;
  }
  PrintDiagnostics(response.diagnostics());
  std::cout << "rejected; rule set " << response.ruleset_version()
            << " stays active\n";
  return kExitFinding;
}

// "+panthera-tigris -manidae ~loxodonta-africana, rules 3 -> 4". A long id
// list is cut to its first few ids and a count; `rules versions` and the
// daemon's log have the rest.
std::string DescribeChange(const v1::RuleChange& c) {
  constexpr int kIdsShown = 3;
  std::string out;
  auto ids = [&out](char sign,
                    const google::protobuf::RepeatedPtrField<std::string>& l) {
    for (int i = 0; i < l.size() && i < kIdsShown; ++i) {
      out += (out.empty() ? "" : " ") + std::string(1, sign) + l[i];
    }
    if (l.size() > kIdsShown) {
      out += " (" + std::string(1, sign) + std::to_string(l.size()) +
             " taxa in all)";
    }
  };
  ids('+', c.taxa_added());
  ids('-', c.taxa_removed());
  ids('~', c.taxa_changed());
  out += (out.empty() ? "" : ", ") + std::string("rules ") +
         std::to_string(c.rules_before()) + " -> " +
         std::to_string(c.rules_after());
  return out;
}

struct ActivateFlags {
  ClientFlags client;
  std::vector<std::string> paths;
};

// Reads paths (files, or directories whose *.yaml files are taken in name
// order, as the daemon reads its configured rules) into the request. Each
// file is uploaded under its base name. Returns false after printing why.
bool ReadUpload(const std::vector<std::string>& paths,
                v1::ActivateRulesRequest* request) {
  std::vector<std::filesystem::path> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      files.emplace_back(path);
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (entry.path().extension() == ".yaml") found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
      std::cerr << "wildwatch rules activate: cannot read " << file.string()
                << "\n";
      return false;
    }
    v1::RuleFile* out = request->add_files();
    out->set_name(file.filename().string());
    out->set_content(std::move(content).str());
  }
  if (request->files_size() == 0) {
    std::cerr << "wildwatch rules activate: no *.yaml files found\n";
    return false;
  }
  return true;
}

int RunRulesActivate(const ActivateFlags& flags) {
  v1::ActivateRulesRequest request;
  if (!ReadUpload(flags.paths, &request)) return kExitError;
  auto context = MakeContext(flags.client, /*with_deadline=*/true);
  v1::ActivateRulesResponse response;
  grpc::Status status = v1::Admin::NewStub(Connect(flags.client))
                            ->ActivateRules(context.get(), request, &response);
  if (!status.ok()) return ReportError("rules activate", status);
  if (response.applied()) {
    std::cout << "activated rule set " << response.ruleset_version() << " (was "
              << response.previous_version()
              << "): " << DescribeChange(response.change()) << "\n";
    return kExitOk;
  }
  PrintDiagnostics(response.diagnostics());
  std::cout << "rejected; rule set " << response.ruleset_version()
            << " stays active\n";
  return kExitFinding;
}

int RunRulesVersions(const ClientFlags& flags) {
  auto context = MakeContext(flags, /*with_deadline=*/true);
  v1::ListRuleVersionsResponse response;
  grpc::Status status =
      v1::Admin::NewStub(Connect(flags))
          ->ListRuleVersions(context.get(), v1::ListRuleVersionsRequest(),
                             &response);
  if (!status.ok()) return ReportError("rules versions", status);
  std::vector<std::vector<std::string>> rows = {
      {"", "VERSION", "CREATED", "BY", "TAXA", "RULES", "SHA256"}};
  for (const v1::RuleVersion& v : response.versions()) {
    rows.push_back({v.active() ? "*" : "", v.version(),
                    FormatTime(v.created_at_ms(), true), v.created_by(),
                    std::to_string(v.taxa()), std::to_string(v.rules()),
                    v.sha256()});
  }
  PrintTable(rows);
  return kExitOk;
}

struct RollbackFlags {
  ClientFlags client;
  std::string version;
};

int RunRulesRollback(const RollbackFlags& flags) {
  auto context = MakeContext(flags.client, /*with_deadline=*/true);
  v1::RollbackRulesRequest request;
  request.set_version(flags.version);
  v1::RollbackRulesResponse response;
  grpc::Status status = v1::Admin::NewStub(Connect(flags.client))
                            ->RollbackRules(context.get(), request, &response);
  if (!status.ok()) return ReportError("rules rollback", status);
  std::cout << "rolled back to rule set " << response.ruleset_version()
            << " (was " << response.previous_version()
            << "): " << DescribeChange(response.change()) << "\n";
  return kExitOk;
}

struct HistoryFlags {
  ClientFlags client;
  uint32_t limit = 20;
};

int RunRulesHistory(const HistoryFlags& flags) {
  auto context = MakeContext(flags.client, /*with_deadline=*/true);
  v1::RuleHistoryRequest request;
  request.set_limit(flags.limit);
  v1::RuleHistoryResponse response;
  grpc::Status status = v1::Admin::NewStub(Connect(flags.client))
                            ->RuleHistory(context.get(), request, &response);
  if (!status.ok()) return ReportError("rules history", status);
  std::vector<std::vector<std::string>> rows = {
      {"TIME", "ACTOR", "ACTION", "VERSION", "CHANGES"}};
  for (const v1::RuleAuditEntry& e : response.entries()) {
    const std::string before =
        e.version_before().empty() ? "(none)" : e.version_before();
    rows.push_back({FormatTime(e.at_ms(), true), e.actor(), e.action(),
                    before + " -> " + e.version_after(),
                    DescribeChange(e.change())});
  }
  PrintTable(rows);
  return kExitOk;
}

// Adds --timeout, which only one-shot calls have.
void AddTimeoutOption(CLI::App* command, ClientFlags* flags) {
  command
      ->add_option("--timeout", flags->timeout_s,
                   "seconds to wait for the answer")
      ->capture_default_str();
}

CLI::App* AddAdminCommand(CLI::App* parent, const std::string& name,
                          const std::string& description, int* exit_code,
                          int (*run)(const ClientFlags&)) {
  auto flags = std::make_shared<ClientFlags>();
  CLI::App* command = parent->add_subcommand(name, description);
  AddClientOptions(command, flags.get());
  AddTimeoutOption(command, flags.get());
  command->callback([flags, exit_code, run] { *exit_code = run(*flags); });
  return command;
}

}  // namespace

void AddFeedCommands(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SubscribeFlags>();
  CLI::App* subscribe = app.add_subcommand(
      "subscribe",
      "Stream matches from wildwatchd: stored ones from --from, then live "
      "ones; reconnects by itself and never repeats or skips a match.");
  AddClientOptions(subscribe, &flags->client);
  subscribe->add_option("--from", flags->from,
                        "first sequence wanted; 0: the oldest held");
  subscribe->add_option("--species", flags->species,
                        "taxon id or scientific name (repeatable)");
  subscribe
      ->add_option("--appendix", flags->appendices,
                   "CITES appendix I, II or III (repeatable)")
      ->check(CLI::IsMember({"I", "II", "III"}));
  subscribe->add_option("--platform", flags->platforms,
                        "platform label (repeatable)");
  subscribe
      ->add_option("--min-severity", flags->min_severity,
                   "low, medium, high or critical")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  subscribe->add_option("--format", flags->format, "jsonl or text")
      ->check(CLI::IsMember({"jsonl", "text"}))
      ->capture_default_str();
  subscribe->add_option(
      "--cursor-file", flags->cursor_file,
      "keeps the last sequence seen; resumes after it (overrides --from)");
  subscribe->add_option("--limit", flags->limit,
                        "exit after this many matches");
  subscribe->add_option("--exit-when-idle", flags->exit_when_idle_s,
                        "exit after this many seconds without a match");
  subscribe->callback(
      [flags, exit_code] { *exit_code = RunSubscribe(*flags); });

  AddAdminCommand(&app, "connectors",
                  "List the connector instances of wildwatchd (admin).",
                  exit_code, RunConnectors);
  AddAdminCommand(&app, "stats", "Show wildwatchd's counters (admin).",
                  exit_code, RunStats);

  // `rules` holds the offline rule commands; reloading the daemon's rules
  // belongs with them for the user even though it talks to the feed.
  std::vector<CLI::App*> found =
      app.get_subcommands([](CLI::App* s) { return s->get_name() == "rules"; });
  CLI::App* rules = found.empty()
                        ? app.add_subcommand("rules", "Work with rule sets.")
                        : found.front();
  AddAdminCommand(rules, "reload",
                  "Make wildwatchd reload its rule files (admin); prints the "
                  "diagnostics and exits 1 if the new set is rejected.",
                  exit_code, RunRulesReload);
  AddAdminCommand(rules, "versions",
                  "List every rule-set version wildwatchd has had in force, "
                  "newest first; * marks the active one (admin).",
                  exit_code, RunRulesVersions);

  auto activate = std::make_shared<ActivateFlags>();
  CLI::App* activate_command = rules->add_subcommand(
      "activate",
      "Upload rule files to wildwatchd and put them in force (admin); they "
      "stay in force across restarts until `rules reload`. Prints the "
      "diagnostics and exits 1 if the set is rejected.");
  AddClientOptions(activate_command, &activate->client);
  AddTimeoutOption(activate_command, &activate->client);
  activate_command
      ->add_option("paths", activate->paths,
                   "rule files, or directories of *.yaml files")
      ->required();
  activate_command->callback(
      [activate, exit_code] { *exit_code = RunRulesActivate(*activate); });

  auto rollback = std::make_shared<RollbackFlags>();
  CLI::App* rollback_command = rules->add_subcommand(
      "rollback",
      "Put a stored rule-set version back in force (admin); without VERSION, "
      "the one active before the current one.");
  AddClientOptions(rollback_command, &rollback->client);
  AddTimeoutOption(rollback_command, &rollback->client);
  rollback_command->add_option("version", rollback->version,
                               "version, as `rules versions` lists it");
  rollback_command->callback(
      [rollback, exit_code] { *exit_code = RunRulesRollback(*rollback); });

  auto history = std::make_shared<HistoryFlags>();
  CLI::App* history_command = rules->add_subcommand(
      "history",
      "Show the audit log of rule-set changes, newest first: when, who (token "
      "name), what, and what changed (admin).");
  AddClientOptions(history_command, &history->client);
  AddTimeoutOption(history_command, &history->client);
  history_command->add_option("--limit", history->limit, "most entries shown")
      ->capture_default_str();
  history_command->callback(
      [history, exit_code] { *exit_code = RunRulesHistory(*history); });
}

}  // namespace wildwatch::cli
