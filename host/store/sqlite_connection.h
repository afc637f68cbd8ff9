// SqliteConnection: one open SQLite database connection, and the mapping of
// SQLite result codes onto Status codes.
//
// Opened in SQLite's multi-thread mode (no per-call mutex inside SQLite), so
// a connection and its statements are used by one thread at a time; the
// owner provides that exclusion. No internal synchronisation.

#ifndef WILDWATCH_HOST_STORE_SQLITE_CONNECTION_H_
#define WILDWATCH_HOST_STORE_SQLITE_CONNECTION_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "host/core/status.h"
#include "host/store/sqlite_statement.h"

struct sqlite3;

namespace wildwatch {

// The Status for SQLite result code rc, its message naming the database file
// of db, what was being done and SQLite's own explanation, e.g.
// "data/matches.db: insert match: database or disk is full". Codes:
// DATA_LOSS for a corrupt file or one that is not a database,
// RESOURCE_EXHAUSTED for a full disk, UNAVAILABLE for a locked database or an
// I/O error (both may pass), FAILED_PRECONDITION when the file cannot be
// opened or written at all, INTERNAL otherwise.
// REQUIRES: rc is an error code; db may be null (the file is then unnamed).
Status SqliteError(sqlite3* db, int rc, std::string_view doing);

class SqliteConnection {
 public:
  // Opens (creating if missing) the database file at path for reading and
  // writing. Calls that meet a lock held by another connection retry for up
  // to busy_timeout before failing with UNAVAILABLE. On failure returns the
  // error naming path. Opening does not read the file, so a file that is not
  // a database is only reported by the first statement run on it.
  static StatusOr<SqliteConnection> Open(
      const std::string& path, std::chrono::milliseconds busy_timeout);

  // Movable; not copyable, since it owns the sqlite3 handle.
  SqliteConnection(SqliteConnection&& other) noexcept;
  SqliteConnection& operator=(SqliteConnection&& other) noexcept;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  // Closes the connection. Statements prepared on it should be destroyed
  // first; if one is not, SQLite closes the connection when it is.
  ~SqliteConnection();

  // Runs one or more ';'-separated statements, discarding any rows.
  Status Exec(const std::string& sql);

  // Prepares one statement for reuse; see SqliteStatement::Prepare.
  StatusOr<SqliteStatement> Prepare(std::string_view sql);

  // Runs a query whose first row's first column is an integer (a PRAGMA, a
  // count) and returns it; INTERNAL naming the query if it returns no row.
  StatusOr<int64_t> QueryInt(const char* sql);

  // Rows changed by the last INSERT, UPDATE or DELETE run on the connection.
  int64_t changes() const;

  // Never null. Owned by this connection.
  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteConnection(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)) {}

  sqlite3* db_ = nullptr;  // Null only once moved from.
  std::string path_;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_STORE_SQLITE_CONNECTION_H_
