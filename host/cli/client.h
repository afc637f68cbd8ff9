// How every networked `wildwatch` command reaches wildwatchd: the shared
// flags (--server, --token, --timeout), the channel, per-call contexts and
// the error report that turns a failed call into an exit code.
//
// Thread-safe: the functions keep no state; a ClientFlags is a plain value.
#ifndef WILDWATCH_HOST_CLI_CLIENT_H_
#define WILDWATCH_HOST_CLI_CLIENT_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace wildwatch::cli {

// Reconnect backoff, shared by the channel and by `subscribe`: short enough
// to catch a daemon restart quickly, capped so a long outage costs a retry
// every few seconds at most.
inline constexpr std::chrono::milliseconds kFirstBackoff{250};
inline constexpr std::chrono::milliseconds kMaxBackoff{10000};

struct ClientFlags {
  std::string server = "127.0.0.1:7700";
  std::string token;
  double timeout_s = 10;  // One-shot calls only; a subscription has none.
};

// Adds --server (falling back to $WILDWATCH_SERVER) and --token (falling
// back to $WILDWATCH_TOKEN). flags must outlive command.
void AddClientOptions(CLI::App* command, ClientFlags* flags);

// Adds --timeout, which only one-shot calls have.
void AddTimeoutOption(CLI::App* command, ClientFlags* flags);

std::shared_ptr<grpc::Channel> Connect(const ClientFlags& flags);

// A context carrying the bearer token and, if with_deadline, the deadline
// of --timeout from now.
std::unique_ptr<grpc::ClientContext> MakeContext(const ClientFlags& flags,
                                                 bool with_deadline);

// Writes "wildwatch COMMAND: CODE: message" to err and returns the exit code
// for status (exit_code.h). REQUIRES: !status.ok().
int ReportError(std::string_view command, const grpc::Status& status,
                std::ostream& err);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_CLIENT_H_
