#include "host/store/sqlite_match_store.h"

#include <algorithm>
#include <cassert>
#include <initializer_list>
#include <limits>
#include <utility>

#include "host/store/match_codec.h"
#include "host/store/sqlite_connection.h"
#include "host/store/sqlite_statement.h"

namespace wildwatch {
namespace {

// "WWMS" in ASCII, in PRAGMA application_id: tells a match store apart from
// any other SQLite file, so Open never adopts (or rewrites) a stranger.
constexpr int64_t kApplicationId = 0x57574D53;

// Read connections kept open for reuse once returned. More are opened while
// many reads run at once and closed when they come back to a full pool; each
// idle one costs a file descriptor and a page cache.
constexpr size_t kMaxIdleReaders = 8;

// The WAL file keeps its largest size after a checkpoint unless limited; a
// burst of large evidence would otherwise leave it that large for good.
constexpr int64_t kJournalSizeLimit = 64 << 20;

// Schema version 1. The filter columns repeat fields of the body so that
// queries by them need not decode it; raw_sha256 is indexed so retention can
// tell whether a kept match still needs a piece of evidence.
constexpr const char* kCreateSchema = R"sql(
CREATE TABLE matches (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  match_id TEXT NOT NULL UNIQUE,
  connector TEXT NOT NULL,
  platform TEXT NOT NULL,
  taxon_id TEXT NOT NULL,
  appendix TEXT NOT NULL,
  severity INTEGER NOT NULL,
  ruleset_version TEXT NOT NULL,
  matched_at_ms INTEGER NOT NULL,
  raw_sha256 TEXT NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX matches_connector ON matches(connector);
CREATE INDEX matches_platform ON matches(platform);
CREATE INDEX matches_taxon_id ON matches(taxon_id);
CREATE INDEX matches_appendix ON matches(appendix);
CREATE INDEX matches_severity ON matches(severity);
CREATE INDEX matches_ruleset_version ON matches(ruleset_version);
CREATE INDEX matches_matched_at_ms ON matches(matched_at_ms);
CREATE INDEX matches_raw_sha256 ON matches(raw_sha256);
CREATE TABLE evidence (
  sha256 TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
);
CREATE TABLE checkpoints (
  connector TEXT PRIMARY KEY,
  checkpoint BLOB NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
)sql";

// The newest sequence ever handed out (AUTOINCREMENT remembers it in
// sqlite_sequence even once retention deleted the row) and the oldest held.
constexpr const char* kSelectBounds =
    "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'matches'),"
    " (SELECT MIN(sequence) FROM matches)";

struct Bounds {
  uint64_t last = 0;
  uint64_t oldest = 1;  // last + 1 when nothing is held.
};

// Resets a statement when leaving the scope, so that a query not read to
// the end never keeps its snapshot.
class ResetOnExit {
 public:
  explicit ResetOnExit(SqliteStatement* statement) : statement_(statement) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() { statement_->Reset(); }

 private:
  SqliteStatement* statement_;
};

struct StatementSql {
  SqliteStatement* statement;
  const char* sql;
};

Status PrepareAll(SqliteConnection& db,
                  std::initializer_list<StatementSql> statements) {
  for (const auto& [statement, sql] : statements) {
    StatusOr<SqliteStatement> prepared = db.Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    *statement = std::move(*prepared);
  }
  return OkStatus();
}

// Runs a statement of kSelectBounds.
StatusOr<Bounds> ReadBounds(SqliteStatement& select_bounds) {
  ResetOnExit reset(&select_bounds);
  StatusOr<bool> row = select_bounds.Step();
  if (!row.ok()) return row.status();
  Bounds b;
  b.last = static_cast<uint64_t>(select_bounds.ColumnInt64(0));
  b.oldest = select_bounds.ColumnIsNull(1)
                 ? b.last + 1
                 : static_cast<uint64_t>(select_bounds.ColumnInt64(1));
  return b;
}

// Steps statement (columns: sequence, body) to its end, appending each
// decoded match to *out. A body that does not decode is DATA_LOSS, naming
// the file (path) and the sequence.
Status ReadMatches(SqliteStatement& statement, const std::string& path,
                   std::vector<Match>* out) {
  while (true) {
    StatusOr<bool> row = statement.Step();
    if (!row.ok()) return row.status();
    if (!*row) return OkStatus();
    const int64_t sequence = statement.ColumnInt64(0);
    StatusOr<Match> m = DecodeMatchBody(statement.ColumnBlob(1));
    if (!m.ok()) {
      return DataLossError(path + ": match " + std::to_string(sequence) + ": " +
                           m.status().message());
    }
    m->sequence = static_cast<uint64_t>(sequence);
    out->push_back(std::move(*m));
  }
}

// Runs a query with one text parameter that yields at most one blob.
StatusOr<std::optional<std::string>> QueryBlob(SqliteStatement& query,
                                               std::string_view key) {
  ResetOnExit reset(&query);
  query.BindText(1, key);
  StatusOr<bool> row = query.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string(query.ColumnBlob(0)));
}

// Checks that db is a match store of kSchemaVersion, creating the schema in a
// file that has none yet. Touches nothing in a file it rejects.
Status PrepareSchema(SqliteConnection& db) {
  // The first read of the file: one that is no database fails here.
  StatusOr<int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  StatusOr<int64_t> application_id = db.QueryInt("PRAGMA application_id");
  if (!application_id.ok()) return application_id.status();
  const std::string& path = db.path();

  if (*version == 0 && *application_id == 0) {
    StatusOr<int64_t> objects =
        db.QueryInt("SELECT count(*) FROM sqlite_master");
    if (!objects.ok()) return objects.status();
    if (*objects != 0) {
      return FailedPreconditionError(
          path + " is a SQLite database but not a Wildwatch match store");
    }
    // One transaction: a crash part way leaves an empty file, which the
    // next Open starts over on.
    Status s =
        db.Exec(std::string("BEGIN IMMEDIATE;") + kCreateSchema +
                "PRAGMA application_id = " + std::to_string(kApplicationId) +
                "; PRAGMA user_version = " +
                std::to_string(SqliteMatchStore::kSchemaVersion) + "; COMMIT;");
    if (!s.ok()) {
      // Exec stops at the failing statement, inside the transaction.
      static_cast<void>(db.Exec("ROLLBACK"));
      return s;
    }
    return OkStatus();
  }
  if (*application_id != kApplicationId) {
    return FailedPreconditionError(
        path + " is a SQLite database but not a Wildwatch match store");
  }
  if (*version > SqliteMatchStore::kSchemaVersion) {
    return FailedPreconditionError(
        path + " has match store schema version " + std::to_string(*version) +
        ", newer than this build reads (" +
        std::to_string(SqliteMatchStore::kSchemaVersion) +
        "); it was written by a newer Wildwatch");
  }
  if (*version != SqliteMatchStore::kSchemaVersion) {
    return FailedPreconditionError(path +
                                   " has unknown match store schema version " +
                                   std::to_string(*version));
  }
  return OkStatus();
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t ToInt64(uint64_t value) {
  return static_cast<int64_t>(
      std::min<uint64_t>(value, std::numeric_limits<int64_t>::max()));
}

}  // namespace

struct SqliteMatchStore::Writer {
  // Opens the file, checks or creates the schema and sets the connection up
  // for writing.
  static StatusOr<std::unique_ptr<Writer>> Open(const Options& options) {
    StatusOr<SqliteConnection> db =
        SqliteConnection::Open(options.path, options.busy_timeout);
    if (!db.ok()) return db.status();
    auto w = std::unique_ptr<Writer>(new Writer(std::move(*db)));
    Status s = PrepareSchema(w->db);
    if (!s.ok()) return s;
    // WAL is a property of the file (readers inherit it); synchronous and
    // the size limit belong to this connection, the only one that writes.
    StatusOr<SqliteStatement> wal = w->db.Prepare("PRAGMA journal_mode = WAL");
    if (!wal.ok()) return wal.status();
    StatusOr<bool> row = wal->Step();
    if (!row.ok()) return row.status();
    if (!*row || wal->ColumnBlob(0) != "wal") {
      return FailedPreconditionError(options.path +
                                     ": cannot switch the journal to WAL");
    }
    s = w->db.Exec(
        std::string("PRAGMA synchronous = ") +
        (options.synchronous_full ? "FULL" : "NORMAL") +
        "; PRAGMA journal_size_limit = " + std::to_string(kJournalSizeLimit));
    if (!s.ok()) return s;
    s = PrepareAll(
        w->db,
        {{&w->begin, "BEGIN IMMEDIATE"},
         {&w->commit, "COMMIT"},
         {&w->rollback, "ROLLBACK"},
         {&w->select_bounds, kSelectBounds},
         // Only a match_id conflict is a duplicate; any other violation
         // (a reused sequence) must fail the batch, not vanish.
         {&w->insert_match,
          "INSERT INTO matches (sequence, match_id, connector, platform,"
          " taxon_id, appendix, severity, ruleset_version, matched_at_ms,"
          " raw_sha256, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
          " ?10, ?11) ON CONFLICT (match_id) DO NOTHING"},
         {&w->insert_evidence,
          "INSERT INTO evidence (sha256, bytes) VALUES (?1, ?2)"
          " ON CONFLICT (sha256) DO NOTHING"},
         {&w->upsert_checkpoint,
          "INSERT INTO checkpoints (connector, checkpoint, updated_at_ms)"
          " VALUES (?1, ?2, ?3) ON CONFLICT (connector) DO UPDATE SET"
          " checkpoint = excluded.checkpoint,"
          " updated_at_ms = excluded.updated_at_ms"},
         // NOT INDEXED: walk in sequence order and stop at the first young
         // match, which costs one step per match about to be dropped; the
         // matched_at_ms index would visit every young match instead.
         {&w->first_young,
          "SELECT sequence, matched_at_ms FROM matches NOT INDEXED"
          " WHERE sequence >= ?1 AND matched_at_ms >= ?2"
          " ORDER BY sequence LIMIT 1"},
         {&w->drop_evidence,
          "DELETE FROM evidence WHERE sha256 IN"
          " (SELECT raw_sha256 FROM matches WHERE sequence < ?1)"
          " AND NOT EXISTS (SELECT 1 FROM matches AS kept"
          " WHERE kept.raw_sha256 = evidence.sha256 AND kept.sequence >= ?1)"},
         {&w->drop_matches, "DELETE FROM matches WHERE sequence < ?1"}});
    if (!s.ok()) return s;
    return w;
  }

