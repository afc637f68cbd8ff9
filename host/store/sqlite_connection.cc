#include "host/store/sqlite_connection.h"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace wildwatch {

Status SqliteError(sqlite3* db, int rc, std::string_view doing) {
  std::string message;
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  if (file != nullptr && *file != '\0') message = std::string(file) + ": ";
  message.append(doing);
  message += ": ";
  // The connection's message is more specific ("no such table: x") when it
  // describes this failure; it always does right after the failing call.
  message += db != nullptr && sqlite3_errcode(db) == rc ? sqlite3_errmsg(db)
                                                        : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(std::move(message));
    case SQLITE_FULL:
      return ResourceExhaustedError(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
      return UnavailableError(std::move(message));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return FailedPreconditionError(std::move(message));
    default:
      return InternalError(std::move(message));
  }
}

StatusOr<SqliteConnection> SqliteConnection::Open(
    const std::string& path, std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  // NOMUTEX: every connection is used by one thread at a time (the owner
  // guarantees it), so SQLite's own per-call locking would be pure cost.
  const int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    // Named by hand: a connection that failed to open has no file name.
    Status s = SqliteError(nullptr, rc, path + ": open");
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  return SqliteConnection(db, path);
}

SqliteConnection::SqliteConnection(SqliteConnection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteConnection& SqliteConnection::operator=(
    SqliteConnection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

StatusOr<int64_t> SqliteConnection::QueryInt(const char* sql) {
  StatusOr<SqliteStatement> query = Prepare(sql);
  if (!query.ok()) return query.status();
  StatusOr<bool> row = query->Step();
  if (!row.ok()) return row.status();
  if (!*row) return InternalError(path_ + ": " + sql + ": no result");
  return query->ColumnInt64(0);
}

Status SqliteConnection::Exec(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
  return OkStatus();
}

int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

StatusOr<SqliteStatement> SqliteConnection::Prepare(std::string_view sql) {
  return SqliteStatement::Prepare(db_, sql);
}

}  // namespace wildwatch
