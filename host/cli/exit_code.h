// The exit codes of `wildwatch`, one per kind of failure a script may want
// to tell apart, and the mapping from a gRPC status onto them.
//
// Thread-safe: constants and a pure function.
#ifndef WILDWATCH_HOST_CLI_EXIT_CODE_H_
#define WILDWATCH_HOST_CLI_EXIT_CODE_H_

#include <grpcpp/support/status.h>

namespace wildwatch::cli {

inline constexpr int kExitOk = 0;
// A finding: an invalid rule file, a rejected activation, a failed check.
inline constexpr int kExitFinding = 1;
// The command line or the request is wrong (bad flag, unreadable input,
// INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION).
inline constexpr int kExitUsage = 2;
// UNAUTHENTICATED or PERMISSION_DENIED: fix the token, not the request.
inline constexpr int kExitAuth = 3;
inline constexpr int kExitNotFound = 4;
// UNAVAILABLE or DEADLINE_EXCEEDED: the daemon could not be reached in time;
// retrying later may work.
inline constexpr int kExitUnavailable = 5;
// Anything else: a fault of the daemon or of this client.
inline constexpr int kExitInternal = 6;

// The table above as `wildwatch --help` prints it.
inline constexpr char kExitCodeHelp[] =
    "Exit codes:\n"
    "  0  success\n"
    "  1  a finding (invalid rules, rejected activation, failed check)\n"
    "  2  usage: bad arguments or a request the daemon refuses as invalid\n"
    "  3  authentication or permission: missing, unknown or too weak token\n"
    "  4  not found\n"
    "  5  unavailable: the daemon cannot be reached or did not answer in "
    "time\n"
    "  6  internal error\n";

// The exit code for a call that ended with `code`; kExitOk for OK.
int ExitCodeFor(grpc::StatusCode code);

}  // namespace wildwatch::cli

#endif  // WILDWATCH_HOST_CLI_EXIT_CODE_H_
