// The PostgreSQL side of sql_session.hpp, on libpq (Debian's libpq-dev): a thin
// RAII layer, the same shape as sync/sqlite.hpp. libpqxx would add a second C++
// API over the same calls; the store needs only text parameters and text rows.

#include "sql_session.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <string>

namespace regiebord::hub {

namespace {

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;
struct ConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};

/// ?1, ?2, ... become $1, $2, ...; text in single quotes is left alone.
std::string dollarParameters(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    bool quoted = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'') quoted = !quoted;
        if (!quoted && c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9')
            out += '$';
        else
            out += c;
    }
    return out;
}

class PgRows final : public SqlRows {
public:
    explicit PgRows(Result result) : m_result(std::move(result)), m_count(PQntuples(m_result.get())) {}
    bool next() override { return ++m_row < m_count; }
    std::int64_t int64(int column) const override {
        const char* v = PQgetvalue(m_result.get(), m_row, column);
        return v && *v ? std::stoll(v) : 0;
    }
    std::string text(int column) const override {
        return {PQgetvalue(m_result.get(), m_row, column),
                static_cast<std::size_t>(PQgetlength(m_result.get(), m_row, column))};
    }
    bool isNull(int column) const override { return PQgetisnull(m_result.get(), m_row, column) != 0; }

private:
    Result m_result;
    int m_count;
    int m_row = -1;
};

class PgConnection;

class PgStatement final : public SqlStatement {
public:
    PgStatement(PgConnection& connection, std::string name, int parameters)
        : m_connection(connection), m_name(std::move(name)), m_parameters(parameters) {}
    std::int64_t run(const SqlParams& params) override;
    std::unique_ptr<SqlRows> query(const SqlParams& params) override;

private:
    void checkCount(const SqlParams& params) const;
    PgConnection& m_connection;
    std::string m_name;
    int m_parameters; ///< the highest $n in the statement
};

/// Parameters as libpq wants them: text values with their pointers and lengths.
struct PgParams {
    explicit PgParams(const SqlParams& params)
        : values(params.size()), pointers(params.size(), nullptr), lengths(params.size(), 0) {
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
                values[i] = std::to_string(*n);
            } else if (const auto* s = std::get_if<std::string>(&params[i])) {
                values[i] = *s;
            } else {
                continue; // NULL
            }
            pointers[i] = values[i].c_str();
            lengths[i] = static_cast<int>(values[i].size());
        }
    }
    std::vector<std::string> values;
    std::vector<const char*> pointers;
    std::vector<int> lengths;
};

std::int64_t changedRows(const Result& r) {
    const char* n = PQcmdTuples(r.get());
    return n && *n ? std::stoll(n) : 0;
}

class PgConnection final : public SqlConnection {
public:
    explicit PgConnection(const std::string& url) : m_conn(PQconnectdb(url.c_str())) {
        if (!m_conn || PQstatus(m_conn.get()) != CONNECTION_OK)
            throw SqlError("cannot connect to PostgreSQL: " + error());
        // Notices (e.g. "relation already exists, skipping") are not for the journal.
        PQsetNoticeProcessor(
            m_conn.get(), [](void*, const char*) {}, nullptr);
        exec("SET client_encoding = 'UTF8'");
    }

    void exec(std::string_view sql) override {
        const std::string text(sql);
        Result r(PQexec(m_conn.get(), text.c_str()));
        check(r, text);
    }

    std::unique_ptr<SqlRows> query(std::string_view sql, const SqlParams& params) override {
        return std::make_unique<PgRows>(execute(sql, params));
    }

    std::int64_t run(std::string_view sql, const SqlParams& params) override {
        return changedRows(execute(sql, params));
    }

    std::unique_ptr<SqlStatement> prepare(std::string_view sql) override {
        const std::string text = dollarParameters(sql);
        const std::string name = "s" + std::to_string(++m_prepared);
        Result r(PQprepare(m_conn.get(), name.c_str(), text.c_str(), 0, nullptr));
        check(r, text);
        int parameters = 0;
        for (std::size_t i = 0; i + 1 < text.size(); ++i)
            if (text[i] == '$' && text[i + 1] >= '0' && text[i + 1] <= '9')
                parameters = std::max(parameters, std::stoi(text.substr(i + 1)));
        return std::make_unique<PgStatement>(*this, name, parameters);
    }

    Result executePrepared(const std::string& name, const SqlParams& params) {
        const PgParams p(params);
        Result r(PQexecPrepared(m_conn.get(), name.c_str(), static_cast<int>(params.size()),
                                p.pointers.data(), p.lengths.data(), nullptr, 0));
        check(r, name);
        return r;
    }

    // Reads see one snapshot of the whole database; writers of a board queue on its row.
    void begin(SqlTransactionKind kind) override {
        exec(kind == SqlTransactionKind::Read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
    }
    void commit() override { exec("COMMIT"); }
    void rollback() override { exec("ROLLBACK"); }
    void lock(std::string_view table, const std::string& id) override {
        query("SELECT 1 FROM " + std::string(table) + " WHERE id = ?1 FOR UPDATE", {id});
    }
    void lockSchema() override { query("SELECT pg_advisory_xact_lock(7361029)", {}); } // "regiebord" schema
    int schemaVersion() override {
        exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        const auto v = scalar("SELECT max(version) FROM schema_version", {});
        return v ? static_cast<int>(*v) : 0;
    }
    void setSchemaVersion(int version) override {
        run("DELETE FROM schema_version", {});
        run("INSERT INTO schema_version(version) VALUES (?1)", {std::int64_t{version}});
    }
    std::string check() override {
        const auto one = scalar("SELECT 1", {});
        return one == 1 ? "ok" : "PostgreSQL did not answer SELECT 1";
    }
    const char* dialect() const override { return "postgresql"; }

private:
    Result execute(std::string_view sql, const SqlParams& params) {
        const std::string text = dollarParameters(sql);
        const PgParams p(params);
        Result r(PQexecParams(m_conn.get(), text.c_str(), static_cast<int>(params.size()), nullptr,
                              p.pointers.data(), p.lengths.data(), nullptr, 0));
        check(r, text);
        return r;
    }

    void check(const Result& r, const std::string& sql) const {
        const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
        const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
        const bool unique = state && std::string_view(state) == "23505";
        throw SqlError("PostgreSQL: " + error() + " (in: " + sql.substr(0, 120) + ")", unique);
    }

    std::string error() const {
        std::string e = m_conn ? PQerrorMessage(m_conn.get()) : "out of memory";
        while (!e.empty() && (e.back() == '\n' || e.back() == ' '))
            e.pop_back();
        return e;
    }

    std::unique_ptr<PGconn, ConnDeleter> m_conn;
    int m_prepared = 0;
};

void PgStatement::checkCount(const SqlParams& params) const {
    // PQexecPrepared takes the count from us: too few values would read past them.
    if (static_cast<int>(params.size()) != m_parameters)
        throw SqlError("statement " + m_name + " takes " + std::to_string(m_parameters) +
                       " parameters, given " + std::to_string(params.size()));
}

std::int64_t PgStatement::run(const SqlParams& params) {
    checkCount(params);
    return changedRows(m_connection.executePrepared(m_name, params));
}

std::unique_ptr<SqlRows> PgStatement::query(const SqlParams& params) {
    checkCount(params);
    return std::make_unique<PgRows>(m_connection.executePrepared(m_name, params));
}

} // namespace

std::unique_ptr<SqlConnection> openPostgres(const std::string& url) {
    return std::make_unique<PgConnection>(url);
}

} // namespace regiebord::hub
