// wildwatch: the command-line client for admins and subscribers.
//
// Each area registers its own subcommands; this file only wires them.
#include <CLI/CLI.hpp>

#include "host/cli/admin_commands.h"
#include "host/cli/connector_commands.h"
#include "host/cli/exit_code.h"
#include "host/cli/matches_commands.h"
#include "host/cli/rules_commands.h"
#include "host/cli/rules_eval_command.h"
#include "host/cli/subscribe_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "wildwatch: monitor online trade in CITES-listed wildlife.\n"
      "Subscribe to a wildwatchd match feed, administer it, and check,\n"
      "test and evaluate rule sets offline."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "wildwatch " WILDWATCH_VERSION);
  app.footer(std::string("\nCommands that talk to wildwatchd take --server "
                         "(or WILDWATCH_SERVER) and --token (or "
                         "WILDWATCH_TOKEN).\n\n") +
             wildwatch::cli::kExitCodeHelp);
  int exit_code = 0;
  wildwatch::cli::AddRulesCommands(app, &exit_code);
  wildwatch::cli::AddRulesEvalCommand(app, &exit_code);
  wildwatch::cli::AddSubscribeCommand(app, &exit_code);
  wildwatch::cli::AddAdminCommands(app, &exit_code);
  wildwatch::cli::AddMatchesCommands(app, &exit_code);
  wildwatch::cli::AddConnectorCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "parse errors" that exit 0; every real one
    // is a usage error.
    return app.exit(e) == 0 ? wildwatch::cli::kExitOk
                            : wildwatch::cli::kExitUsage;
  }
  return exit_code;
}
