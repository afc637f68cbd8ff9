// DaemonProcess: runs a real wildwatchd for integration tests.
//
// Starts the built binary with a configuration file whose listen address is
// 127.0.0.1:0 and whose port_file tells the chosen port, waits until the
// port is known (bounded), and stops the process in the destructor. Kill()
// sends SIGKILL, to test crash recovery. Not thread-safe.

#ifndef WILDWATCH_TESTS_TESTING_DAEMON_PROCESS_H_
#define WILDWATCH_TESTS_TESTING_DAEMON_PROCESS_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace wildwatch::testing {

class DaemonProcess {
 public:
  // Starts `wildwatchd --config config_path` plus extra_args, with stdout and
  // stderr appended to log_path. Returns once the port file appears (true)
  // or the process exits or timeout passes (false; see log()).
  bool Start(const std::string& config_path, const std::string& port_file,
             const std::string& log_path,
             std::chrono::milliseconds timeout = std::chrono::seconds(30),
             const std::vector<std::string>& extra_args = {});
  // Start(dir/wildwatchd.yaml, dir/port, dir/daemon.log): the layout the
  // end-to-end tests give their scratch directories, whose configurations
  // say "port_file: port".
  bool StartIn(const std::filesystem::path& dir,
               std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~DaemonProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::shared_ptr<grpc::Channel> Channel() const;

  // SIGTERM, then waits up to timeout. Returns the exit status as waitpid
  // reports it, or -1 if it had to be killed.
  int Terminate(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // SIGKILL and reap.
  void Kill();
  bool running() const { return pid_ > 0; }
  // The process's log so far.
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

// Runs wildwatchd with args to completion (bounded) and returns its exit
// code; its output goes to *output.
int RunDaemonToCompletion(
    const std::vector<std::string>& args, std::string* output,
    std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace wildwatch::testing

#endif  // WILDWATCH_TESTS_TESTING_DAEMON_PROCESS_H_
