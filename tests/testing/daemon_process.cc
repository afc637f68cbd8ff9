#include "tests/testing/daemon_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace wildwatch::testing {

namespace {

const char kDaemon[] = WILDWATCH_BINARY_DIR "/bin/wildwatchd";

pid_t Spawn(const std::vector<std::string>& args, const std::string& log_path) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(kDaemon));
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(kDaemon, argv.data());
  ::_exit(127);
}

// Waits up to timeout for pid to exit; returns its status or -1.
int WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

}  // namespace

bool DaemonProcess::Start(const std::string& config_path,
                          const std::string& port_file,
                          const std::string& log_path,
                          std::chrono::milliseconds timeout,
                          const std::vector<std::string>& extra_args) {
  std::filesystem::remove(port_file);
  log_path_ = log_path;
  std::vector<std::string> args = {"--config", config_path};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = Spawn(args, log_path);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = port;
      return true;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool DaemonProcess::StartIn(const std::filesystem::path& dir,
                            std::chrono::milliseconds timeout) {
  return Start((dir / "wildwatchd.yaml").string(), (dir / "port").string(),
               (dir / "daemon.log").string(), timeout);
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0 && Terminate() == -1) Kill();
}

std::shared_ptr<grpc::Channel> DaemonProcess::Channel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

int DaemonProcess::Terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = WaitFor(pid_, timeout);
  if (status == -1) {
    Kill();
    return -1;
  }
  pid_ = -1;
  return status;
}

void DaemonProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string DaemonProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int RunDaemonToCompletion(const std::vector<std::string>& args,
                          std::string* output,
                          std::chrono::milliseconds timeout) {
  const std::string log = std::filesystem::temp_directory_path() /
                          ("ww_daemon_run_" + std::to_string(::getpid()));
  std::filesystem::remove(log);
  pid_t pid = Spawn(args, log);
  int status = WaitFor(pid, timeout);
  if (status == -1) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  std::ifstream in(log);
  std::stringstream s;
  s << in.rdbuf();
  *output = s.str();
  std::filesystem::remove(log);
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace wildwatch::testing
