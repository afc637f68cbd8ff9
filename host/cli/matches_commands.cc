#include "host/cli/matches_commands.h"

#include <iostream>
#include <memory>
#include <optional>

#include "host/cli/exit_code.h"
#include "host/cli/filter_args.h"
#include "host/cli/match_render.h"
#include "host/cli/table.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {

namespace {

// Fills request from flags; false after printing why to err.
bool BuildRequest(const ListMatchesFlags& flags,
                  v1::ListMatchesRequest* request, std::ostream& err) {
  for (const std::string& t : flags.taxa) request->add_taxa(t);
  for (const std::string& a : flags.appendices) request->add_appendices(a);
  for (const std::string& p : flags.platforms) request->add_platforms(p);
  if (!flags.min_severity.empty()) {
    v1::Severity severity;
    if (!ParseSeverityArg("matches list", flags.min_severity, &severity, err)) {
      return false;
    }
    request->set_min_severity(severity);
  }
  for (const auto& [flag, text, set] :
       {std::tuple{"--since", &flags.since,
                   &v1::ListMatchesRequest::set_matched_after_ms},
        std::tuple{"--until", &flags.until,
                   &v1::ListMatchesRequest::set_matched_before_ms}}) {
    if (text->empty()) continue;
    std::optional<int64_t> ms = ParseTimeArg(*text);
    if (!ms) {
      err << "wildwatch matches list: " << flag << " '" << *text
          << "' is not YYYY-MM-DD, YYYY-MM-DDTHH:MMZ or "
             "YYYY-MM-DDTHH:MM:SSZ\n";
      return false;
    }
    (request->*set)(*ms);
  }
  request->set_page_size(flags.page_size);
  request->set_page_token(flags.page_token);
  return true;
}

void PrintMatches(OutputFormat format,
                  const google::protobuf::RepeatedPtrField<v1::Match>& page,
                  std::ostream& out) {
  for (const v1::Match& m : page) {
    switch (format) {
      case OutputFormat::kText:
        out << MatchLine(m) << "\n";
        break;
      case OutputFormat::kCsv:
        Table::WriteCsvRecord(MatchRow(m), out);
        break;
      case OutputFormat::kJsonl:
        out << ToJson(m) << "\n";
        break;
      case OutputFormat::kJson:
        break;  // Printed whole at the end.
    }
  }
}

int RunGetMatches(const ClientFlags& client, OutputFormat output,
                  const std::vector<std::string>& ids, std::ostream& out,
                  std::ostream& err) {
  auto stub = v1::MatchFeed::NewStub(Connect(client));
  v1::ListMatchesResponse all;  // For json: every match in one message.
  if (output == OutputFormat::kCsv) Table::WriteCsvRecord(MatchHeader(), out);
  for (const std::string& id : ids) {
    auto context = MakeContext(client, /*with_deadline=*/true);
    v1::GetMatchRequest request;
    request.set_match_id(id);
    v1::Match* m = all.add_matches();
    grpc::Status status = stub->GetMatch(context.get(), request, m);
    if (!status.ok()) return ReportError("matches get", status, err);
  }
  if (output == OutputFormat::kJson) {
    out << ToJson(all, /*pretty=*/true) << "\n";
  } else {
    PrintMatches(output, all.matches(), out);
  }
  return kExitOk;
}

}  // namespace

int RunListMatches(const ListMatchesFlags& flags, std::ostream& out,
                   std::ostream& err) {
  v1::ListMatchesRequest request;
  if (!BuildRequest(flags, &request, err)) return kExitUsage;
  auto stub = v1::MatchFeed::NewStub(Connect(flags.client));
  if (flags.output == OutputFormat::kCsv) {
    Table::WriteCsvRecord(MatchHeader(), out);
  }
  v1::ListMatchesResponse all;  // For json: every page in one message.
  while (true) {
    auto context = MakeContext(flags.client, /*with_deadline=*/true);
    v1::ListMatchesResponse page;
    grpc::Status status = stub->ListMatches(context.get(), request, &page);
    if (!status.ok()) return ReportError("matches list", status, err);
    PrintMatches(flags.output, page.matches(), out);
    if (flags.output == OutputFormat::kJson) {
      all.mutable_matches()->MergeFrom(page.matches());
      all.set_next_page_token(page.next_page_token());
    }
    if (!flags.all || page.next_page_token().empty()) {
      if (flags.output == OutputFormat::kJson) {
        out << ToJson(all, /*pretty=*/true) << "\n";
      } else if (!page.next_page_token().empty()) {
        err << "next page: --page-token " << page.next_page_token() << "\n";
      }
      return kExitOk;
    }
    request.set_page_token(page.next_page_token());
  }
}

void AddMatchesCommands(CLI::App& app, int* exit_code) {
  CLI::App* matches = app.add_subcommand(
      "matches", "Read stored matches from wildwatchd a page at a time.");
  matches->require_subcommand(1);

  auto flags = std::make_shared<ListMatchesFlags>();
  CLI::App* list = matches->add_subcommand(
      "list",
      "List stored matches by filter and time of matching, in sequence "
      "order, a page at a time (or every page with --all).");
  AddClientOptions(list, &flags->client);
  AddTimeoutOption(list, &flags->client);
  AddOutputOption(list, &flags->output);
  list->add_option("--species", flags->taxa, "taxon id (repeatable)");
  list->add_option("--appendix", flags->appendices,
                   "CITES appendix I, II or III (repeatable)")
      ->check(CLI::IsMember({"I", "II", "III"}));
  list->add_option("--platform", flags->platforms,
                   "platform label (repeatable)");
  list->add_option("--min-severity", flags->min_severity,
                   "low, medium, high or critical");
  list->add_option("--since", flags->since,
                   "matched at or after, e.g. 2024-05-01 or "
                   "2024-05-01T10:00Z");
  list->add_option("--until", flags->until, "matched before");
  list->add_option("--page-size", flags->page_size,
                   "matches per page (default 100, at most 1000)");
  list->add_option("--page-token", flags->page_token,
                   "resume where the previous page ended");
  list->add_flag("--all", flags->all, "follow every page to the end");
  list->callback([flags, exit_code] {
    *exit_code = RunListMatches(*flags, std::cout, std::cerr);
  });

  struct GetFlags {
    ClientFlags client;
    OutputFormat output = OutputFormat::kText;
    std::vector<std::string> ids;
  };
  auto get_flags = std::make_shared<GetFlags>();
  CLI::App* get =
      matches->add_subcommand("get", "Print stored matches by match id.");
  AddClientOptions(get, &get_flags->client);
  AddTimeoutOption(get, &get_flags->client);
  AddOutputOption(get, &get_flags->output);
  get->add_option("match_ids", get_flags->ids, "match ids")->required();
  get->callback([get_flags, exit_code] {
    *exit_code = RunGetMatches(get_flags->client, get_flags->output,
                               get_flags->ids, std::cout, std::cerr);
  });
}

}  // namespace wildwatch::cli
