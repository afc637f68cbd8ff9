// RuleRegistry: every rule-set version that was ever in force, and the audit
// log of who put which one in force, when, and what it changed.
//
// A version is stored whole (the name and content of each file, in load
// order), so a rollback needs no file on disk. Each change of the active rule
// set (daemon start, reload of the configured files, activation through the
// admin API, rollback) is recorded with Record(), which stores the version if
// it is new and appends the audit entry in one transaction: the log never
// names a version the registry cannot give back.
//
// The active version is the one the newest audit entry put in force. An
// entry is "pinned" when that version came through the admin API (activate,
// rollback, or a start that resumed such a version): the daemon resumes a
// pinned version on restart instead of the configured files.
//
// Layout: its own SQLite file (the daemon uses <data_dir>/rules.db), marked
// by PRAGMA application_id, schema version in PRAGMA user_version. Tables
// `rule_versions` (one row per version), `rule_version_files` (its files)
// and `rule_audit` (append-only, AUTOINCREMENT id gives the order).
//
// Safe for concurrent use without external locking: one connection behind a
// mutex (rule changes are rare; none is on the match path).
//
// Usage:
//
//   StatusOr<std::unique_ptr<RuleRegistry>> registry =
//       RuleRegistry::Open(data_dir + "/rules.db");
//   RuleRegistry::Activation a;
//   a.version = set->version(); a.files = files; a.action = "activate"; ...
//   Status s = (*registry)->Record(a);

#ifndef WILDWATCH_HOST_STORE_RULE_REGISTRY_H_
#define WILDWATCH_HOST_STORE_RULE_REGISTRY_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/status.h"

namespace wildwatch {

class SqliteConnection;

// One rule file as loaded: its name (a path as configured, or the name it was
// uploaded under) and its exact bytes.
struct RuleFile {
  std::string name;
  std::string content;
};

// What a rule-set change did, compared taxon by taxon (by taxon id).
struct RuleChange {
  std::vector<std::string> taxa_added;
  std::vector<std::string> taxa_removed;
  // Present before and after with any field or rule different.
  std::vector<std::string> taxa_changed;
  uint32_t rules_before = 0;
  uint32_t rules_after = 0;
};

// One stored version.
struct RuleVersion {
  std::string version;  // RuleSet::version(): "<name>@<12 hex digits>".
  // Lowercase hex SHA-256 of the files' contents concatenated in order; the
  // version's hex digits are its prefix.
  std::string sha256;
  int64_t created_at_ms = 0;  // First recorded; Unix milliseconds UTC.
  std::string created_by;     // Actor of that first record.
  uint32_t taxa = 0;
  uint32_t rules = 0;
  bool active = false;          // Put in force by the newest audit entry.
  std::vector<RuleFile> files;  // Filled only by LoadVersion.
};

// One audit log entry.
struct RuleAuditEntry {
  int64_t id = 0;  // Strictly increasing.
  int64_t at_ms = 0;
  // Who: the admin token's name, or "wildwatchd" for a start. Never a token.
  std::string actor;
  std::string action;          // "startup", "reload", "activate" or "rollback".
  std::string version_before;  // Empty for the very first start.
  std::string version_after;
  std::string sha256;  // Of version_after.
  bool pinned = false;
  RuleChange change;
};

class RuleRegistry {
 public:
  // Input of Record().
  struct Activation {
    std::string version;
    std::string sha256;
    std::vector<RuleFile> files;
    uint32_t taxa = 0;
    uint32_t rules = 0;
    std::string actor;
    std::string action;
    std::string version_before;
    bool pinned = false;
    RuleChange change;
    int64_t at_ms = 0;  // 0: now.
  };

  // Opens the registry at path, creating the file and its schema if missing.
  // On success the caller owns the result. On failure returns, naming the
  // file: FAILED_PRECONDITION for a SQLite file that is not a rule registry
  // or has a schema version this build does not know, DATA_LOSS for a file
  // that is no database, other codes per SqliteError.
  static StatusOr<std::unique_ptr<RuleRegistry>> Open(
      const std::string& path,
      std::chrono::milliseconds busy_timeout = std::chrono::seconds(5));

  // Not copyable or movable: owns its connection and mutex.
  RuleRegistry(const RuleRegistry&) = delete;
  RuleRegistry& operator=(const RuleRegistry&) = delete;
  ~RuleRegistry();

  // In one transaction: stores activation.version with its files unless it
  // is stored already, and appends the audit entry. On failure nothing is
  // written. Returns FAILED_PRECONDITION if the version is stored with
  // another sha256 (a collision of the version's short hash), and
  // INVALID_ARGUMENT if version, sha256 or action is empty.
  Status Record(const Activation& activation);

  // Every stored version, most recently created first, without files.
  StatusOr<std::vector<RuleVersion>> ListVersions();

  // The version with its files, or std::nullopt if it is not stored.
  StatusOr<std::optional<RuleVersion>> LoadVersion(std::string_view version);

  // Up to limit audit entries, newest first. limit 0 means no limit.
  StatusOr<std::vector<RuleAuditEntry>> History(size_t limit);

  // The newest audit entry (which says what is active and whether it is
  // pinned), or std::nullopt when nothing was ever recorded.
  StatusOr<std::optional<RuleAuditEntry>> Latest();

  // The version that was active before the current one: version_before of
  // the newest entry that changed the active version. std::nullopt if the
  // active version never changed.
  StatusOr<std::optional<std::string>> PreviousVersion();

 private:
  explicit RuleRegistry(std::unique_ptr<SqliteConnection> db);

  StatusOr<std::vector<RuleAuditEntry>> QueryAudit(const std::string& sql,
                                                   size_t limit);

  std::mutex mu_;
  std::unique_ptr<SqliteConnection> db_;  // Guarded by mu_.
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_STORE_RULE_REGISTRY_H_
