// `wildwatch subscribe`: streams matches from wildwatchd, reconnecting by
// itself with jittered backoff and resuming at the first sequence not yet
// printed, so nothing is printed twice or skipped.
//
// Thread-compatible: RunSubscribe blocks its caller until the stream ends.
#ifndef WILDWATCH_HOST_CLI_SUBSCRIBE_COMMAND_H_
#define WILDWATCH_HOST_CLI_SUBSCRIBE_COMMAND_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "host/cli/client.h"
#include "host/cli/output_format.h"

namespace wildwatch::cli {

struct SubscribeFlags {
  ClientFlags client;
  uint64_t from = 0;
  std::vector<std::string> species;
  std::vector<std::string> appendices;
  std::vector<std::string> platforms;
  std::string min_severity;
  // json and jsonl both print one canonical JSON object per line: a stream
  // has no end at which to close an array.
  OutputFormat output = OutputFormat::kJsonl;
  std::string cursor_file;
  uint64_t limit = 0;
  double exit_when_idle_s = 0;
};

// Runs the subscription: matches to out, reconnect notices and errors to
// err. Returns the exit code (exit_code.h): 0 when --limit or
// --exit-when-idle ended it, else that of the final error.
int RunSubscribe(const SubscribeFlags& flags, std::ostream& out,
                 std::ostream& err);

// Registers `subscribe` on app; when run it stores its exit code in
// *exit_code, which must outlive app.
void AddSubscribeCommand(CLI::App& app, int* exit_code);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_SUBSCRIBE_COMMAND_H_
