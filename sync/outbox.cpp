#include "outbox.hpp"

#include "clock.hpp"
#include "protocol.hpp"

#include <array>

namespace regiebord {

namespace {

constexpr std::array<std::string_view, 5> kStateNames{"queued", "sending", "confirmed", "needs_attention",
                                                      "conflict"};

OutboxState stateFromText(const std::string& text) {
    if (const auto state = outboxStateFromText(text)) return *state;
    throw sql::Error("outbox: unknown state " + text, 0);
}

/// The rows that make a subject (an escalation or an agenda item) "decided here": the
/// one-live-decision index covers them. A confirmed decision that leaves its subject open
/// (aangehouden; doorverwezen on an escalation, which moves up the ladder) is not live.
constexpr const char* kLive = "(state IN ('queued', 'sending') OR (state = 'confirmed' AND closes = 1))";

const std::vector<sql::Migration>& migrations() {
    static const std::vector<sql::Migration> list{
        {1, "decisions with their idempotency key and delivery state",
         R"sql(
            CREATE TABLE decision (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                idempotency_key TEXT NOT NULL UNIQUE,
                board_id TEXT NOT NULL,
                escalation_id TEXT NOT NULL,
                body TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN
                    ('queued', 'sending', 'confirmed', 'needs_attention', 'conflict')),
                created_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '',
                confirmed_at TEXT NOT NULL DEFAULT '',
                server_id TEXT NOT NULL DEFAULT ''
            );
            -- One live decision per escalation on this device: a second tap
            -- can never queue a second decision.
            CREATE UNIQUE INDEX one_live_decision ON decision(board_id, escalation_id)
                WHERE state IN ('queued', 'sending', 'confirmed');
        )sql"},
        {2, "a confirmed 'aangehouden' (held over) leaves the escalation open for a follow-up decision",
         R"sql(
            ALTER TABLE decision ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
            UPDATE decision SET outcome = coalesce(json_extract(body, '$.outcome'), '')
                WHERE json_valid(body);
            DROP INDEX one_live_decision;
            CREATE UNIQUE INDEX one_live_decision ON decision(board_id, escalation_id)
                WHERE state IN ('queued', 'sending') OR (state = 'confirmed' AND outcome <> 'aangehouden');
        )sql"},
        {3,
         "a decision's subject is an escalation or an agenda item (<meeting>#<order>); whether a "
         "confirmed decision closes it is stored, since doorverwezen moves an escalation up the ladder",
         R"sql(
            ALTER TABLE decision RENAME COLUMN escalation_id TO subject;
            ALTER TABLE decision ADD COLUMN closes INTEGER NOT NULL DEFAULT 1;
            UPDATE decision SET closes = 0 WHERE outcome = 'aangehouden';
            DROP INDEX one_live_decision;
            CREATE UNIQUE INDEX one_live_decision ON decision(board_id, subject)
                WHERE state IN ('queued', 'sending') OR (state = 'confirmed' AND closes = 1);
        )sql"},
    };
    return list;
}

} // namespace

std::string_view toString(OutboxState state) {
    return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<OutboxState> outboxStateFromText(std::string_view text) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == text) return static_cast<OutboxState>(i);
    return std::nullopt;
}

int outboxSchemaVersion() {
    return migrations().back().version;
}

namespace {
std::optional<FileLock> sharedLock(const std::string& path) {
    if (path == ":memory:" || path.empty()) return std::nullopt;
    return FileLock(Outbox::lockPath(path), FileLock::Mode::Shared);
}
} // namespace

Outbox::Outbox(const std::string& path) : m_lock(sharedLock(path)), m_db(path) {
    m_db.exec("PRAGMA journal_mode=WAL");
    // FULL: a commit is on stable storage before record() returns.
    m_db.exec("PRAGMA synchronous=FULL");
    m_db.exec("PRAGMA foreign_keys=ON");
    sql::migrate(m_db, migrations());
}

Outbox::RecordResult Outbox::record(const std::string& boardId, const DecisionRequest& request,
                                    std::string key) {
    if (key.empty()) key = makeUuidV4();
    const std::string body = encodeDecisionRequest(request);
    sql::Transaction tx(m_db);
    {
        auto live = m_db.prepare(std::string("SELECT idempotency_key FROM decision WHERE board_id = ?1 AND "
                                             "subject = ?2 AND ") +
                                 kLive);
        live.bindAll(boardId, subjectOf(request));
        if (live.step()) return {std::nullopt, "already decided on this device (" + live.text(0) + ")"};
    }
    m_db.prepare("INSERT INTO decision(idempotency_key, board_id, subject, body, state, created_at, "
                 "outcome, closes) VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7)")
        .bindAll(key, boardId, subjectOf(request), body, utcNow(), toWire(request.outcome),
                 closesSubject(request) ? 1 : 0)
        .run();
    tx.commit();
    return {find(key), {}};
}

