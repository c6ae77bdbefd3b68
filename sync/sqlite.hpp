#pragma once
// Thin RAII layer over sqlite3: move-only handles, bound parameters only,
// transactions that roll back unless committed, and versioned migrations.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace regiebord::sql {

struct Error : std::runtime_error {
    Error(const std::string& message, int sqliteCode) : std::runtime_error(message), code(sqliteCode) {}
    int code;
};

class Statement;

class Database {
public:
    enum class Mode { ReadWriteCreate, ReadOnly };
    /// Opens (or creates) the file; ":memory:" for an in-memory database.
    explicit Database(const std::string& path, Mode mode = Mode::ReadWriteCreate);
    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;
    ~Database() = default;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    std::int64_t lastInsertRowid() const;
    int changes() const;
    /// Runs PRAGMA quick_check; returns "ok" or the first problems. It reads every page:
    /// the page cache it filled is given back afterwards (releaseMemory).
    std::string quickCheck();
    /// Gives the page cache's unused pages back to the heap (sqlite3_db_release_memory).
    /// A connection keeps up to 2 MB of pages otherwise, long after a whole-board read or
    /// write: on a kiosk that is memory the room's screen could use.
    void releaseMemory();
    /// Bytes the page cache of this connection holds now (SQLITE_DBSTATUS_CACHE_USED).
    std::int64_t pageCacheBytes() const;
    sqlite3* handle() const { return m_db.get(); }
    const std::string& path() const { return m_path; }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    std::unique_ptr<sqlite3, Closer> m_db;
    std::string m_path;
};

class Statement {
public:
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;
    ~Statement() = default;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bindNull(int index);
    /// Binds all values to ?1, ?2, ... in order.
    template <typename... Args> Statement& bindAll(const Args&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    /// Steps once: true when a row is available.
    bool step();
    /// Steps to completion (for statements without rows).
    void run();
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optionalText(int column) const;
    bool isNull(int column) const;

private:
    friend class Database;
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const;
    };
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    void check(int rc, const char* what) const;
    sqlite3* m_db;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

struct Migration {
    int version;              ///< user_version after this step; strictly increasing from 1
    std::string_view summary; ///< one line: what it changes and why
    std::string_view sql;
};

/// Applies the migrations newer than PRAGMA user_version, each in its own
/// transaction together with the new user_version. Refuses a database whose
/// version is newer than the newest migration (written by a newer release).
void migrate(Database& db, const std::vector<Migration>& migrations);
int userVersion(Database& db);

} // namespace regiebord::sql
