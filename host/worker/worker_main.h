// RunWorker: the worker side of an out-of-process connector.
//
// wildwatchd re-executes itself as `wildwatchd --worker-fd N --worker-parent
// PID` for each connector instance it runs out of process (WorkerConnector
// does this); main() hands such a call straight to RunWorker. The worker
// reads an OpenRequest, limits its own memory (RLIMIT_DATA), loads the
// plugin with Boost.DLL and creates the instance, then serves NextBatch
// requests until a CloseRequest or until the host goes away. It dies with
// the host (PR_SET_PDEATHSIG), so a host killed with SIGKILL leaves no
// worker behind.
//
// Runs on the calling thread; the plugin's log lines and counters, from any
// thread, are forwarded to the host between replies.

#ifndef WILDWATCH_HOST_WORKER_WORKER_MAIN_H_
#define WILDWATCH_HOST_WORKER_WORKER_MAIN_H_

#include <sys/types.h>

namespace wildwatch {

// The worker's exit code when it ran out of memory in its own code (the
// plugin's failures show as signals or as the plugin's own errors).
inline constexpr int kWorkerOutOfMemoryExit = 3;
// Its exit code when the request stream was broken (not a worker's fault
// the host should restart it for: the host already knows).
inline constexpr int kWorkerProtocolExit = 4;

// Serves the host on socket fd (owned; closed on return). parent is the
// host's pid: a worker whose parent is already gone exits at once. Returns
// the process exit code: 0 after a close or the host hanging up.
int RunWorker(int fd, pid_t parent);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_WORKER_WORKER_MAIN_H_