  SqliteConnection db;
  SqliteStatement begin;
  SqliteStatement commit;
  SqliteStatement rollback;
  SqliteStatement select_bounds;
  SqliteStatement insert_match;
  SqliteStatement insert_evidence;
  SqliteStatement upsert_checkpoint;
  SqliteStatement first_young;
  SqliteStatement drop_evidence;
  SqliteStatement drop_matches;

 private:
  explicit Writer(SqliteConnection connection) : db(std::move(connection)) {}
};

struct SqliteMatchStore::Reader {
  // Opens a read-only connection to the store the Writer created.
  static StatusOr<std::unique_ptr<Reader>> Open(const Options& options) {
    StatusOr<SqliteConnection> db =
        SqliteConnection::Open(options.path, options.busy_timeout);
    if (!db.ok()) return db.status();
    auto r = std::unique_ptr<Reader>(new Reader(std::move(*db)));
    Status s = r->db.Exec("PRAGMA query_only = ON");
    if (!s.ok()) return s;
    s = PrepareAll(
        r->db,
        {{&r->begin, "BEGIN"},
         {&r->commit, "COMMIT"},
         {&r->select_bounds, kSelectBounds},
         {&r->read_from,
          "SELECT sequence, body FROM matches WHERE sequence >= ?1"
          " ORDER BY sequence LIMIT ?2"},
         {&r->find_match,
          "SELECT sequence, body FROM matches WHERE match_id = ?1"},
         {&r->load_checkpoint,
          "SELECT checkpoint FROM checkpoints WHERE connector = ?1"},
         {&r->load_evidence, "SELECT bytes FROM evidence WHERE sha256 = ?1"}});
    if (!s.ok()) return s;
    return r;
  }

