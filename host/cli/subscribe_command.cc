#include "host/cli/subscribe_command.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <random>

#include "host/cli/cursor_file.h"
#include "host/cli/exit_code.h"
#include "host/cli/filter_args.h"
#include "host/cli/idle_watch.h"
#include "host/cli/match_render.h"
#include "host/cli/table.h"
#include "host/core/match.h"
#include "host/core/status.h"
#include "host/feed/proto_convert.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {

namespace {

using std::chrono::milliseconds;

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

void PrintMatch(OutputFormat format, const v1::Match& m, std::ostream& out) {
  switch (format) {
    case OutputFormat::kText:
      out << MatchLine(m) << "\n";
      break;
    case OutputFormat::kCsv:  // The header went out once, first.
      Table::WriteCsvRecord(MatchRow(m), out);
      break;
    case OutputFormat::kJson:
    case OutputFormat::kJsonl:
      out << ToJson(m) << "\n";
      break;
  }
  out << std::flush;
}

}  // namespace

int RunSubscribe(const SubscribeFlags& flags, std::ostream& out,
                 std::ostream& err) {
  v1::SubscribeRequest request;
  for (const std::string& s : flags.species) request.add_taxa(s);
  for (const std::string& a : flags.appendices) request.add_appendices(a);
  for (const std::string& p : flags.platforms) request.add_platforms(p);
  if (!flags.min_severity.empty()) {
    v1::Severity severity;
    if (!ParseSeverityArg("subscribe", flags.min_severity, &severity, err)) {
      return kExitUsage;
    }
    request.set_min_severity(severity);
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
      err << "wildwatch subscribe: cannot write " << flags.cursor_file << "\n";
    }
    saved_cursor = seen;
  };

  if (flags.output == OutputFormat::kCsv) {
    Table::WriteCsvRecord(MatchHeader(), out);
  }
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
      PrintMatch(flags.output, m, out);
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
    if (IsFinal(status.error_code())) {
      return ReportError("subscribe", status, err);
    }

    // Jitter spreads out the reconnects of many subscribers after a daemon
    // restart.
    std::uniform_int_distribution<int64_t> jitter(backoff.count() / 2,
                                                  backoff.count());
    const milliseconds wait(jitter(rng));
    err << "wildwatch subscribe: "
        << StatusCodeName(static_cast<StatusCode>(status.error_code())) << ": "
        << status.error_message() << "; reconnecting from " << next << " in "
        << wait.count() << " ms\n";
    idle.Sleep(wait);
    if (idle.expired()) return kExitOk;
    backoff = std::min(kMaxBackoff, backoff * 2);
  }
}

void AddSubscribeCommand(CLI::App& app, int* exit_code) {
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
  AddOutputOption(subscribe, &flags->output)->default_str("jsonl");
  // --format is the older name of --output, kept for existing scripts.
  subscribe
      ->add_option("--format", flags->output, "same as --output (jsonl, text)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, OutputFormat>{
          {"jsonl", OutputFormat::kJsonl}, {"text", OutputFormat::kText}}));
  subscribe->add_option(
      "--cursor-file", flags->cursor_file,
      "keeps the last sequence seen; resumes after it (overrides --from)");
  subscribe->add_option("--limit", flags->limit,
                        "exit after this many matches");
  subscribe->add_option("--exit-when-idle", flags->exit_when_idle_s,
                        "exit after this many seconds without a match");
  subscribe->callback([flags, exit_code] {
    *exit_code = RunSubscribe(*flags, std::cout, std::cerr);
  });
}

}  // namespace wildwatch::cli
