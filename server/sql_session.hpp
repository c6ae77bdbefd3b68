#pragma once
// The hub's SQL, written once for both stores: SQLite (one machine, the default)
// and PostgreSQL (several hub instances). A connection runs statements with
// ?1, ?2, ... parameters (rewritten to $1, $2 for PostgreSQL) and returns rows
// as text and integers. Where the two dialects differ (locks, isolation, the
// schema version), the connection says so itself; the store's logic has no
// "if PostgreSQL" in it.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace regiebord::hub {

/// A statement's parameter: NULL, an integer or text.
using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;
using SqlParams = std::vector<SqlValue>;

/// A database error. `unique` is set for a violated unique constraint (a race two writers
/// may run into, which the store turns into the answer the first writer got).
struct SqlError : std::runtime_error {
    SqlError(const std::string& message, bool uniqueViolation = false)
        : std::runtime_error(message), unique(uniqueViolation) {}
    bool unique;
};

/// The rows of one query, read forward once.
class SqlRows {
public:
    virtual ~SqlRows() = default;
    /// Moves to the next row; false after the last.
    virtual bool next() = 0;
    virtual std::int64_t int64(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual bool isNull(int column) const = 0;
};

/// A statement prepared once and run many times (a large import).
class SqlStatement {
public:
    virtual ~SqlStatement() = default;
    /// Runs it with these parameters; returns how many rows it changed.
    virtual std::int64_t run(const SqlParams& params) = 0;
    virtual std::unique_ptr<SqlRows> query(const SqlParams& params) = 0;
};

enum class SqlTransactionKind {
    Read, ///< one consistent view of the data for all its statements, no writes
    Write ///< writes; see SqlConnection::lockBoard for the order of writers
};

class SqlConnection {
public:
    virtual ~SqlConnection() = default;
    /// Runs statements without parameters or rows (DDL, several separated by ';').
    virtual void exec(std::string_view sql) = 0;
    virtual std::unique_ptr<SqlRows> query(std::string_view sql, const SqlParams& params = {}) = 0;
    /// Runs a statement without rows; returns how many rows it changed.
    virtual std::int64_t run(std::string_view sql, const SqlParams& params = {}) = 0;
    /// Prepares a statement to run many times on this connection (while it lives).
    virtual std::unique_ptr<SqlStatement> prepare(std::string_view sql) = 0;
    virtual void begin(SqlTransactionKind kind) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    /// In a write transaction: waits for, then holds until commit, the right to write
    /// one row (`table` is a name of ours, `id` its primary key). On a board row, writers
    /// of a board commit in the order of the sequence numbers they take, so no reader ever
    /// sees seq N before a change with seq < N. SQLite has one writer at a time anyway:
    /// nothing to do there.
    virtual void lock(std::string_view table, const std::string& id) = 0;
    /// In a write transaction: the only migration running on this database until commit.
    virtual void lockSchema() = 0;
    /// The schema version this database was migrated to (0 when new).
    virtual int schemaVersion() = 0;
    /// Sets it, inside the migration's transaction.
    virtual void setSchemaVersion(int version) = 0;
    /// "ok" or what is wrong (SQLite: PRAGMA quick_check; PostgreSQL: a round trip).
    virtual std::string check() = 0;
    /// "sqlite" or "postgresql".
    virtual const char* dialect() const = 0;

    /// The first row's first column as an integer, when there is a row.
    std::optional<std::int64_t> scalar(std::string_view sql, const SqlParams& params = {});
    /// The first row's first column as text, when there is a row.
    std::optional<std::string> scalarText(std::string_view sql, const SqlParams& params = {});
};

/// A transaction that rolls back unless committed.
class SqlTransaction {
public:
    SqlTransaction(SqlConnection& connection, SqlTransactionKind kind);
    SqlTransaction(const SqlTransaction&) = delete;
    SqlTransaction& operator=(const SqlTransaction&) = delete;
    ~SqlTransaction();
    void commit();

private:
    SqlConnection& m_connection;
    bool m_done = false;
};

/// An SQLite file (WAL, synchronous=FULL, foreign keys on); ":memory:" for tests.
std::unique_ptr<SqlConnection> openSqlite(const std::string& path);

/// True for a database location that names PostgreSQL ("postgresql://..." or "postgres://...").
bool isPostgresUrl(std::string_view location);

/// A PostgreSQL connection (libpq conninfo URL).
std::unique_ptr<SqlConnection> openPostgres(const std::string& url);

} // namespace regiebord::hub
