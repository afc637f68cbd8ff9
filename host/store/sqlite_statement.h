// SqliteStatement: one prepared SQLite statement, reused across executions.
//
// A thin owner of a sqlite3_stmt that reports failures as Status values
// naming the database file. A statement belongs to the connection that
// prepared it and is used by one thread at a time, like that connection; it
// has no internal synchronisation.
//
// Typical use, once per execution:
//
//   stmt.Reset();                  // Forget the previous run and bindings.
//   stmt.BindText(1, connector);
//   StatusOr<bool> row = stmt.Step();
//   while (row.ok() && *row) { ...stmt.ColumnBlob(0)...; row = stmt.Step(); }
//
// A query left before Step() returns false keeps its read snapshot open
// (which holds back WAL checkpoints) until the next Reset(), so callers reset
// as soon as they have what they need.

#ifndef WILDWATCH_HOST_STORE_SQLITE_STATEMENT_H_
#define WILDWATCH_HOST_STORE_SQLITE_STATEMENT_H_

#include <cstdint>
#include <string_view>

#include "host/core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace wildwatch {

class SqliteStatement {
 public:
  // An empty statement; only assignment and destruction are allowed on it.
  SqliteStatement() = default;

  // Prepares sql (a single statement) on db for repeated use. On failure
  // returns the error, naming the database file and the statement.
  // REQUIRES: db != nullptr; db outlives the returned statement.
  static StatusOr<SqliteStatement> Prepare(sqlite3* db, std::string_view sql);

  // Movable, so statements can live in structs built by a factory; not
  // copyable, since it owns the sqlite3_stmt.
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Bind parameter index (1-based) for the next execution. Text and blobs are
  // not copied: the bytes must stay valid until the next Reset(). A binding
  // failure (index out of range, value over SQLite's length limit) is kept
  // and returned by the next Step() or Run().
  void BindInt64(int index, int64_t value);
  void BindText(int index, std::string_view value);
  void BindBlob(int index, std::string_view value);

  // Runs the statement one step. Returns true when a row is available through
  // the Column accessors, false when the statement has finished. On failure
  // returns the error (DATA_LOSS for a corrupt file, UNAVAILABLE for a busy
  // database or an I/O error, RESOURCE_EXHAUSTED for a full disk).
  StatusOr<bool> Step();

  // Runs a statement that returns no rows to completion, then resets it.
  Status Run();

  // Columns of the current row (0-based). Blob and text views stay valid
  // until the next Step() or Reset().
  // REQUIRES: the last Step() returned true.
  int64_t ColumnInt64(int column) const;
  std::string_view ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const;

  // Ends the current execution (releasing its read snapshot) and clears all
  // bindings and any pending binding failure.
  void Reset();

 private:
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  // Records the first binding failure for the next Step().
  void NoteBind(int rc);

  sqlite3_stmt* stmt_ = nullptr;  // Null only for an empty statement.
  int bind_error_ = 0;            // SQLite result code; 0 (SQLITE_OK): none.
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_STORE_SQLITE_STATEMENT_H_
