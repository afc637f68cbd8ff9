#include "host/store/sqlite_statement.h"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "host/store/sqlite_connection.h"

namespace wildwatch {

StatusOr<SqliteStatement> SqliteStatement::Prepare(sqlite3* db,
                                                   std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  // PERSISTENT: the statement lives as long as the store, so SQLite keeps it
  // out of its short-lived lookaside memory.
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return SqliteError(db, rc, "prepare \"" + std::string(sql) + "\"");
  }
  return SqliteStatement(stmt);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      bind_error_(std::exchange(other.bind_error_, SQLITE_OK)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_error_ = std::exchange(other.bind_error_, SQLITE_OK);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void SqliteStatement::BindInt64(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
}

namespace {

// SQLite binds NULL for a null pointer, and an empty string_view may have
// one; an empty value must stay an empty value.
const char* NonNull(std::string_view value) {
  static constexpr char kEmpty = 0;
  return value.empty() ? &kEmpty : value.data();
}

}  // namespace

void SqliteStatement::BindText(int index, std::string_view value) {
  NoteBind(sqlite3_bind_text64(stmt_, index, NonNull(value), value.size(),
                               SQLITE_STATIC, SQLITE_UTF8));
}

void SqliteStatement::BindBlob(int index, std::string_view value) {
  NoteBind(sqlite3_bind_blob64(stmt_, index, NonNull(value), value.size(),
                               SQLITE_STATIC));
}

StatusOr<bool> SqliteStatement::Step() {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_error_ != SQLITE_OK) {
    return SqliteError(db, bind_error_,
                       std::string("bind for \"") + sqlite3_sql(stmt_) + "\"");
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db, rc, sqlite3_sql(stmt_));
}

Status SqliteStatement::Run() {
  StatusOr<bool> row = Step();
  while (row.ok() && *row) row = Step();
  Reset();
  return row.status();
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string_view SqliteStatement::ColumnBlob(int column) const {
  // Pointer first, then size: the documented order for a stable result.
  const void* data = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::string_view(static_cast<const char*>(data),
                          static_cast<size_t>(size));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = SQLITE_OK;
}

}  // namespace wildwatch
