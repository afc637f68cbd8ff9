// wildwatchd: the Wildwatch host daemon. Reads its configuration, runs the
// connectors and the match feed until SIGINT or SIGTERM (SIGHUP reloads the
// rule files), then stops the connectors, commits what they read, and exits
// 0. Run with --worker-fd it is instead one connector's worker process
// (host/worker/worker_main.h).
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "host/config/daemon_config.h"
#include "host/daemon/daemon.h"
#include "host/worker/worker_main.h"

namespace {

// Plugins sit in plugins/ beside bin/ in both the build tree and an
// installation, so the default works without configuration.
std::string DefaultPluginDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "plugins";
  return (exe.parent_path().parent_path() / "plugins").string();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wildwatchd: the Wildwatch host daemon"};
  std::string config_path, data_dir, listen, port_file;
  bool check_only = false;
  int worker_fd = -1;
  pid_t worker_parent = 0;
  // Worker mode is how the daemon starts its own workers, not an interface.
  auto* worker = app.add_option("--worker-fd", worker_fd)->group("");
  app.add_option("--worker-parent", worker_parent)->group("")->needs(worker);
  app.add_option("--config,-c", config_path, "YAML configuration file")
      ->excludes(worker);
  app.add_option("--data-dir", data_dir, "Override data_dir");
  app.add_option("--listen", listen, "Override the gRPC listen address");
  app.add_option("--port-file", port_file,
                 "Write the bound port here once listening");
  app.add_flag("--check", check_only,
               "Check the configuration, rules and plugins, then exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // Usage errors exit 2, like config ones.
  }
  if (worker_fd >= 0) return wildwatch::RunWorker(worker_fd, worker_parent);
  if (config_path.empty()) {
    std::cerr << "--config is required\n";
    return 2;
  }

  // Block the signals main handles in every thread; main waits for them
  // below. SIGHUP's default action would kill the daemon.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto config = wildwatch::LoadDaemonConfig(config_path, DefaultPluginDir());
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  if (!data_dir.empty()) config->data_dir = std::filesystem::absolute(data_dir);
  if (!listen.empty()) config->listen = listen;
  if (!port_file.empty()) {
    config->port_file = std::filesystem::absolute(port_file);
  }
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v",
                      spdlog::pattern_time_type::utc);

  if (check_only) {
    wildwatch::Status checked = wildwatch::Daemon::Check(*config);
    if (!checked.ok()) {
      std::cerr << checked.message() << "\n";
      return 2;
    }
    std::cout << config_path << ": OK\n";
    return 0;
  }
  auto daemon = wildwatch::Daemon::Open(*config);
  if (!daemon.ok()) {
    std::cerr << daemon.status().message() << "\n";
    return 2;
  }
  auto port = (*daemon)->Start();
  if (!port.ok()) {
    std::cerr << "cannot start the feed: " << port.status().message() << "\n";
    return 2;
  }
  spdlog::info("wildwatchd listening on port {} with {} connector(s)", *port,
               config->connectors.size());

  int signal = 0;
  while (sigwait(&signals, &signal) == 0 && signal == SIGHUP) {
    spdlog::info("SIGHUP received: reloading the rule files");
    auto reloaded = (*daemon)->ReloadRules("SIGHUP");
    if (!reloaded.ok()) {
      spdlog::error("SIGHUP: reload failed: {}", reloaded.status().message());
    } else if (!reloaded->ok) {
      spdlog::error("SIGHUP: the rule files are invalid, keeping {}",
                    reloaded->version);
    } else {
      spdlog::info("SIGHUP: rules {} active", reloaded->version);
    }
  }
  spdlog::info("signal {} received: stopping connectors and committing",
               signal);
  (*daemon)->Stop();
  spdlog::info("stopped cleanly");
  return 0;
}