  SqliteConnection db;
  SqliteStatement begin;
  SqliteStatement commit;
  SqliteStatement select_bounds;
  SqliteStatement read_from;
  SqliteStatement find_match;
  SqliteStatement load_checkpoint;
  SqliteStatement load_evidence;

 private:
  explicit Reader(SqliteConnection connection) : db(std::move(connection)) {}
};

StatusOr<std::unique_ptr<SqliteMatchStore>> SqliteMatchStore::Open(
    const Options& options) {
  if (options.path.empty()) {
    return InvalidArgumentError("match store path is empty");
  }
  StatusOr<std::unique_ptr<Writer>> writer = Writer::Open(options);
  if (!writer.ok()) return writer.status();
  StatusOr<Bounds> bounds = ReadBounds((*writer)->select_bounds);
  if (!bounds.ok()) return bounds.status();
  auto store = std::unique_ptr<SqliteMatchStore>(new SqliteMatchStore(
      options, std::move(*writer), bounds->last, bounds->oldest));
  // An empty commit only applies retention, which limits lowered since the
  // last run may call for.
  std::vector<Match> none;
  Status s = store->CommitBatch("", &none, std::nullopt);
  if (!s.ok()) return s;
  return store;
}

SqliteMatchStore::SqliteMatchStore(const Options& options,
                                   std::unique_ptr<Writer> writer,
                                   uint64_t last_sequence,
                                   uint64_t oldest_sequence)
    : options_(options),
      last_sequence_(last_sequence),
      oldest_sequence_(oldest_sequence),
      writer_(std::move(writer)) {}

SqliteMatchStore::~SqliteMatchStore() = default;

Status SqliteMatchStore::CommitBatch(
    std::string_view connector, std::vector<Match>* matches,
    std::optional<std::string_view> checkpoint) {
  assert(matches != nullptr);
  // Encoded before taking the write lock: connectors encode in parallel and
  // the lock covers only the database work.
  std::vector<std::string> bodies;
  bodies.reserve(matches->size());
  for (const Match& m : *matches) {
    assert(!m.match_id.empty());
    bodies.push_back(EncodeMatchBody(m));
  }

  std::vector<uint64_t> sequences(matches->size(), 0);
  bool stored_any = false;
  {
    std::lock_guard lock(write_mu_);
    Writer& w = *writer_;
    uint64_t oldest = oldest_sequence_.load();
    Status s = w.begin.Run();
    if (s.ok()) {
      s = WriteBatchLocked(connector, *matches, bodies, checkpoint, &sequences,
                           &oldest);
    }
    if (s.ok()) s = w.commit.Run();
    if (!s.ok()) {
      // Nothing of the batch may stay. A failure leaves the transaction open
      // (or SQLite already rolled it back, and ROLLBACK fails harmlessly).
      static_cast<void>(w.rollback.Run());
      // It may describe a match that the rollback just removed.
      oldest_matched_at_ms_.reset();
      return s;
    }
    uint64_t last = last_sequence_.load();
    for (uint64_t sequence : sequences) last = std::max(last, sequence);
    stored_any = last > last_sequence_.load();
    if (stored_any) {
      std::lock_guard wait_lock(wait_mu_);
      last_sequence_.store(last);
    }
    // After last, so OldestSequence() never exceeds LastSequence() + 1.
    oldest_sequence_.store(oldest);
  }
  if (stored_any) wait_cv_.notify_all();
  for (size_t i = 0; i < matches->size(); ++i) {
    (*matches)[i].sequence = sequences[i];
  }
  return OkStatus();
}

Status SqliteMatchStore::WriteBatchLocked(
    std::string_view connector, const std::vector<Match>& matches,
    const std::vector<std::string>& bodies,
    std::optional<std::string_view> checkpoint,
    std::vector<uint64_t>* sequences, uint64_t* oldest) {
  Writer& w = *writer_;
  // Numbered here rather than by AUTOINCREMENT, which would burn a number
  // on every duplicate; held sequences stay contiguous, so the count held is
  // last - oldest + 1.
  uint64_t next = last_sequence_.load() + 1;
  for (size_t i = 0; i < matches.size(); ++i) {
    const Match& m = matches[i];
    SqliteStatement& insert = w.insert_match;
    insert.BindInt64(1, ToInt64(next));
    insert.BindText(2, m.match_id);
    insert.BindText(3, m.connector);
    insert.BindText(4, m.platform);
    insert.BindText(5, m.taxon_id);
    insert.BindText(6, m.appendix);
    insert.BindInt64(7, static_cast<int64_t>(m.severity));
    insert.BindText(8, m.ruleset_version);
    insert.BindInt64(9, m.matched_at_ms);
    insert.BindText(10, m.raw_sha256);
    insert.BindBlob(11, bodies[i]);
    Status s = insert.Run();
    if (!s.ok()) return s;
    if (w.db.changes() == 0) continue;  // match_id already stored.
    (*sequences)[i] = next++;
    if (m.raw_sha256.empty()) continue;
    w.insert_evidence.BindText(1, m.raw_sha256);
    w.insert_evidence.BindBlob(2,
                               m.post.raw.empty() ? m.post.text : m.post.raw);
    s = w.insert_evidence.Run();
    if (!s.ok()) return s;
  }
  if (checkpoint.has_value()) {
    w.upsert_checkpoint.BindText(1, connector);
    w.upsert_checkpoint.BindBlob(2, *checkpoint);
    w.upsert_checkpoint.BindInt64(3, NowMs());
    Status s = w.upsert_checkpoint.Run();
    if (!s.ok()) return s;
  }
  return ApplyRetentionLocked(next - 1, oldest);
}

Status SqliteMatchStore::ApplyRetentionLocked(uint64_t last, uint64_t* oldest) {
  Writer& w = *writer_;
  uint64_t keep_from = *oldest;  // Every sequence below it is dropped.
  const uint64_t max_matches = options_.retention_max_matches;
  if (max_matches > 0 && last + 1 - *oldest > max_matches) {
    keep_from = last + 1 - max_matches;
  }
  // The count limit moves the oldest to a match whose age is not known.
  if (keep_from > *oldest) oldest_matched_at_ms_.reset();
  const int64_t max_age_ms = options_.retention_max_age.count();
  const int64_t young_from_ms = max_age_ms > 0 ? NowMs() - max_age_ms : 0;
  if (max_age_ms > 0 && (!oldest_matched_at_ms_.has_value() ||
                         *oldest_matched_at_ms_ < young_from_ms)) {
    ResetOnExit reset(&w.first_young);
    w.first_young.BindInt64(1, ToInt64(keep_from));
    w.first_young.BindInt64(2, young_from_ms);
    StatusOr<bool> row = w.first_young.Step();
    if (!row.ok()) return row.status();
    if (*row) {
      keep_from = static_cast<uint64_t>(w.first_young.ColumnInt64(0));
      oldest_matched_at_ms_ = w.first_young.ColumnInt64(1);
    } else {
      keep_from = last + 1;
      oldest_matched_at_ms_.reset();
    }
  }
  if (keep_from <= *oldest) return OkStatus();
  // Evidence first: the query needs the doomed matches to find it.
  w.drop_evidence.BindInt64(1, ToInt64(keep_from));
  Status s = w.drop_evidence.Run();
  if (!s.ok()) return s;
  w.drop_matches.BindInt64(1, ToInt64(keep_from));
  s = w.drop_matches.Run();
  if (!s.ok()) return s;
  *oldest = keep_from;
  return OkStatus();
}

template <typename T, typename Fn>
StatusOr<T> SqliteMatchStore::WithReader(Fn fn) {
  std::unique_ptr<Reader> reader;
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  if (reader == nullptr) {
    StatusOr<std::unique_ptr<Reader>> opened = Reader::Open(options_);
    if (!opened.ok()) return opened.status();
    reader = std::move(*opened);
  }
  // One transaction, so everything fn reads comes from one snapshot. If
  // BEGIN or COMMIT fails the reader is dropped here, unreused.
  Status s = reader->begin.Run();
  if (!s.ok()) return s;
  StatusOr<T> result = fn(*reader);
  // Read-only: COMMIT just releases the snapshot.
  s = reader->commit.Run();
  if (!s.ok()) return s;
  std::lock_guard lock(readers_mu_);
  if (idle_readers_.size() < kMaxIdleReaders) {
    idle_readers_.push_back(std::move(reader));
  }
  return result;
}

StatusOr<std::optional<std::string>> SqliteMatchStore::LoadCheckpoint(
    std::string_view connector) {
  return WithReader<std::optional<std::string>>(
      [&](Reader& r) { return QueryBlob(r.load_checkpoint, connector); });
}

StatusOr<std::optional<std::string>> SqliteMatchStore::LoadEvidence(
    std::string_view sha256) {
  return WithReader<std::optional<std::string>>(
      [&](Reader& r) { return QueryBlob(r.load_evidence, sha256); });
}

StatusOr<std::vector<Match>> SqliteMatchStore::ReadFrom(uint64_t from_sequence,
                                                        size_t limit) {
  return WithReader<std::vector<Match>>(
      [&](Reader& r) -> StatusOr<std::vector<Match>> {
        // Checked in the same snapshot as the read, so retention running in
        // between can never turn into a silent gap.
        StatusOr<Bounds> bounds = ReadBounds(r.select_bounds);
        if (!bounds.ok()) return bounds.status();
        if (from_sequence > 0 && from_sequence < bounds->oldest) {
          return OutOfRangeError("sequence " + std::to_string(from_sequence) +
                                 " is no longer held; the oldest held is " +
                                 std::to_string(bounds->oldest));
        }
        ResetOnExit reset(&r.read_from);
        r.read_from.BindInt64(1, ToInt64(from_sequence));
        r.read_from.BindInt64(2, ToInt64(limit));
        std::vector<Match> out;
        if (Status s = ReadMatches(r.read_from, r.db.path(), &out); !s.ok()) {
          return s;
        }
        return out;
      });
}

StatusOr<std::vector<Match>> SqliteMatchStore::Query(const MatchQuery& query) {
  // Conditions become SQL over the indexed columns; values are bound, never
  // spliced in.
  std::string sql = "SELECT sequence, body FROM matches WHERE sequence > ?";
  std::vector<std::string> texts;
  std::vector<int64_t> numbers = {ToInt64(query.after_sequence)};
  std::string binds = "i";  // Parameter kinds in order: i(nt) or t(ext).
  auto in_list = [&](const char* column, const std::vector<std::string>& l) {
    if (l.empty()) return;
    sql += std::string(" AND ") + column + " IN (";
    for (size_t i = 0; i < l.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      texts.push_back(l[i]);
      binds += 't';
    }
    sql += ")";
  };
  auto compare = [&](const char* condition, int64_t value) {
    sql += std::string(" AND ") + condition;
    numbers.push_back(value);
    binds += 'i';
  };
  in_list("taxon_id", query.taxon_ids);
  in_list("appendix", query.appendices);
  in_list("platform", query.platforms);
  if (query.min_severity) {
    compare("severity >= ?", static_cast<int64_t>(*query.min_severity));
  }
  if (query.matched_from_ms != kTimeUnknown) {
    compare("matched_at_ms >= ?", query.matched_from_ms);
  }
  if (query.matched_until_ms != kTimeUnknown) {
    compare("matched_at_ms < ?", query.matched_until_ms);
  }
  sql += " ORDER BY sequence LIMIT ?";
  numbers.push_back(ToInt64(query.limit));
  binds += 'i';

  return WithReader<std::vector<Match>>(
      [&](Reader& r) -> StatusOr<std::vector<Match>> {
        StatusOr<SqliteStatement> statement = r.db.Prepare(sql);
        if (!statement.ok()) return statement.status();
        size_t next_text = 0, next_number = 0;
        for (size_t i = 0; i < binds.size(); ++i) {
          const int index = static_cast<int>(i) + 1;
          if (binds[i] == 't') {
            statement->BindText(index, texts[next_text++]);
          } else {
            statement->BindInt64(index, numbers[next_number++]);
          }
        }
        std::vector<Match> out;
        if (Status s = ReadMatches(*statement, r.db.path(), &out); !s.ok()) {
          return s;
        }
        return out;
      });
}

StatusOr<std::optional<Match>> SqliteMatchStore::FindMatch(
    std::string_view match_id) {
  return WithReader<std::optional<Match>>(
      [&](Reader& r) -> StatusOr<std::optional<Match>> {
        ResetOnExit reset(&r.find_match);
        r.find_match.BindText(1, match_id);
        std::vector<Match> out;
        if (Status s = ReadMatches(r.find_match, r.db.path(), &out); !s.ok()) {
          return s;
        }
        if (out.empty()) return std::optional<Match>();
        return std::optional<Match>(std::move(out.front()));
      });
}

uint64_t SqliteMatchStore::LastSequence() { return last_sequence_.load(); }

uint64_t SqliteMatchStore::OldestSequence() { return oldest_sequence_.load(); }

bool SqliteMatchStore::WaitForSequence(
    uint64_t after, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(wait_mu_);
  wait_cv_.wait_until(lock, deadline, [&] {
    return shutdown_ || last_sequence_.load() > after;
  });
  return last_sequence_.load() > after;
}

void SqliteMatchStore::Shutdown() {
  {
    std::lock_guard lock(wait_mu_);
    shutdown_ = true;
  }
  wait_cv_.notify_all();
}

}  // namespace wildwatch
