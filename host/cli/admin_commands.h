// The admin subcommands of `wildwatch` that talk to a running wildwatchd:
// `connectors`, `stats`, and `rules reload|activate|versions|rollback|
// history`. Each prints its answer in --output's format and returns an exit
// code from exit_code.h.
//
// Thread-compatible: each Run* blocks its caller for one call.
#ifndef WILDWATCH_HOST_CLI_ADMIN_COMMANDS_H_
#define WILDWATCH_HOST_CLI_ADMIN_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <ostream>

#include "host/cli/client.h"
#include "host/cli/output_format.h"

namespace wildwatch::cli {

struct AdminFlags {
  ClientFlags client;
  OutputFormat output = OutputFormat::kText;
};

// One row per connector instance.
int RunConnectors(const AdminFlags& flags, std::ostream& out,
                  std::ostream& err);

// One row per counter (text, csv), or GetStatsResponse (json, jsonl).
int RunStats(const AdminFlags& flags, std::ostream& out, std::ostream& err);

// Registers the commands on app. REQUIRES: AddRulesCommands already added
// "rules". *exit_code, which must outlive app, receives the exit code.
void AddAdminCommands(CLI::App& app, int* exit_code);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_ADMIN_COMMANDS_H_
