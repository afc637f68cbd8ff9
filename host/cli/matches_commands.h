// `wildwatch matches list` and `wildwatch matches get`: read stored matches
// from wildwatchd a page at a time (ListMatches, GetMatch), for scripts that
// want the record rather than a stream.
//
// Thread-compatible: each Run* blocks its caller.
#ifndef WILDWATCH_HOST_CLI_MATCHES_COMMANDS_H_
#define WILDWATCH_HOST_CLI_MATCHES_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "host/cli/client.h"
#include "host/cli/output_format.h"

namespace wildwatch::cli {

struct ListMatchesFlags {
  ClientFlags client;
  OutputFormat output = OutputFormat::kText;
  std::vector<std::string> taxa;  // Taxon ids.
  std::vector<std::string> appendices;
  std::vector<std::string> platforms;
  std::string min_severity;
  std::string since;  // time_arg.h forms; empty: open.
  std::string until;
  int32_t page_size = 0;
  std::string page_token;
  bool all = false;  // Follow next_page_token to the end.
};

// Prints the page (or, with all, every page) to out: text one MatchLine
// each, csv MatchRow each under one header, jsonl one Match each, json the
// ListMatchesResponse (with all: every match in one response). Without all,
// the next page token goes to err in text mode, so piping stays clean.
int RunListMatches(const ListMatchesFlags& flags, std::ostream& out,
                   std::ostream& err);

// Registers `matches list|get` on app; *exit_code, which must outlive app,
// receives the exit code.
void AddMatchesCommands(CLI::App& app, int* exit_code);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_MATCHES_COMMANDS_H_
