#include "sqlite.hpp"

#include <sqlite3.h>

namespace regiebord::sql {

namespace {
[[noreturn]] void fail(sqlite3* db, int rc, const std::string& what) {
    const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw Error(what + ": " + detail, rc);
}
} // namespace

void Database::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}
void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

Database::Database(const std::string& path, Mode mode) : m_path(path) {
    sqlite3* raw = nullptr;
    const int flags =
        (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
        SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    m_db.reset(raw);
    if (rc != SQLITE_OK) fail(raw, rc, "cannot open " + path);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
}

void Database::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(m_path + ": " + detail, rc);
    }
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) fail(m_db.get(), rc, "prepare failed for \"" + std::string(sql) + "\"");
    return {m_db.get(), stmt};
}

std::int64_t Database::lastInsertRowid() const {
    return sqlite3_last_insert_rowid(m_db.get());
}
int Database::changes() const {
    return sqlite3_changes(m_db.get());
}

std::string Database::quickCheck() {
    std::string result;
    {
        auto stmt = prepare("PRAGMA quick_check");
        while (stmt.step()) {
            if (!result.empty()) result += "; ";
            result += stmt.text(0);
        }
    }
    releaseMemory();
    return result;
}

void Database::releaseMemory() {
    sqlite3_db_release_memory(m_db.get());
}

std::int64_t Database::pageCacheBytes() const {
    int current = 0;
    int highwater = 0;
    sqlite3_db_status(m_db.get(), SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0);
    return current;
}

void Statement::check(int rc, const char* what) const {
    if (rc != SQLITE_OK) fail(m_db, rc, what);
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(m_stmt.get(), index, value), "bind");
    return *this;
}
Statement& Statement::bind(int index, double value) {
    check(sqlite3_bind_double(m_stmt.get(), index, value), "bind");
    return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
    check(sqlite3_bind_text64(m_stmt.get(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
          "bind");
    return *this;
}
Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bindNull(index);
}
Statement& Statement::bindNull(int index) {
    check(sqlite3_bind_null(m_stmt.get(), index), "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(m_db, rc, std::string("step failed for \"") + sqlite3_sql(m_stmt.get()) + "\"");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(m_stmt.get(), column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(m_stmt.get(), column);
}
bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(m_stmt.get(), column);
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string();
}

std::optional<std::string> Statement::optionalText(int column) const {
    if (isNull(column)) return std::nullopt;
    return text(column);
}

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (const Error&) { // nothing left to undo
        }
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

int userVersion(Database& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    return stmt.step() ? static_cast<int>(stmt.int64(0)) : 0;
}

void migrate(Database& db, const std::vector<Migration>& migrations) {
    const int current = userVersion(db);
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    if (current > newest)
        throw Error(db.path() + ": schema version " + std::to_string(current) +
                        " is newer than this release knows (" + std::to_string(newest) + ")",
                    SQLITE_MISMATCH);
    int previous = 0;
    for (const auto& m : migrations) {
        if (m.version <= previous)
            throw Error("migrations out of order at version " + std::to_string(m.version), 0);
        previous = m.version;
        if (m.version <= current) continue;
        Transaction tx(db);
        db.exec(m.sql);
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        tx.commit();
    }
}

} // namespace regiebord::sql
