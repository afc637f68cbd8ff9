#include "host/store/rule_registry.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "host/store/sqlite_connection.h"
#include "host/store/sqlite_statement.h"

namespace wildwatch {
namespace {

// "WWRR" in ASCII: tells a rule registry apart from any other SQLite file
// (a match store included), so Open never adopts a stranger.
constexpr int64_t kApplicationId = 0x57575252;
// Part of the persistent format: bump it (and teach Open to migrate) on any
// change of the tables below.
constexpr int64_t kSchemaVersion = 1;

// `changes` holds a RuleChange as JSON: it is only ever read back whole, and
// JSON keeps it readable from the sqlite3 shell.
constexpr const char* kCreateSchema = R"sql(
CREATE TABLE rule_versions (
  version TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  taxa INTEGER NOT NULL,
  rules INTEGER NOT NULL
);
CREATE TABLE rule_version_files (
  version TEXT NOT NULL REFERENCES rule_versions(version),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY (version, position)
);
CREATE TABLE rule_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  version_before TEXT NOT NULL,
  version_after TEXT NOT NULL REFERENCES rule_versions(version),
  sha256 TEXT NOT NULL,
  pinned INTEGER NOT NULL,
  changes TEXT NOT NULL
);
)sql";

constexpr const char* kSelectAudit =
    "SELECT id, at_ms, actor, action, version_before, version_after, sha256,"
    " pinned, changes FROM rule_audit";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Checks that db is a rule registry of kSchemaVersion, creating the schema in
// an empty file. Touches nothing in a file it rejects.
Status PrepareSchema(SqliteConnection& db) {
  StatusOr<int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  StatusOr<int64_t> application_id = db.QueryInt("PRAGMA application_id");
  if (!application_id.ok()) return application_id.status();
  const std::string not_registry =
      db.path() + " is a SQLite database but not a Wildwatch rule registry";
  if (*version == 0 && *application_id == 0) {
    StatusOr<int64_t> objects =
        db.QueryInt("SELECT count(*) FROM sqlite_master");
    if (!objects.ok()) return objects.status();
    if (*objects != 0) return FailedPreconditionError(not_registry);
    Status s =
        db.Exec(std::string("BEGIN IMMEDIATE;") + kCreateSchema +
                "PRAGMA application_id = " + std::to_string(kApplicationId) +
                "; PRAGMA user_version = " + std::to_string(kSchemaVersion) +
                "; COMMIT;");
    if (!s.ok()) static_cast<void>(db.Exec("ROLLBACK"));
    return s;
  }
  if (*application_id != kApplicationId) {
    return FailedPreconditionError(not_registry);
  }
  if (*version != kSchemaVersion) {
    return FailedPreconditionError(
        db.path() + " has rule registry schema version " +
        std::to_string(*version) + "; this build reads version " +
        std::to_string(kSchemaVersion));
  }
  return OkStatus();
}

std::string ChangeToJson(const RuleChange& c) {
  return nlohmann::json{{"taxa_added", c.taxa_added},
                        {"taxa_removed", c.taxa_removed},
                        {"taxa_changed", c.taxa_changed},
                        {"rules_before", c.rules_before},
                        {"rules_after", c.rules_after}}
      .dump();
}

// A malformed value (only a hand-edited file has one) reads as no change
// rather than failing the whole history.
RuleChange ChangeFromJson(std::string_view text) {
  RuleChange c;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return c;
  auto strings = [&j](const char* key, std::vector<std::string>* out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return;
    for (const auto& v : *it) {
      if (v.is_string()) out->push_back(v.get<std::string>());
    }
  };
  strings("taxa_added", &c.taxa_added);
  strings("taxa_removed", &c.taxa_removed);
  strings("taxa_changed", &c.taxa_changed);
  c.rules_before = j.value("rules_before", 0u);
  c.rules_after = j.value("rules_after", 0u);
  return c;
}

std::string Text(const SqliteStatement& s, int column) {
  return std::string(s.ColumnBlob(column));
}

}  // namespace

RuleRegistry::RuleRegistry(std::unique_ptr<SqliteConnection> db)
    : db_(std::move(db)) {}

RuleRegistry::~RuleRegistry() = default;

