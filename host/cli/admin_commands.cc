#include "host/cli/admin_commands.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "host/cli/exit_code.h"
#include "host/cli/match_render.h"
#include "host/cli/table.h"
#include "host/rules/rule_set.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch::cli {

namespace {

std::unique_ptr<v1::Admin::Stub> AdminStub(const AdminFlags& flags) {
  return v1::Admin::NewStub(Connect(flags.client));
}

Table DiagnosticsTable(
    const google::protobuf::RepeatedPtrField<v1::RuleDiagnostic>& list) {
  Table table({"FILE", "LINE", "COLUMN", "MESSAGE"});
  for (const v1::RuleDiagnostic& d : list) {
    table.AddRow({d.file(), std::to_string(d.line()),
                  std::to_string(d.column()), d.message()});
  }
  return table;
}

// Prints diagnostics as FILE:LINE:COL: message, the form editors jump to.
void PrintDiagnostics(
    const google::protobuf::RepeatedPtrField<v1::RuleDiagnostic>& list,
    std::ostream& out) {
  for (const v1::RuleDiagnostic& d : list) {
    out << d.file() << ":" << d.line() << ":" << d.column() << ": "
        << d.message() << "\n";
  }
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

// Prints the answer to a rule-set change (reload, activate): in text the
// outcome, or the diagnostics and which set stays; in csv the diagnostics;
// in json/jsonl the response. Exit 1 when the set was rejected.
template <typename Response>
int PrintRuleChange(const AdminFlags& flags, const Response& response,
                    const std::string& applied_text, std::ostream& out) {
  if (flags.output != OutputFormat::kText) {
    WriteResult(flags.output, response, {&response},
                DiagnosticsTable(response.diagnostics()), out);
  } else if (response.applied()) {
    out << applied_text << "\n";
  } else {
    PrintDiagnostics(response.diagnostics(), out);
    out << "rejected; rule set " << response.ruleset_version()
        << " stays active\n";
  }
  return response.applied() ? kExitOk : kExitFinding;
}

int RunRulesReload(const AdminFlags& flags, std::ostream& out,
                   std::ostream& err) {
  auto context = MakeContext(flags.client, /*with_deadline=*/true);
  v1::ReloadRulesResponse response;
  grpc::Status status = AdminStub(flags)->ReloadRules(
      context.get(), v1::ReloadRulesRequest(), &response);
  if (!status.ok()) return ReportError("rules reload", status, err);
  return PrintRuleChange(flags, response,
                         "applied rule set " + response.ruleset_version(), out);
}

struct ActivateFlags {
  AdminFlags admin;
  std::vector<std::string> paths;
  bool dry_run = false;
};

// The name a file found under the command-line path `given` is uploaded
// as: a file by its own name, one found in a directory by that directory's
// name and its path inside it ("rules/generated/cites-appendices.yaml"), so
// names stay unique and say where a diagnostic points.
std::string UploadName(const std::string& given, const std::string& found) {
  const std::filesystem::path file(found);
  if (found == given) return file.filename().string();
  const std::filesystem::path dir =
      std::filesystem::path(given).lexically_normal();
  std::string base = dir.filename().string();
  if (base.empty()) base = dir.parent_path().filename().string();
  const std::filesystem::path inside = file.lexically_relative(given);
  return base.empty() || base == "." || base == ".."
             ? inside.string()
             : (std::filesystem::path(base) / inside).string();
}

// Reads paths exactly as every other command and the daemon do
// (rules::ReadRuleSources: subdirectories first, `tools` skipped) into the
// request. Returns false after printing why.
bool ReadUpload(const std::vector<std::string>& paths,
                v1::ActivateRulesRequest* request, std::ostream& err) {
  std::vector<rules::Diagnostic> diagnostics;
  for (const std::string& path : paths) {
    for (rules::RuleSource& source : rules::ReadRuleSources(
             {path}, rules::LoadOptions().max_file_bytes, &diagnostics)) {
      v1::RuleFile* upload = request->add_files();
      upload->set_name(UploadName(path, source.name));
      upload->set_content(std::move(source.content));
    }
  }
  for (const rules::Diagnostic& d : diagnostics) {
    err << "wildwatch rules activate: " << d.ToString() << "\n";
  }
  return diagnostics.empty();
}

int RunRulesActivate(const ActivateFlags& flags, std::ostream& out,
                     std::ostream& err) {
  v1::ActivateRulesRequest request;
  if (!ReadUpload(flags.paths, &request, err)) return kExitUsage;
  request.set_dry_run(flags.dry_run);
  auto context = MakeContext(flags.admin.client, /*with_deadline=*/true);
  v1::ActivateRulesResponse response;
  grpc::Status status =
      AdminStub(flags.admin)->ActivateRules(context.get(), request, &response);
  if (!status.ok()) return ReportError("rules activate", status, err);
  if (flags.dry_run && response.diagnostics_size() == 0) {
    if (flags.admin.output != OutputFormat::kText) {
      WriteResult(flags.admin.output, response, {&response},
                  DiagnosticsTable(response.diagnostics()), out);
    } else {
      out << "dry run: rule set " << response.candidate_version()
          << " would replace " << response.ruleset_version() << ": "
          << DescribeChange(response.change()) << "\n";
    }
    return kExitOk;
  }
  return PrintRuleChange(flags.admin, response,
                         "activated rule set " + response.ruleset_version() +
                             " (was " + response.previous_version() +
                             "): " + DescribeChange(response.change()),
                         out);
}

int RunRulesVersions(const AdminFlags& flags, std::ostream& out,
                     std::ostream& err) {
  auto context = MakeContext(flags.client, /*with_deadline=*/true);
  v1::ListRuleVersionsResponse response;
  grpc::Status status = AdminStub(flags)->ListRuleVersions(
      context.get(), v1::ListRuleVersionsRequest(), &response);
  if (!status.ok()) return ReportError("rules versions", status, err);
  Table table({"", "VERSION", "CREATED", "BY", "TAXA", "RULES", "SHA256"});
  for (const v1::RuleVersion& v : response.versions()) {
    table.AddRow({v.active() ? "*" : "", v.version(),
                  FormatTime(v.created_at_ms(), true), v.created_by(),
                  std::to_string(v.taxa()), std::to_string(v.rules()),
                  v.sha256()});
  }
  WriteResult(flags.output, response, Items(response.versions()), table, out);
  return kExitOk;
}

struct RollbackFlags {
  AdminFlags admin;
  std::string version;
};

int RunRulesRollback(const RollbackFlags& flags, std::ostream& out,
                     std::ostream& err) {
  auto context = MakeContext(flags.admin.client, /*with_deadline=*/true);
  v1::RollbackRulesRequest request;
  request.set_version(flags.version);
  v1::RollbackRulesResponse response;
  grpc::Status status =
      AdminStub(flags.admin)->RollbackRules(context.get(), request, &response);
  if (!status.ok()) return ReportError("rules rollback", status, err);
  if (flags.admin.output == OutputFormat::kText) {
    out << "rolled back to rule set " << response.ruleset_version() << " (was "
        << response.previous_version()
        << "): " << DescribeChange(response.change()) << "\n";
    return kExitOk;
  }
  Table table({"VERSION", "PREVIOUS", "CHANGE"});
  table.AddRow({response.ruleset_version(), response.previous_version(),
                DescribeChange(response.change())});
  WriteResult(flags.admin.output, response, {&response}, table, out);
  return kExitOk;
}

struct HistoryFlags {
  AdminFlags admin;
  uint32_t limit = 20;
};

int RunRulesHistory(const HistoryFlags& flags, std::ostream& out,
                    std::ostream& err) {
  auto context = MakeContext(flags.admin.client, /*with_deadline=*/true);
  v1::RuleHistoryRequest request;
  request.set_limit(flags.limit);
  v1::RuleHistoryResponse response;
  grpc::Status status =
      AdminStub(flags.admin)->RuleHistory(context.get(), request, &response);
  if (!status.ok()) return ReportError("rules history", status, err);
  Table table({"TIME", "ACTOR", "ACTION", "VERSION", "CHANGES"});
  for (const v1::RuleAuditEntry& e : response.entries()) {
    const std::string before =
        e.version_before().empty() ? "(none)" : e.version_before();
    table.AddRow({FormatTime(e.at_ms(), true), e.actor(), e.action(),
                  before + " -> " + e.version_after(),
                  DescribeChange(e.change())});
  }
  WriteResult(flags.admin.output, response, Items(response.entries()), table,
              out);
  return kExitOk;
}

// Adds the options every admin command shares to command.
void AddAdminOptions(CLI::App* command, AdminFlags* flags) {
  AddClientOptions(command, &flags->client);
  AddTimeoutOption(command, &flags->client);
  AddOutputOption(command, &flags->output);
}

CLI::App* AddSimpleCommand(CLI::App* parent, const std::string& name,
                           const std::string& description, int* exit_code,
                           int (*run)(const AdminFlags&, std::ostream&,
                                      std::ostream&)) {
  auto flags = std::make_shared<AdminFlags>();
  CLI::App* command = parent->add_subcommand(name, description);
  AddAdminOptions(command, flags.get());
  command->callback([flags, exit_code, run] {
    *exit_code = run(*flags, std::cout, std::cerr);
  });
  return command;
}

}  // namespace

int RunConnectors(const AdminFlags& flags, std::ostream& out,
                  std::ostream& err) {
  auto context = MakeContext(flags.client, /*with_deadline=*/true);
  v1::ListConnectorsResponse response;
  grpc::Status status = AdminStub(flags)->ListConnectors(
      context.get(), v1::ListConnectorsRequest(), &response);
  if (!status.ok()) return ReportError("connectors", status, err);
  Table table({"NAME", "PLUGIN", "PLATFORM", "STATE", "POSTS", "MATCHES",
               "ERRORS", "LAST BATCH", "CHECKPOINT", "LAST ERROR"});
  for (const v1::ConnectorStatus& c : response.connectors()) {
    std::string plugin = c.plugin();
    if (!c.plugin_version().empty()) plugin += " " + c.plugin_version();
    table.AddRow({c.name(), plugin, c.platform(), c.state(),
                  std::to_string(c.posts_read()), std::to_string(c.matches()),
                  std::to_string(c.errors()),
                  FormatTime(c.last_batch_at_ms(), true), c.last_checkpoint(),
                  c.last_error()});
  }
  WriteResult(flags.output, response, Items(response.connectors()), table, out);
  return kExitOk;
}

int RunStats(const AdminFlags& flags, std::ostream& out, std::ostream& err) {
  auto context = MakeContext(flags.client, /*with_deadline=*/true);
  v1::GetStatsResponse s;
  grpc::Status status =
      AdminStub(flags)->GetStats(context.get(), v1::GetStatsRequest(), &s);
  if (!status.ok()) return ReportError("stats", status, err);
  Table table({"COUNTER", "VALUE"});
  table.AddRow({"version", s.version()});
  table.AddRow({"started_at", FormatTime(s.started_at_ms(), true)});
  table.AddRow({"ruleset_version", s.ruleset_version()});
  table.AddRow({"taxa", std::to_string(s.taxa())});
  table.AddRow({"rules", std::to_string(s.rules())});
  table.AddRow({"patterns", std::to_string(s.patterns())});
  table.AddRow({"posts_read", std::to_string(s.posts_read())});
  table.AddRow({"matches_stored", std::to_string(s.matches_stored())});
  table.AddRow({"oldest_sequence", std::to_string(s.oldest_sequence())});
  table.AddRow({"last_sequence", std::to_string(s.last_sequence())});
  table.AddRow({"subscribers", std::to_string(s.subscribers())});
  WriteResult(flags.output, s, {&s}, table, out);
  return kExitOk;
}

void AddAdminCommands(CLI::App& app, int* exit_code) {
  AddSimpleCommand(&app, "connectors",
                   "List the connector instances of wildwatchd (admin).",
                   exit_code, RunConnectors);
  AddSimpleCommand(&app, "stats", "Show wildwatchd's counters (admin).",
                   exit_code, RunStats);

  // `rules` holds the offline rule commands; changing the daemon's rules
  // belongs with them for the user even though it talks to the daemon.
  CLI::App* rules = app.get_subcommand("rules");
  AddSimpleCommand(rules, "reload",
                   "Make wildwatchd reload its rule files (admin); prints the "
                   "diagnostics and exits 1 if the new set is rejected.",
                   exit_code, RunRulesReload);
  AddSimpleCommand(rules, "versions",
                   "List every rule-set version wildwatchd has had in force, "
                   "newest first; * marks the active one (admin).",
                   exit_code, RunRulesVersions);

  auto activate = std::make_shared<ActivateFlags>();
  CLI::App* activate_command = rules->add_subcommand(
      "activate",
      "Upload rule files to wildwatchd and put them in force (admin); they "
      "stay in force across restarts until `rules reload`. Directories are "
      "read as by every other command. Prints the diagnostics and exits 1 "
      "if the set is rejected.");
  AddAdminOptions(activate_command, &activate->admin);
  activate_command->add_flag(
      "--dry-run", activate->dry_run,
      "check the files on the daemon and print what would change (taxa "
      "added, removed, changed; rule counts); nothing is put in force");
  activate_command
      ->add_option("paths", activate->paths,
                   "rule files, or directories of *.yaml files")
      ->required();
  activate_command->callback([activate, exit_code] {
    *exit_code = RunRulesActivate(*activate, std::cout, std::cerr);
  });

  auto rollback = std::make_shared<RollbackFlags>();
  CLI::App* rollback_command = rules->add_subcommand(
      "rollback",
      "Put a stored rule-set version back in force (admin); without VERSION, "
      "the one active before the current one.");
  AddAdminOptions(rollback_command, &rollback->admin);
  rollback_command->add_option("version", rollback->version,
                               "version, as `rules versions` lists it");
  rollback_command->callback([rollback, exit_code] {
    *exit_code = RunRulesRollback(*rollback, std::cout, std::cerr);
  });

  auto history = std::make_shared<HistoryFlags>();
  CLI::App* history_command = rules->add_subcommand(
      "history",
      "Show the audit log of rule-set changes, newest first: when, who (token "
      "name), what, and what changed (admin).");
  AddAdminOptions(history_command, &history->admin);
  history_command->add_option("--limit", history->limit, "most entries shown")
      ->capture_default_str();
  history_command->callback([history, exit_code] {
    *exit_code = RunRulesHistory(*history, std::cout, std::cerr);
  });
}

}  // namespace wildwatch::cli
