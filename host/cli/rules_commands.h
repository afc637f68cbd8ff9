// Subcommands of `wildwatch` for the rules area.
#ifndef WILDWATCH_HOST_CLI_RULES_COMMANDS_H_
#define WILDWATCH_HOST_CLI_RULES_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace wildwatch::cli {

// Registers the subcommand "rules" with "check", "test" and "diff" under
// it. Each
// one, when run, stores the process exit code in *exit_code (0 success, 1 a
// finding such as an invalid rule file, 2 a usage or connection error).
// exit_code must outlive app.
//
// REQUIRES: called before any other area extends "rules" (it adds the
// subcommand, and CLI11 refuses a second one of the same name); others then
// fetch it with app.get_subcommand("rules") and add their own commands.
void AddRulesCommands(CLI::App& app, int* exit_code);

}  // namespace wildwatch::cli

#endif