StatusOr<std::unique_ptr<RuleRegistry>> RuleRegistry::Open(
    const std::string& path, std::chrono::milliseconds busy_timeout) {
  if (path.empty()) return InvalidArgumentError("rule registry path is empty");
  StatusOr<SqliteConnection> db = SqliteConnection::Open(path, busy_timeout);
  if (!db.ok()) return db.status();
  // WAL so that reading the file with other tools never blocks a change.
  Status s = db->Exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON");
  if (!s.ok()) return s;
  s = PrepareSchema(*db);
  if (!s.ok()) return s;
  return std::unique_ptr<RuleRegistry>(
      new RuleRegistry(std::make_unique<SqliteConnection>(std::move(*db))));
}

Status RuleRegistry::Record(const Activation& a) {
  if (a.version.empty() || a.sha256.empty() || a.action.empty()) {
    return InvalidArgumentError(
        "a rule activation needs a version, a sha256 and an action");
  }
  const int64_t at_ms = a.at_ms != 0 ? a.at_ms : NowMs();
  const std::string change = ChangeToJson(a.change);
  std::lock_guard lock(mu_);
  SqliteConnection& db = *db_;
  auto write = [&]() -> Status {
    StatusOr<SqliteStatement> find =
        db.Prepare("SELECT sha256 FROM rule_versions WHERE version = ?1");
    if (!find.ok()) return find.status();
    find->BindText(1, a.version);
    StatusOr<bool> found = find->Step();
    if (!found.ok()) return found.status();
    if (*found) {
      if (find->ColumnBlob(0) != a.sha256) {
        return FailedPreconditionError(
            db.path() + ": rule set version " + a.version +
            " is already stored with other content (sha256 " + Text(*find, 0) +
            ")");
      }
    } else {
      StatusOr<SqliteStatement> insert = db.Prepare(
          "INSERT INTO rule_versions (version, sha256, created_at_ms,"
          " created_by, taxa, rules) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      if (!insert.ok()) return insert.status();
      insert->BindText(1, a.version);
      insert->BindText(2, a.sha256);
      insert->BindInt64(3, at_ms);
      insert->BindText(4, a.actor);
      insert->BindInt64(5, a.taxa);
      insert->BindInt64(6, a.rules);
      if (Status s = insert->Run(); !s.ok()) return s;
      StatusOr<SqliteStatement> file = db.Prepare(
          "INSERT INTO rule_version_files (version, position, name, content)"
          " VALUES (?1, ?2, ?3, ?4)");
      if (!file.ok()) return file.status();
      for (size_t i = 0; i < a.files.size(); ++i) {
        file->Reset();
        file->BindText(1, a.version);
        file->BindInt64(2, static_cast<int64_t>(i));
        file->BindText(3, a.files[i].name);
        file->BindBlob(4, a.files[i].content);
        if (Status s = file->Run(); !s.ok()) return s;
      }
    }
    find->Reset();
    StatusOr<SqliteStatement> audit = db.Prepare(
        "INSERT INTO rule_audit (at_ms, actor, action, version_before,"
        " version_after, sha256, pinned, changes)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!audit.ok()) return audit.status();
    audit->BindInt64(1, at_ms);
    audit->BindText(2, a.actor);
    audit->BindText(3, a.action);
    audit->BindText(4, a.version_before);
    audit->BindText(5, a.version);
    audit->BindText(6, a.sha256);
    audit->BindInt64(7, a.pinned ? 1 : 0);
    audit->BindText(8, change);
    return audit->Run();
  };
  if (Status s = db.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  Status s = write();
  if (s.ok()) s = db.Exec("COMMIT");
  if (!s.ok()) static_cast<void>(db.Exec("ROLLBACK"));
  return s;
}

StatusOr<std::vector<RuleVersion>> RuleRegistry::ListVersions() {
  std::lock_guard lock(mu_);
  StatusOr<SqliteStatement> query = db_->Prepare(
      "SELECT version, sha256, created_at_ms, created_by, taxa, rules,"
      " version = (SELECT version_after FROM rule_audit"
      "            ORDER BY id DESC LIMIT 1)"
      " FROM rule_versions ORDER BY created_at_ms DESC, rowid DESC");
  if (!query.ok()) return query.status();
  std::vector<RuleVersion> out;
  StatusOr<bool> row = query->Step();
  for (; row.ok() && *row; row = query->Step()) {
    RuleVersion v;
    v.version = Text(*query, 0);
    v.sha256 = Text(*query, 1);
    v.created_at_ms = query->ColumnInt64(2);
    v.created_by = Text(*query, 3);
    v.taxa = static_cast<uint32_t>(query->ColumnInt64(4));
    v.rules = static_cast<uint32_t>(query->ColumnInt64(5));
    v.active = !query->ColumnIsNull(6) && query->ColumnInt64(6) != 0;
    out.push_back(std::move(v));
  }
  if (!row.ok()) return row.status();
  return out;
}

StatusOr<std::optional<RuleVersion>> RuleRegistry::LoadVersion(
    std::string_view version) {
  std::lock_guard lock(mu_);
  StatusOr<SqliteStatement> query = db_->Prepare(
      "SELECT sha256, created_at_ms, created_by, taxa, rules,"
      " version = (SELECT version_after FROM rule_audit"
      "            ORDER BY id DESC LIMIT 1)"
      " FROM rule_versions WHERE version = ?1");
  if (!query.ok()) return query.status();
  query->BindText(1, version);
  StatusOr<bool> row = query->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<RuleVersion>();
  RuleVersion v;
  v.version = std::string(version);
  v.sha256 = Text(*query, 0);
  v.created_at_ms = query->ColumnInt64(1);
  v.created_by = Text(*query, 2);
  v.taxa = static_cast<uint32_t>(query->ColumnInt64(3));
  v.rules = static_cast<uint32_t>(query->ColumnInt64(4));
  v.active = !query->ColumnIsNull(5) && query->ColumnInt64(5) != 0;
  query->Reset();

  StatusOr<SqliteStatement> files = db_->Prepare(
      "SELECT name, content FROM rule_version_files WHERE version = ?1"
      " ORDER BY position");
  if (!files.ok()) return files.status();
  files->BindText(1, version);
  for (row = files->Step(); row.ok() && *row; row = files->Step()) {
    v.files.push_back({Text(*files, 0), Text(*files, 1)});
  }
  if (!row.ok()) return row.status();
  return std::optional<RuleVersion>(std::move(v));
}

StatusOr<std::vector<RuleAuditEntry>> RuleRegistry::QueryAudit(
    const std::string& sql, size_t limit) {
  StatusOr<SqliteStatement> query = db_->Prepare(sql);
  if (!query.ok()) return query.status();
  // SQLite reads a negative LIMIT as none.
  query->BindInt64(1, limit == 0 ? -1 : static_cast<int64_t>(limit));
  std::vector<RuleAuditEntry> out;
  StatusOr<bool> row = query->Step();
  for (; row.ok() && *row; row = query->Step()) {
    RuleAuditEntry e;
    e.id = query->ColumnInt64(0);
    e.at_ms = query->ColumnInt64(1);
    e.actor = Text(*query, 2);
    e.action = Text(*query, 3);
    e.version_before = Text(*query, 4);
    e.version_after = Text(*query, 5);
    e.sha256 = Text(*query, 6);
    e.pinned = query->ColumnInt64(7) != 0;
    e.change = ChangeFromJson(query->ColumnBlob(8));
    out.push_back(std::move(e));
  }
  if (!row.ok()) return row.status();
  return out;
}

StatusOr<std::vector<RuleAuditEntry>> RuleRegistry::History(size_t limit) {
  std::lock_guard lock(mu_);
  return QueryAudit(std::string(kSelectAudit) + " ORDER BY id DESC LIMIT ?1",
                    limit);
}

StatusOr<std::optional<RuleAuditEntry>> RuleRegistry::Latest() {
  StatusOr<std::vector<RuleAuditEntry>> newest = History(1);
  if (!newest.ok()) return newest.status();
  if (newest->empty()) return std::optional<RuleAuditEntry>();
  return std::optional<RuleAuditEntry>(std::move(newest->front()));
}

StatusOr<std::optional<std::string>> RuleRegistry::PreviousVersion() {
  std::lock_guard lock(mu_);
  StatusOr<std::vector<RuleAuditEntry>> changed = QueryAudit(
      std::string(kSelectAudit) +
          " WHERE version_before != '' AND version_before != version_after"
          " ORDER BY id DESC LIMIT ?1",
      1);
  if (!changed.ok()) return changed.status();
  if (changed->empty()) return std::optional<std::string>();
  return std::optional<std::string>(changed->front().version_before);
}

}  // namespace wildwatch
