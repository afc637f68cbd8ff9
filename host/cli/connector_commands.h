// Subcommands of `wildwatch` for the connector area.
#ifndef WILDWATCH_HOST_CLI_CONNECTOR_COMMANDS_H_
#define WILDWATCH_HOST_CLI_CONNECTOR_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace wildwatch::cli {

// Registers the subcommands on app. Each one, when run, stores the process
// exit code in *exit_code (0 success, 1 a finding such as an invalid rule
// file, 2 a usage or connection error). exit_code must outlive app.
void AddConnectorCommands(CLI::App& app, int* exit_code);

}  // namespace wildwatch::cli

#endif
