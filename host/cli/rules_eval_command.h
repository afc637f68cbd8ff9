// `wildwatch rules eval`: precision and recall of rule sets on labelled posts.
#ifndef WILDWATCH_HOST_CLI_RULES_EVAL_COMMAND_H_
#define WILDWATCH_HOST_CLI_RULES_EVAL_COMMAND_H_

#include <CLI/CLI.hpp>

namespace wildwatch::cli {

// Adds "eval" under the "rules" subcommand:
//
//   wildwatch rules eval --rules R... --labelled FILE... [--show-errors]
//       [--format text|json] [--min-precision P] [--min-recall R]
//
// It runs the rules over every labelled post (tests/data/eval/README.md)
// and prints precision, recall and F1 overall, per taxon and per language
// (host/rules/evaluation.h). When run it stores the exit code in
// *exit_code: 0 when the run worked and any gate given is met, 1 when the
// rules are invalid or a figure is below --min-precision or --min-recall,
// 2 when a labelled file cannot be read or parsed. exit_code must outlive
// app.
//
// REQUIRES: AddRulesCommands(app, ...) was called first.
void AddRulesEvalCommand(CLI::App& app, int* exit_code);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_RULES_EVAL_COMMAND_H_
