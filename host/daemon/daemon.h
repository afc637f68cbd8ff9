// Daemon: everything wildwatchd runs, wired together.
//
// Open() checks the whole configuration before anything starts: the rule
// files (every diagnostic), each connector's plugin and its configuration
// against the plugin's schema. A configuration error stops the daemon from
// starting; a plugin that cannot be loaded (missing, another ABI) only
// disables that connector, which reports the reason, and the others run.
//
// Lifecycle: Open, Start, then Stop (also from the destructor). Stop stops
// every connector, lets each commit what it already read, then shuts the
// feed down. The admin methods are safe to call from any thread once Open
// succeeded.

#ifndef WILDWATCH_HOST_DAEMON_DAEMON_H_
#define WILDWATCH_HOST_DAEMON_DAEMON_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "host/config/daemon_config.h"
#include "host/connector/active_rules.h"
#include "host/connector/connector_runner.h"
#include "host/core/status.h"
#include "host/rules/rule_set.h"
#include "host/store/sqlite_match_store.h"

namespace wildwatch {

class DaemonAdmin;
class FeedServer;

class Daemon {
 public:
  // Result of checking or reloading a rule set.
  struct RulesResult {
    bool ok = false;
    std::string version;  // Of the set checked, or of the active one.
    size_t taxa = 0, rules = 0, patterns = 0;
    std::vector<rules::Diagnostic> diagnostics;
  };

  static StatusOr<std::unique_ptr<Daemon>> Open(DaemonConfig config);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts the feed server and every connector. Returns the bound port.
  StatusOr<int> Start();
  void Stop();

  // Admin.
  std::vector<ConnectorSnapshot> Connectors() const;
  // Reloads the configured rule files; the active set changes only if the
  // new one is valid.
  RulesResult ReloadRules();
  RulesResult CheckRules(const std::string& name, const std::string& content);
  std::shared_ptr<const rules::RuleSet> active_rules() const {
    return rules_->Get();
  }
  MatchStore& store() { return *store_; }
  int64_t started_at_ms() const { return started_at_ms_; }

 private:
  explicit Daemon(DaemonConfig config);

  const DaemonConfig config_;
  int64_t started_at_ms_ = 0;
  std::unique_ptr<SqliteMatchStore> store_;
  std::unique_ptr<ActiveRules> rules_;
  std::vector<std::unique_ptr<ConnectorRunner>> runners_;
  std::unique_ptr<DaemonAdmin> admin_;
  std::unique_ptr<FeedServer> feed_;
  std::mutex reload_mu_;  // One reload at a time.
  bool stopped_ = false;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_DAEMON_H_
