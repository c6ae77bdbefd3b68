#include "hub_schema.hpp"

#include "hub_store.hpp"

#include <stdexcept>
#include <string_view>

namespace regiebord::hub {

namespace {

struct Migration {
    int version;
    std::string_view summary; ///< one line: what it changes and why
    std::string_view sql;
};

/// The hub's schema as it grew, one step per version, for both databases: SQLite keeps
/// its version in PRAGMA user_version, PostgreSQL in a table (sql_session.hpp). A later
/// change is one more step at the end; a step never changes once released.
///
/// Written in the SQL both take. Integers are BIGINT: 64-bit in PostgreSQL, and in SQLite
/// a declared type with "INT" in it gives a column integer affinity, 64-bit as well; so
/// SQLite databases made when these steps said INTEGER are the same to every query.
/// (Before, PostgreSQL had a list of its own that made version 5 in one step, the same
/// tables, columns and indexes these five steps make; its databases are at version 5 and
/// run only the steps after it.) A step that ever needs SQL only one of them takes gets a
/// second text here, not a second list.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list{
        {1, "boards as one row per object with change sequences; devices; decisions with idempotency keys",
         R"sql(
            CREATE TABLE board (
                id TEXT PRIMARY KEY,
                header TEXT NOT NULL,
                seq BIGINT NOT NULL DEFAULT 0
            );
            CREATE TABLE entity (
                board_id TEXT NOT NULL REFERENCES board(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                id TEXT NOT NULL,
                position BIGINT NOT NULL,
                body TEXT NOT NULL,
                seq BIGINT NOT NULL,
                PRIMARY KEY (board_id, kind, id)
            );
            CREATE INDEX entity_seq ON entity(board_id, seq);
            CREATE TABLE device (
                id TEXT PRIMARY KEY,
                board_id TEXT NOT NULL REFERENCES board(id),
                name TEXT NOT NULL UNIQUE,
                token_hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE decision (
                id TEXT PRIMARY KEY,
                board_id TEXT NOT NULL REFERENCES board(id),
                escalation_id TEXT NOT NULL,
                device_id TEXT NOT NULL REFERENCES device(id),
                idempotency_key TEXT NOT NULL,
                request TEXT NOT NULL,
                response TEXT NOT NULL,
                received_at TEXT NOT NULL,
                seq BIGINT NOT NULL,
                UNIQUE (device_id, idempotency_key)
            );
            CREATE INDEX decision_board ON decision(board_id, seq);
        )sql"},
        {2, "the last heartbeat of each device (version, data age, outbox depth, ...)",
         R"sql(
            ALTER TABLE device ADD COLUMN heartbeat TEXT NOT NULL DEFAULT '';
            ALTER TABLE device ADD COLUMN heartbeat_at TEXT NOT NULL DEFAULT '';
        )sql"},
        {3, "tombstones for delta sync, and the oldest sequence they still cover",
         R"sql(
            CREATE TABLE tombstone (
                board_id TEXT NOT NULL REFERENCES board(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                PRIMARY KEY (board_id, kind, id)
            );
            CREATE INDEX tombstone_seq ON tombstone(board_id, seq);
            ALTER TABLE board ADD COLUMN floor BIGINT NOT NULL DEFAULT 0;
        )sql"},
        {4, "decisions by escalation (409 check, re-applying decisions on import); objects in board order",
         R"sql(
            CREATE INDEX decision_escalation ON decision(board_id, escalation_id, seq);
            CREATE INDEX entity_position ON entity(board_id, kind, position);
        )sql"},
        {5, "a lost outbox: each device's reported depth, its decision keys answered per heartbeat interval",
         R"sql(
            ALTER TABLE device ADD COLUMN outbox_depth BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE device ADD COLUMN heartbeat_epoch BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE device ADD COLUMN lost_outbox TEXT NOT NULL DEFAULT '';
            CREATE TABLE decision_answer (
                device_id TEXT NOT NULL REFERENCES device(id),
                idempotency_key TEXT NOT NULL,
                epoch BIGINT NOT NULL,
                PRIMARY KEY (device_id, idempotency_key)
            );
            CREATE INDEX decision_answer_epoch ON decision_answer(device_id, epoch);
        )sql"},
        {6,
         "a decision's subject is an escalation or an agenda item: escalation_id becomes subject "
         "(the escalation id, or <meeting>#<order>)",
         R"sql(
            ALTER TABLE decision RENAME COLUMN escalation_id TO subject;
        )sql"},
        {7,
         "devices can be revoked (their token gets 401 device_revoked) and removed (kept, out of the "
         "list, while decisions name them)",
         R"sql(
            ALTER TABLE device ADD COLUMN revoked_at TEXT NOT NULL DEFAULT '';
            ALTER TABLE device ADD COLUMN removed_at TEXT NOT NULL DEFAULT '';
        )sql"},
        {8,
         "the audit trail of imports (workbook and JSON): who, when, which file (SHA-256), dry run, applied "
         "or refused, and what changed",
         R"sql(
            CREATE TABLE import_log (
                n BIGINT PRIMARY KEY,
                board_id TEXT NOT NULL,
                at TEXT NOT NULL,
                by_name TEXT NOT NULL,
                file TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                file_kind TEXT NOT NULL,
                outcome TEXT NOT NULL,
                added BIGINT NOT NULL,
                changed BIGINT NOT NULL,
                removed BIGINT NOT NULL,
                seq BIGINT NOT NULL,
                details TEXT NOT NULL
            );
            CREATE INDEX import_log_board ON import_log(board_id, n);
        )sql"},
        {9,
         "accounts of the web side (secretariaat, it, kijker), made on the shell; passwords as argon2id "
         "hashes",
         R"sql(
            CREATE TABLE account (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                password_changed_at TEXT NOT NULL
            );
        )sql"},
        {10,
         "web sessions (only a hash of the cookie's id), the login rate limit's failures per account and "
         "per address, viewing links (only a hash of the token), each kiosk's latest screenshot, uploaded "
         "workbooks between their dry run and applying them, the audit log of changes made by people",
         R"sql(
            CREATE TABLE web_session (
                id_hash TEXT PRIMARY KEY,
                account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
                csrf TEXT NOT NULL,
                address TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL
            );
            CREATE INDEX web_session_account ON web_session(account);
            CREATE TABLE login_throttle (
                key TEXT PRIMARY KEY,
                failures BIGINT NOT NULL,
                locked_until BIGINT NOT NULL
            );
            CREATE TABLE viewing_link (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                board_id TEXT NOT NULL,
                label TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            );
            CREATE TABLE device_screenshot (
                device_id TEXT PRIMARY KEY REFERENCES device(id) ON DELETE CASCADE,
                png TEXT NOT NULL,
                width BIGINT NOT NULL,
                height BIGINT NOT NULL,
                taken_at TEXT NOT NULL,
                requested_at TEXT
            );
            CREATE TABLE upload (
                id TEXT PRIMARY KEY,
                account TEXT NOT NULL,
                file TEXT NOT NULL,
                content TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE audit (
                n BIGINT PRIMARY KEY,
                at TEXT NOT NULL,
                who TEXT NOT NULL,
                action TEXT NOT NULL,
                board_id TEXT NOT NULL,
                detail TEXT NOT NULL
            );
        )sql"},
    };
    return list;
}

} // namespace

void migrateSchema(SqlConnection& c) {
    const auto& steps = migrations();
    SqlTransaction tx(c, SqlTransactionKind::Write);
    c.lockSchema();
    const int current = c.schemaVersion();
    const int newest = steps.back().version;
    if (current > newest)
        throw SqlError("the hub database has schema version " + std::to_string(current) +
                       ", newer than this release knows (" + std::to_string(newest) + ")");
    if (current == newest) return;
    for (const auto& step : steps) {
        if (step.version <= current) continue;
        c.exec(step.sql);
        c.setSchemaVersion(step.version);
    }
    tx.commit();
}

const std::vector<HubTable>& hubTables() {
    static const std::vector<HubTable> tables{
        {"board", "id, header, seq, floor", {false, false, true, true}},
        {"entity", "board_id, kind, id, position, body, seq", {false, false, false, true, false, true}},
        {"tombstone", "board_id, kind, id, seq", {false, false, false, true}},
        {"device",
         "id, board_id, name, token_hash, created_at, last_seen_at, heartbeat, heartbeat_at, outbox_depth, "
         "heartbeat_epoch, lost_outbox, revoked_at, removed_at",
         {false, false, false, false, false, false, false, false, true, true, false, false, false}},
        {"decision",
         "id, board_id, subject, device_id, idempotency_key, request, response, received_at, seq",
         {false, false, false, false, false, false, false, false, true}},
        {"decision_answer", "device_id, idempotency_key, epoch", {false, false, true}},
        {"import_log",
         "n, board_id, at, by_name, file, sha256, file_kind, outcome, added, changed, removed, seq, details",
         {true, false, false, false, false, false, false, false, true, true, true, true, false}},
        {"account",
         "name, role, password_hash, created_at, created_by, password_changed_at",
         {false, false, false, false, false, false}},
        {"web_session",
         "id_hash, account, csrf, address, created_at, last_seen_at",
         {false, false, false, false, true, true}},
        {"login_throttle", "key, failures, locked_until", {false, true, true}},
        {"viewing_link",
         "id, token_hash, board_id, label, created_by, created_at, last_used_at, revoked_at",
         {false, false, false, false, false, false, false, false}},
        {"device_screenshot",
         "device_id, png, width, height, taken_at, requested_at",
         {false, false, true, true, false, false}},
        {"upload", "id, account, file, content, created_at", {false, false, false, false, true}},
        {"audit", "n, at, who, action, board_id, detail", {true, false, false, false, false, false}},
    };
    return tables;
}

CopyReport copyStore(const std::string& from, const std::string& to) {
    HubStore source(from, 2); // migrated to this release's schema on the way
    HubStore target(to, 2);
    CopyReport report;
    target.pool().write([&](SqlConnection& out) {
        SqlTransaction tx(out, SqlTransactionKind::Write);
        if (out.scalar("SELECT count(*) FROM board").value_or(0) > 0 ||
            out.scalar("SELECT count(*) FROM device").value_or(0) > 0)
            throw std::runtime_error(
                "the target already holds boards or devices; copy only into an empty hub");
        source.pool().read([&](SqlConnection& in) {
            SqlTransaction view(in, SqlTransactionKind::Read);
            for (const auto& table : hubTables()) {
                const std::size_t n = table.integer.size();
                std::string marks;
                for (std::size_t i = 1; i <= n; ++i)
                    marks += (i > 1 ? ", ?" : "?") + std::to_string(i);
                auto insert = out.prepare(std::string("INSERT INTO ") + table.name + "(" + table.columns +
                                          ") VALUES (" + marks + ")");
                auto rows = in.query(std::string("SELECT ") + table.columns + " FROM " + table.name);
                std::int64_t copied = 0;
                while (rows->next()) {
                    SqlParams values;
                    for (std::size_t i = 0; i < n; ++i) {
                        const int column = static_cast<int>(i);
                        if (rows->isNull(column))
                            values.emplace_back(std::monostate{});
                        else if (table.integer[i])
                            values.emplace_back(rows->int64(column));
                        else
                            values.emplace_back(rows->text(column));
                    }
                    insert->run(values);
                    ++copied;
                }
                if (out.scalar(std::string("SELECT count(*) FROM ") + table.name).value_or(-1) != copied)
                    throw std::runtime_error(std::string("copy of ") + table.name + " does not add up");
                report.rows.emplace_back(table.name, copied);
            }
            view.commit();
        });
        tx.commit();
    });
    return report;
}

} // namespace regiebord::hub
