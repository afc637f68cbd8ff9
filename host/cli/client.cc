#include "host/cli/client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "host/cli/exit_code.h"
#include "host/core/status.h"

namespace wildwatch::cli {

namespace {

// Matches carry post text capped at 4 MiB by default; allow well beyond
// that so a daemon configured for larger posts still gets through.
constexpr int kMaxReceiveMessageSize = 64 << 20;

}  // namespace

void AddClientOptions(CLI::App* command, ClientFlags* flags) {
  command
      ->add_option("--server", flags->server,
                   "wildwatchd address (or set WILDWATCH_SERVER)")
      ->envname("WILDWATCH_SERVER")
      ->capture_default_str();
  command
      ->add_option("--token", flags->token,
                   "bearer token (or set WILDWATCH_TOKEN)")
      ->envname("WILDWATCH_TOKEN");
}

void AddTimeoutOption(CLI::App* command, ClientFlags* flags) {
  command
      ->add_option("--timeout", flags->timeout_s,
                   "seconds to wait for the answer")
      ->capture_default_str();
}

std::shared_ptr<grpc::Channel> Connect(const ClientFlags& flags) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxReceiveMessageSize);
  // The channel's own reconnect backoff otherwise grows to two minutes and
  // would keep failing calls fast long after the daemon is back; cap it
  // like the subscription's.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, kFirstBackoff.count());
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, kFirstBackoff.count());
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxBackoff.count());
  return grpc::CreateCustomChannel(flags.server,
                                   grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> MakeContext(const ClientFlags& flags,
                                                 bool with_deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + flags.token);
  if (with_deadline) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::duration<double>(flags.timeout_s)));
  }
  return context;
}

int ReportError(std::string_view command, const grpc::Status& status,
                std::ostream& err) {
  err << "wildwatch " << command << ": "
      << StatusCodeName(static_cast<StatusCode>(status.error_code())) << ": "
      << status.error_message() << "\n";
  return ExitCodeFor(status.error_code());
}

}  // namespace wildwatch::cli
