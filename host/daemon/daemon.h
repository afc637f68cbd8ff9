// Daemon: everything wildwatchd runs, wired together.
//
// Open() checks the whole configuration before anything starts: the rule
// files (every diagnostic), each connector's plugin and its configuration
// against the plugin's schema. A configuration error stops the daemon from
// starting; a plugin that cannot be loaded (missing, another ABI) only
// disables that connector, which reports the reason, and the others run.
//
// Rule sets. Every set put in force is stored whole, with an audit entry, in
// the RuleRegistry at <data_dir>/rules.db before it is swapped in; a failed
// write leaves the active set as it was. Open starts with the configured rule
// files, unless the last set in force came through the admin API (activate,
// rollback): that one is resumed from the registry, so an activation survives
// a restart until the next ReloadRules. Open logs which it chose; Start
// records it as the "startup" entry.
//
// Lifecycle: Open, Start, then Stop (also from the destructor). Stop stops
// every connector, lets each commit what it already read, then shuts the
// feed down. The admin methods are safe to call from any thread once Open
// succeeded; the rule-changing ones (ReloadRules, ActivateRules,
// RollbackRules) run one at a time.

#ifndef WILDWATCH_HOST_DAEMON_DAEMON_H_
#define WILDWATCH_HOST_DAEMON_DAEMON_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/config/daemon_config.h"
#include "host/connector/active_rules.h"
#include "host/connector/connector_runner.h"
#include "host/core/status.h"
#include "host/daemon/data_dir_lock.h"
#include "host/rules/rule_set.h"
#include "host/store/rule_registry.h"
#include "host/store/sqlite_match_store.h"

namespace wildwatch {

class DaemonAdmin;
class FeedServer;

class Daemon {
 public:
  // Result of checking or changing the rule set.
  struct RulesResult {
    bool ok = false;
    std::string version;  // Of the set checked, or of the active one.
    size_t taxa = 0, rules = 0, patterns = 0;
    std::vector<rules::Diagnostic> diagnostics;
    // For a change: the version active before, and what changed (set only
    // when ok).
    std::string previous_version;
    RuleChange change;
  };

  // The actor recorded for what the daemon does by itself (its start).
  static constexpr char kDaemonActor[] = "wildwatchd";

  static StatusOr<std::unique_ptr<Daemon>> Open(DaemonConfig config);

  // What `wildwatchd --check` does: loads the rules and the plugins and
  // checks every connector's configuration, as Open does, but touches
  // nothing on disk (no data_dir, no store). Unlike Open, a connector whose
  // plugin does not load is an error (FAILED_PRECONDITION naming each).
  static Status Check(const DaemonConfig& config);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts the feed server and every connector. Returns the bound port.
  // Records the rule set Open chose in the audit log first; an error doing
  // so is returned and nothing is started.
  StatusOr<int> Start();
  void Stop();

  // Admin.
  std::vector<ConnectorSnapshot> Connectors() const;
  // Rule-set changes on behalf of actor (an admin token's name). Each one,
  // when the new set is valid, records it (version and audit entry) and then
  // swaps it in; connectors pick it up at their next batch. On an error
  // (returned) the active set is unchanged.
  //
  // ReloadRules: the configured rule files. An invalid set is not an error:
  // the result has ok false, the diagnostics and the active version.
  StatusOr<RulesResult> ReloadRules(const std::string& actor);
  // ActivateRules: uploaded files, in load order. Diagnostics name the files
  // as uploaded. INVALID_ARGUMENT per CheckUploadedFiles (rule_files.h);
  // an invalid set as for ReloadRules. With dry_run nothing is recorded or
  // swapped: a valid set gives ok, its own version and counts, and the
  // change it would make against the active set (previous_version).
  StatusOr<RulesResult> ActivateRules(const std::string& actor,
                                      const std::vector<RuleFile>& files,
                                      bool dry_run = false);
  // RollbackRules: a stored version, or when version is empty the one active
  // before the current one. NOT_FOUND for a version never stored;
  // FAILED_PRECONDITION when there is no previous version or the stored
  // files no longer compile (the diagnostics are in the message).
  StatusOr<RulesResult> RollbackRules(const std::string& actor,
                                      const std::string& version);
  RulesResult CheckRules(const std::string& name, const std::string& content);
  // See RuleRegistry::ListVersions and History.
  StatusOr<std::vector<RuleVersion>> RuleVersions();
  StatusOr<std::vector<RuleAuditEntry>> RuleHistory(size_t limit);
  std::shared_ptr<const rules::RuleSet> active_rules() const {
    return rules_->Get();
  }
  MatchStore& store() { return *store_; }
  int64_t started_at_ms() const { return started_at_ms_; }

 private:
  // The rule set Open chose, for Start to record.
  struct StartupRules {
    std::vector<RuleFile> files;
    std::string version_before;  // Active when the daemon last ran.
    bool pinned = false;         // Resumed from an API activation.
  };

  explicit Daemon(DaemonConfig config);

  // Records set (compiled from files) in the registry as the change from
  // before (null when unknown) and before_version, and fills *result.
  // Does not swap anything in.
  Status RecordRules(const rules::RuleSet* before,
                     const std::string& before_version,
                     const std::shared_ptr<const rules::RuleSet>& set,
                     const std::vector<RuleFile>& files,
                     const std::string& actor, const std::string& action,
                     bool pinned, RulesResult* result);
  // Records set as the change from the active one, then swaps it in.
  // REQUIRES: rules_mu_ held.
  StatusOr<RulesResult> ApplyRulesLocked(
      std::shared_ptr<const rules::RuleSet> set,
      const std::vector<RuleFile>& files, const std::string& actor,
      const std::string& action, bool pinned);
  // Decides between the configured set and a resumed one (see the top of
  // this file). configured is the configured files' set.
  Status ChooseStartupRules(std::shared_ptr<const rules::RuleSet> configured,
                            std::vector<RuleFile> configured_files);

  const DaemonConfig config_;
  int64_t started_at_ms_ = 0;
  // Taken before the store opens, released after it closes (members go in
  // reverse order).
  std::optional<DataDirLock> data_dir_lock_;
  std::unique_ptr<SqliteMatchStore> store_;
  std::unique_ptr<RuleRegistry> registry_;
  StartupRules startup_;
  std::unique_ptr<ActiveRules> rules_;
  std::vector<std::unique_ptr<ConnectorRunner>> runners_;
  std::unique_ptr<DaemonAdmin> admin_;
  std::unique_ptr<FeedServer> feed_;
  std::mutex rules_mu_;  // One rule-set change at a time.
  bool stopped_ = false;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_DAEMON_H_