Outbox::Restored Outbox::restore(const OutboxItem& item) {
    sql::Transaction tx(m_db);
    {
        auto present = m_db.prepare("SELECT 1 FROM decision WHERE idempotency_key = ?1");
        present.bindAll(item.idempotencyKey);
        if (present.step()) return Restored::Present;
    }
    const bool undelivered = item.state == OutboxState::Queued || item.state == OutboxState::Sending;
    OutboxState state = undelivered ? OutboxState::Queued : item.state;
    std::string error = item.lastError;
    Restored result = undelivered ? Restored::Queued : Restored::Kept;
    if (undelivered || item.state == OutboxState::Confirmed) {
        auto live = m_db.prepare(std::string("SELECT idempotency_key FROM decision WHERE board_id = ?1 AND "
                                             "subject = ?2 AND ") +
                                 kLive);
        live.bindAll(item.boardId, subjectOf(item.request));
        if (live.step()) {
            // Decided again on this device after the damage: the room sees both and the chair chooses.
            state = OutboxState::NeedsAttention;
            error = "salvaged from a damaged outbox; a later decision on this subject exists (" +
                    live.text(0) + ")";
            result = undelivered ? Restored::Held : Restored::Kept;
        }
    }
    m_db.prepare("INSERT INTO decision(idempotency_key, board_id, subject, body, state, created_at, "
                 "attempts, last_error, confirmed_at, server_id, outcome, closes) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
        .bindAll(item.idempotencyKey, item.boardId, subjectOf(item.request), item.body, toString(state),
                 item.createdAt, item.attempts, error, item.confirmedAt, item.serverId,
                 toWire(item.request.outcome), closesSubject(item.request) ? 1 : 0)
        .run();
    tx.commit();
    return result;
}

std::vector<OutboxItem> Outbox::query(const std::string& where, const std::string& key) {
    auto stmt =
        m_db.prepare("SELECT seq, idempotency_key, board_id, body, state, created_at, attempts, last_error, "
                     "confirmed_at, server_id FROM decision " +
                     where + " ORDER BY seq");
    if (!key.empty()) stmt.bindAll(key);
    std::vector<OutboxItem> items;
    while (stmt.step()) {
        OutboxItem item;
        item.seq = stmt.int64(0);
        item.idempotencyKey = stmt.text(1);
        item.boardId = stmt.text(2);
        item.body = stmt.text(3);
        auto parsed = parseDecisionRequest(item.body);
        if (!parsed) throw sql::Error("outbox: stored decision " + item.idempotencyKey + " unreadable", 0);
        item.request = std::move(parsed).value();
        item.state = stateFromText(stmt.text(4));
        item.createdAt = stmt.text(5);
        item.attempts = static_cast<int>(stmt.int64(6));
        item.lastError = stmt.text(7);
        item.confirmedAt = stmt.text(8);
        item.serverId = stmt.text(9);
        items.push_back(std::move(item));
    }
    return items;
}

std::vector<OutboxItem> Outbox::all() {
    return query("");
}
std::vector<OutboxItem> Outbox::deliverable() {
    return query("WHERE state IN ('queued', 'sending')");
}

std::optional<OutboxItem> Outbox::find(const std::string& key) {
    auto items = query("WHERE idempotency_key = ?1", key);
    if (items.empty()) return std::nullopt;
    return std::move(items.front());
}

void Outbox::markSending(const std::string& key) {
    m_db.prepare("UPDATE decision SET state = 'sending', attempts = attempts + 1 WHERE idempotency_key = ?1")
        .bindAll(key)
        .run();
}

void Outbox::markConfirmed(const std::string& key, const std::string& serverId, const std::string& at) {
    m_db.prepare(
            "UPDATE decision SET state = 'confirmed', server_id = ?2, confirmed_at = ?3, last_error = '' "
            "WHERE idempotency_key = ?1")
        .bindAll(key, serverId, at)
        .run();
}

void Outbox::markRetry(const std::string& key, const std::string& error) {
    m_db.prepare("UPDATE decision SET state = 'queued', last_error = ?2 WHERE idempotency_key = ?1")
        .bindAll(key, error)
        .run();
}

void Outbox::requeue(const std::string& key, const std::string& reason) {
    m_db.prepare("UPDATE decision SET state = 'queued', last_error = ?2, confirmed_at = '', server_id = '' "
                 "WHERE idempotency_key = ?1 AND state = 'confirmed'")
        .bindAll(key, reason)
        .run();
}

void Outbox::markStopped(const std::string& key, OutboxState state, const std::string& error) {
    m_db.prepare("UPDATE decision SET state = ?2, last_error = ?3 WHERE idempotency_key = ?1")
        .bindAll(key, toString(state), error)
        .run();
}

} // namespace regiebord
