#include "sql_session.hpp"

#include "sqlite.hpp"

#include <sqlite3.h>

namespace regiebord::hub {

std::optional<std::int64_t> SqlConnection::scalar(std::string_view sql, const SqlParams& params) {
    auto rows = query(sql, params);
    if (!rows->next() || rows->isNull(0)) return std::nullopt;
    return rows->int64(0);
}

std::optional<std::string> SqlConnection::scalarText(std::string_view sql, const SqlParams& params) {
    auto rows = query(sql, params);
    if (!rows->next() || rows->isNull(0)) return std::nullopt;
    return rows->text(0);
}

SqlTransaction::SqlTransaction(SqlConnection& connection, SqlTransactionKind kind)
    : m_connection(connection) {
    m_connection.begin(kind);
}

SqlTransaction::~SqlTransaction() {
    if (m_done) return;
    try {
        m_connection.rollback();
    } catch (const std::exception&) { // nothing left to undo: the connection reports the state it is in
    }
}

void SqlTransaction::commit() {
    m_connection.commit();
    m_done = true;
}

bool isPostgresUrl(std::string_view location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

namespace {

class SqliteRows final : public SqlRows {
public:
    explicit SqliteRows(sql::Statement statement) : m_statement(std::move(statement)) {}
    bool next() override { return m_statement.step(); }
    std::int64_t int64(int column) const override { return m_statement.int64(column); }
    std::string text(int column) const override { return m_statement.text(column); }
    bool isNull(int column) const override { return m_statement.isNull(column); }

private:
    sql::Statement m_statement;
};

void bindAll(sql::Statement& statement, const SqlParams& params) {
    int index = 0;
    for (const auto& value : params) {
        ++index;
        if (const auto* i = std::get_if<std::int64_t>(&value))
            statement.bind(index, *i);
        else if (const auto* s = std::get_if<std::string>(&value))
            statement.bind(index, std::string_view(*s));
        else
            statement.bindNull(index);
    }
}

SqlError translate(const sql::Error& e) {
    return SqlError(e.what(), e.code == SQLITE_CONSTRAINT_UNIQUE || e.code == SQLITE_CONSTRAINT_PRIMARYKEY);
}

class SqliteStatement final : public SqlStatement {
public:
    SqliteStatement(sql::Database& db, sql::Statement statement)
        : m_db(db), m_statement(std::move(statement)) {}
    std::int64_t run(const SqlParams& params) override {
        try {
            m_statement.reset();
            bindAll(m_statement, params);
            m_statement.run();
            return m_db.changes();
        } catch (const sql::Error& e) {
            throw translate(e);
        }
    }
    std::unique_ptr<SqlRows> query(const SqlParams& params) override;

private:
    sql::Database& m_db;
    sql::Statement m_statement;
};

class SqliteConnection final : public SqlConnection {
public:
    explicit SqliteConnection(const std::string& path) : m_db(path) {
        m_db.exec("PRAGMA journal_mode=WAL");
        m_db.exec("PRAGMA synchronous=FULL");
        m_db.exec("PRAGMA foreign_keys=ON");
    }

    void exec(std::string_view sql) override {
        guard([&] { m_db.exec(sql); });
    }

    std::unique_ptr<SqlRows> query(std::string_view sql, const SqlParams& params) override {
        std::unique_ptr<SqlRows> rows;
        guard([&] { rows = std::make_unique<SqliteRows>(bound(sql, params)); });
        return rows;
    }

    std::int64_t run(std::string_view sql, const SqlParams& params) override {
        guard([&] {
            auto statement = bound(sql, params);
            statement.run();
        });
        return m_db.changes();
    }

    std::unique_ptr<SqlStatement> prepare(std::string_view sql) override {
        std::unique_ptr<SqlStatement> statement;
        guard([&] { statement = std::make_unique<SqliteStatement>(m_db, m_db.prepare(sql)); });
        return statement;
    }

    // WAL: a deferred transaction reads one snapshot; IMMEDIATE takes the one write lock at once.
    void begin(SqlTransactionKind kind) override {
        exec(kind == SqlTransactionKind::Write ? "BEGIN IMMEDIATE" : "BEGIN");
    }
    void commit() override { exec("COMMIT"); }
    void rollback() override { exec("ROLLBACK"); }
    void lock(std::string_view /*table*/, const std::string& /*id*/) override {}
    void lockSchema() override {} // BEGIN IMMEDIATE: the one writer already
    int schemaVersion() override { return sql::userVersion(m_db); }
    void setSchemaVersion(int version) override { exec("PRAGMA user_version = " + std::to_string(version)); }
    std::string check() override {
        std::string result;
        guard([&] { result = m_db.quickCheck(); });
        return result;
    }
    const char* dialect() const override { return "sqlite"; }

private:
    sql::Statement bound(std::string_view sql, const SqlParams& params) {
        auto statement = m_db.prepare(sql);
        bindAll(statement, params);
        return statement;
    }

    template <typename Fn> void guard(Fn&& fn) {
        try {
            fn();
        } catch (const sql::Error& e) {
            throw translate(e);
        }
    }

    sql::Database m_db;
};

/// Rows of a prepared statement: it is reset (and so reusable) when they are done with.
class SqliteStatementRows final : public SqlRows {
public:
    explicit SqliteStatementRows(sql::Statement& statement) : m_statement(statement) {}
    SqliteStatementRows(const SqliteStatementRows&) = delete;
    SqliteStatementRows& operator=(const SqliteStatementRows&) = delete;
    ~SqliteStatementRows() override { m_statement.reset(); }
    bool next() override {
        try {
            return m_statement.step();
        } catch (const sql::Error& e) {
            throw translate(e);
        }
    }
    std::int64_t int64(int column) const override { return m_statement.int64(column); }
    std::string text(int column) const override { return m_statement.text(column); }
    bool isNull(int column) const override { return m_statement.isNull(column); }

private:
    sql::Statement& m_statement;
};

std::unique_ptr<SqlRows> SqliteStatement::query(const SqlParams& params) {
    m_statement.reset();
    bindAll(m_statement, params);
    return std::make_unique<SqliteStatementRows>(m_statement);
}

} // namespace

std::unique_ptr<SqlConnection> openSqlite(const std::string& path) {
    try {
        return std::make_unique<SqliteConnection>(path);
    } catch (const sql::Error& e) {
        throw SqlError(e.what());
    }
}

} // namespace regiebord::hub
