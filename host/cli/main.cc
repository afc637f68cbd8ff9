// wildwatch: the command-line client for admins and subscribers.
//
// Each area registers its own subcommands; this file only wires them.
#include <CLI/CLI.hpp>

#include "host/cli/connector_commands.h"
#include "host/cli/feed_commands.h"
#include "host/cli/rules_commands.h"
#include "host/cli/rules_eval_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "wildwatch: monitor online trade in CITES-listed wildlife.\n"
      "Subscribe to a wildwatchd match feed, administer it, and check,\n"
      "test and evaluate rule sets offline."};
  app.require_subcommand(1);
  int exit_code = 0;
  wildwatch::cli::AddRulesCommands(app, &exit_code);
  wildwatch::cli::AddRulesEvalCommand(app, &exit_code);
  wildwatch::cli::AddFeedCommands(app, &exit_code);
  wildwatch::cli::AddConnectorCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" that exits 0; every real one is a usage
    // error, exit code 2, as each subcommand documents.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return exit_code;
}
