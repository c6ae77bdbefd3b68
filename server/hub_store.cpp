#include "hub_store.hpp"

#include "clock.hpp"
#include "json_text.hpp"
#include "protocol.hpp"
#include "text.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <map>
#include <stdexcept>

namespace regiebord::hub {

using nlohmann::json;

namespace {

const std::vector<sql::Migration>& migrations() {
    static const std::vector<sql::Migration> list{
        {1, "boards as one row per object with change sequences; devices; decisions with idempotency keys",
         R"sql(
            CREATE TABLE board (
                id TEXT PRIMARY KEY,
                header TEXT NOT NULL,
                seq INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE entity (
                board_id TEXT NOT NULL REFERENCES board(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                id TEXT NOT NULL,
                position INTEGER NOT NULL,
                body TEXT NOT NULL,
                seq INTEGER NOT NULL,
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
                seq INTEGER NOT NULL,
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
                seq INTEGER NOT NULL,
                PRIMARY KEY (board_id, kind, id)
            );
            CREATE INDEX tombstone_seq ON tombstone(board_id, seq);
            ALTER TABLE board ADD COLUMN floor INTEGER NOT NULL DEFAULT 0;
        )sql"},
        {4, "decisions by escalation (409 check, re-applying decisions on import); objects in board order",
         R"sql(
            CREATE INDEX decision_escalation ON decision(board_id, escalation_id, seq);
            CREATE INDEX entity_position ON entity(board_id, kind, position);
        )sql"},
        {5, "a lost outbox: each device's reported depth, its decision keys answered per heartbeat interval",
         R"sql(
            ALTER TABLE device ADD COLUMN outbox_depth INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE device ADD COLUMN heartbeat_epoch INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE device ADD COLUMN lost_outbox TEXT NOT NULL DEFAULT '';
            CREATE TABLE decision_answer (
                device_id TEXT NOT NULL REFERENCES device(id),
                idempotency_key TEXT NOT NULL,
                epoch INTEGER NOT NULL,
                PRIMARY KEY (device_id, idempotency_key)
            );
            CREATE INDEX decision_answer_epoch ON decision_answer(device_id, epoch);
        )sql"},
    };
    return list;
}

// Object arrays of a board document, in document order (decisions live in their own table).
constexpr std::array<const char*, 7> kKinds{"parties",    "definitions", "agreements", "projects",
                                            "production", "escalations", "meetings"};

/// Calls fn with each object of one kind as the JSON a board document holds
/// (escalations from the prepared list, which carries the hub's decisions).
template <typename Fn>
void forEachObject(const BoardData& b, const json& escalations, std::string_view kind, Fn&& fn) {
    auto each = [&](const auto& list) {
        for (const auto& item : list)
            fn(toJson(item));
    };
    if (kind == "parties")
        each(b.parties);
    else if (kind == "definitions")
        each(b.definitions);
    else if (kind == "agreements")
        each(b.agreements);
    else if (kind == "projects")
        each(b.projects);
    else if (kind == "production")
        each(b.production);
    else if (kind == "meetings")
        each(b.meetings);
    else if (kind == "escalations")
        for (const auto& item : escalations)
            fn(item);
    else
        throw std::logic_error("unknown object kind " + std::string(kind));
}

// What a decision does to its escalation: the status it leaves and one history line.
void applyDecisionTo(json& escalation, const DecisionRequest& request, const std::string& receivedAt) {
    std::string label(toWire(request.outcome));
    if (request.outcome == Outcome::Option)
        for (const auto& o : escalation["options"])
            if (o["id"] == *request.optionId) label = o["label"].get<std::string>();
    escalation["status"] = request.outcome == Outcome::Aangehouden ? "aangehouden" : "besloten";
    const json line{{"at", receivedAt}, {"text", "Besluit: " + label + " (" + request.decidedBy + ")"}};
    json& history = escalation["history"];
    if (!history.is_array()) history = json::array();
    for (const auto& existing : history)
        if (existing == line) return;
    history.push_back(line);
}

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4U];
        out += digits[data[i] & 0xFU];
    }
    return out;
}

} // namespace

std::string hashToken(const std::string& token) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return hex(digest.data(), length);
}

std::string newToken() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const unsigned char b : bytes) {
        buffer = (buffer << 8U) | b;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(buffer >> static_cast<unsigned>(bits)) & 0x3FU];
        }
    }
    if (bits > 0) out += alphabet[(buffer << static_cast<unsigned>(6 - bits)) & 0x3FU];
    return out;
}

std::string errorBody(const std::string& code, const std::string& message) {
    return encodeErrorResponse({code, message});
}

HubStore::HubStore(const std::string& path) : m_db(path) {
    m_db.exec("PRAGMA journal_mode=WAL");
    m_db.exec("PRAGMA synchronous=FULL");
    m_db.exec("PRAGMA foreign_keys=ON");
    sql::migrate(m_db, migrations());
}

std::string HubStore::quickCheck() {
    std::lock_guard lock(m_mutex);
    return m_db.quickCheck();
}

std::int64_t HubStore::bumpSeq(const std::string& boardId) {
    m_db.prepare("UPDATE board SET seq = seq + 1 WHERE id = ?1").bindAll(boardId).run();
    auto stmt = m_db.prepare("SELECT seq FROM board WHERE id = ?1");
    stmt.bindAll(boardId);
    if (!stmt.step()) throw std::runtime_error("unknown board " + boardId);
    return stmt.int64(0);
}

std::int64_t HubStore::importBoard(const BoardData& board) {
    std::lock_guard lock(m_mutex);
    const std::string& boardId = board.board.id;
    const std::string header = jsonText(boardHeaderJson(board.board));
    // Objects become JSON one at a time below; only the escalations, which
    // decisions change, are held as JSON (a whole 100k-agreement board as one
    // JSON tree took ~500 MB).
    json escalationsJson = json::array();
    for (const auto& e : board.escalations)
        escalationsJson.push_back(toJson(e));
    sql::Transaction tx(m_db);
    // Decisions taken on the hub outlive an import: an imported escalation
    // gets them re-applied (the source file does not know about them), and an
    // import that drops a decided escalation is refused, since the decision
    // would then refer to nothing.
    {
        std::map<std::string, json*> escalations;
        for (auto& item : escalationsJson)
            escalations.emplace(item["id"].get<std::string>(), &item);
        auto decided = m_db.prepare(
            "SELECT escalation_id, request, received_at FROM decision WHERE board_id = ?1 ORDER BY seq");
        decided.bindAll(boardId);
        std::vector<std::string> orphaned;
        while (decided.step()) {
            const auto it = escalations.find(decided.text(0));
            if (it == escalations.end()) {
                if (orphaned.empty() || orphaned.back() != decided.text(0))
                    orphaned.push_back(decided.text(0));
                continue;
            }
            auto request = parseDecisionRequest(decided.text(1));
            if (!request)
                throw std::runtime_error("stored decision unreadable: " + request.error().describe());
            applyDecisionTo(*it->second, request.value(), decided.text(2));
        }
        if (!orphaned.empty()) {
            std::string ids;
            for (const auto& id : orphaned)
                ids += (ids.empty() ? "" : ", ") + id;
            throw ImportRefused(
                "the hub holds decisions on escalations this file leaves out (" + ids +
                "); keep them in the file (status besloten) so the decision list stays whole");
        }
    }
    bool changed = false;
    {
        auto existing = m_db.prepare("SELECT header FROM board WHERE id = ?1");
        existing.bindAll(boardId);
        changed = !existing.step() || existing.text(0) != header;
    }
    m_db.prepare("INSERT INTO board(id, header, seq) VALUES (?1, ?2, 0) "
                 "ON CONFLICT(id) DO UPDATE SET header = excluded.header")
        .bindAll(boardId, header)
        .run();
    // The sequence this import will carry, if it changes anything.
    std::int64_t seq = 0;
    {
        auto current = m_db.prepare("SELECT seq FROM board WHERE id = ?1");
        current.bindAll(boardId);
        current.step();
        seq = current.int64(0) + 1;
    }
    // Only objects whose JSON differs get the new sequence; removed objects
    // leave a tombstone, so kiosks can ask for the changes since their cursor.
    auto select = m_db.prepare("SELECT id, body, position FROM entity WHERE board_id = ?1 AND kind = ?2");
    auto upsert = m_db.prepare(
        "INSERT INTO entity(board_id, kind, id, position, body, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(board_id, kind, id) DO UPDATE SET position = excluded.position, body = excluded.body, "
        "seq = excluded.seq");
    auto move = m_db.prepare("UPDATE entity SET position = ?4 WHERE board_id = ?1 AND kind = ?2 AND id = ?3");
    auto unbury = m_db.prepare("DELETE FROM tombstone WHERE board_id = ?1 AND kind = ?2 AND id = ?3");
    auto remove = m_db.prepare("DELETE FROM entity WHERE board_id = ?1 AND kind = ?2 AND id = ?3");
    auto bury = m_db.prepare("INSERT INTO tombstone(board_id, kind, id, seq) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT(board_id, kind, id) DO UPDATE SET seq = excluded.seq");
    for (const char* kind : kKinds) {
        std::map<std::string, std::pair<std::string, std::int64_t>> old; // id -> (body, position)
        select.bindAll(boardId, kind);
        while (select.step())
            old.emplace(select.text(0), std::make_pair(select.text(1), select.int64(2)));
        select.reset();
        std::size_t position = 0;
        forEachObject(board, escalationsJson, kind, [&](const json& item) {
            const std::string id = objectRowId(item, position);
            const std::string body = jsonText(item);
            const auto it = old.find(id);
            if (it != old.end() && it->second.first == body) {
                // Unchanged: write nothing unless it moved (an import of 100k
                // objects that changes ten must not rewrite the table).
                if (it->second.second != static_cast<std::int64_t>(position)) {
                    move.bindAll(boardId, kind, id, static_cast<std::int64_t>(position));
                    move.run();
                }
            } else {
                upsert.bindAll(boardId, kind, id, static_cast<std::int64_t>(position), body, seq);
                upsert.run();
                unbury.bindAll(boardId, kind, id);
                unbury.run();
                changed = true;
            }
            if (it != old.end()) old.erase(it);
            ++position;
        });
        for (const auto& [id, body] : old) {
            remove.bindAll(boardId, kind, id);
            remove.run();
            bury.bindAll(boardId, kind, id, seq);
            bury.run();
            changed = true;
        }
    }
    if (changed)
        m_db.prepare("UPDATE board SET seq = ?2 WHERE id = ?1").bindAll(boardId, seq).run();
    else
        seq -= 1;
    tx.commit();
    return seq;
}

std::optional<std::string> HubStore::changes(const std::string& boardId, std::int64_t since, bool& resync) {
    std::lock_guard lock(m_mutex);
    resync = false;
    auto header = m_db.prepare("SELECT header, seq, floor FROM board WHERE id = ?1");
    header.bindAll(boardId);
    if (!header.step()) return std::nullopt;
    const std::int64_t seq = header.int64(1);
    // Older than what the tombstones cover, or ahead of us (a restored hub): start over.
    if (since < header.int64(2) || since > seq) {
        resync = true;
        return std::nullopt;
    }
    json doc;
    doc["format"] = kChangesFormat;
    doc["since"] = since;
    doc["seq"] = seq;
    doc["generated_at"] = utcNow();
    doc["board"] = json::parse(header.text(0));
    json& upserts = doc["upserts"] = json::object();
    for (const char* kind : kKinds)
        upserts[kind] = json::array();
    auto rows = m_db.prepare(
        "SELECT kind, body FROM entity INDEXED BY entity_seq WHERE board_id = ?1 AND seq > ?2 ORDER BY seq");
    rows.bindAll(boardId, since);
    while (rows.step())
        upserts[rows.text(0)].push_back(json::parse(rows.text(1)));
    json& deletions = doc["deletions"] = json::array();
    auto graves =
        m_db.prepare("SELECT kind, id FROM tombstone WHERE board_id = ?1 AND seq > ?2 ORDER BY seq");
    graves.bindAll(boardId, since);
    while (graves.step())
        deletions.push_back({{"kind", graves.text(0)}, {"id", graves.text(1)}});
    json& decisions = doc["decisions"] = json::array();
    auto decided =
        m_db.prepare("SELECT response FROM decision WHERE board_id = ?1 AND seq > ?2 ORDER BY seq");
    decided.bindAll(boardId, since);
    while (decided.step())
        decisions.push_back(json::parse(decided.text(0))["decision"]);
    return jsonText(doc);
}

bool HubStore::compact(const std::string& boardId) {
    std::lock_guard lock(m_mutex);
    sql::Transaction tx(m_db);
    m_db.prepare("UPDATE board SET floor = seq WHERE id = ?1").bindAll(boardId).run();
    const bool found = m_db.changes() > 0;
    m_db.prepare("DELETE FROM tombstone WHERE board_id = ?1").bindAll(boardId).run();
    tx.commit();
    return found;
}

bool HubStore::hasBoard(const std::string& boardId) {
    std::lock_guard lock(m_mutex);
    auto stmt = m_db.prepare("SELECT 1 FROM board WHERE id = ?1");
    stmt.bindAll(boardId);
    return stmt.step();
}

std::string HubStore::addDevice(const std::string& boardId, const std::string& name,
                                const std::string& token) {
    std::lock_guard lock(m_mutex);
    const std::string id = "dev-" + makeUuidV4().substr(0, 8);
    m_db.prepare("INSERT INTO device(id, board_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bindAll(id, boardId, name, hashToken(token), utcNow())
        .run();
    return id;
}

DecideResult HubStore::heartbeat(const Device& device, const std::string& body) {
    auto parsed = parseHeartbeat(body);
    if (!parsed) return {400, errorBody("invalid_request", parsed.error().describe())};
    const Heartbeat& h = parsed.value();
    const std::string stored = encodeHeartbeat(h);
    std::lock_guard lock(m_mutex);
    sql::Transaction tx(m_db);
    std::int64_t previousDepth = 0;
    std::int64_t epoch = 0;
    std::string lost;
    {
        auto row = m_db.prepare("SELECT outbox_depth, heartbeat_epoch, lost_outbox FROM device WHERE id = ?1");
        row.bindAll(device.id);
        if (!row.step()) return {404, errorBody("unknown_device", device.id)};
        previousDepth = row.int64(0);
        epoch = row.int64(1);
        lost = row.text(2);
    }
    std::int64_t answered = 0;
    {
        auto count = m_db.prepare("SELECT count(*) FROM decision_answer WHERE device_id = ?1 AND epoch = ?2");
        count.bindAll(device.id, epoch);
        if (count.step()) answered = count.int64(0);
    }
    // Decisions leave a kiosk's outbox only with an answer from the hub: a depth that falls
    // by more than the answers in between means decisions were lost on the device.
    const std::int64_t missing = previousDepth - answered - h.outboxDepth;
    const std::string now = utcNow();
    if (missing > 0)
        lost = now + ": outbox depth fell from " + std::to_string(previousDepth) + " to " +
               std::to_string(h.outboxDepth) + " with " + std::to_string(answered) +
               " decision(s) answered: " + std::to_string(missing) + " decision(s) lost on the device";
    if (h.outboxDamage)
        lost = h.outboxDamage->foundAt + ": damaged outbox set aside in " + h.outboxDamage->movedTo + " (" +
               (h.outboxDamage->unread ? std::to_string(*h.outboxDamage->unread) : std::string("unknown")) +
               " undelivered decision(s)); salvage with regiebord --salvage-outbox";
    else if (lost.find("damaged outbox") != std::string::npos)
        lost.clear(); // salvaged on the device: it no longer reports the damage
    m_db.prepare("UPDATE device SET heartbeat = ?2, heartbeat_at = ?3, outbox_depth = ?4, "
                 "heartbeat_epoch = ?5, lost_outbox = ?6 WHERE id = ?1")
        .bindAll(device.id, stored, now, h.outboxDepth, epoch + 1, lost)
        .run();
    m_db.prepare("DELETE FROM decision_answer WHERE device_id = ?1 AND epoch <= ?2").bindAll(device.id, epoch).run();
    tx.commit();
    return {204, ""};
}

void HubStore::noteAnswer(const Device& device, const std::string& key) {
    m_db.prepare("INSERT INTO decision_answer(device_id, idempotency_key, epoch) "
                 "SELECT id, ?2, heartbeat_epoch FROM device WHERE id = ?1 "
                 "ON CONFLICT(device_id, idempotency_key) DO UPDATE SET epoch = excluded.epoch")
        .bindAll(device.id, key)
        .run();
}

std::optional<Device> HubStore::authenticate(const std::string& token) {
    std::lock_guard lock(m_mutex);
    auto stmt =
        m_db.prepare("SELECT id, board_id, name, created_at, last_seen_at FROM device WHERE token_hash = ?1");
    stmt.bindAll(hashToken(token));
    if (!stmt.step()) return std::nullopt;
    Device d{stmt.text(0), stmt.text(1), stmt.text(2), stmt.text(3), stmt.text(4), {}, {}, {}};
    // Last-seen is minute-grained news: writing (and syncing) it on every
    // poll would put a disk flush in front of every answer.
    const auto now = std::chrono::steady_clock::now();
    auto& written = m_lastSeenWritten[d.id];
    if (written == std::chrono::steady_clock::time_point{} || now - written >= kLastSeenResolution) {
        d.lastSeenAt = utcNow();
        m_db.prepare("UPDATE device SET last_seen_at = ?2 WHERE id = ?1").bindAll(d.id, d.lastSeenAt).run();
        written = now;
    }
    return d;
}

std::vector<Device> HubStore::devices() {
    std::lock_guard lock(m_mutex);
    auto stmt = m_db.prepare("SELECT id, board_id, name, created_at, last_seen_at, heartbeat, heartbeat_at, "
                             "lost_outbox FROM device ORDER BY name");
    std::vector<Device> out;
    while (stmt.step())
        out.push_back({stmt.text(0), stmt.text(1), stmt.text(2), stmt.text(3), stmt.text(4), stmt.text(5),
                       stmt.text(6), stmt.text(7)});
    return out;
}

std::optional<Device> HubStore::deviceByName(const std::string& name) {
    for (auto& d : devices())
        if (d.name == name) return d;
    return std::nullopt;
}

std::int64_t HubStore::seq(const std::string& boardId) {
    std::lock_guard lock(m_mutex);
    auto stmt = m_db.prepare("SELECT seq FROM board WHERE id = ?1");
    stmt.bindAll(boardId);
    return stmt.step() ? stmt.int64(0) : -1;
}

std::optional<SnapshotBody> HubStore::snapshot(const std::string& boardId) {
    std::lock_guard lock(m_mutex);
    auto header = m_db.prepare("SELECT header, seq FROM board WHERE id = ?1");
    header.bindAll(boardId);
    if (!header.step()) return std::nullopt;
    const std::int64_t seq = header.int64(1);
    if (m_cachedBoard == boardId && m_cachedSnapshot.seq == seq) return m_cachedSnapshot;
    // The stored bodies are JSON already: the document is put together as
    // text, without a DOM (at 100k agreements a DOM costs seconds and ~0.5 GB
    // that the allocator keeps afterwards, slowing every later request).
    const std::size_t expected = m_cachedSnapshot.body.size() + 4096;
    m_cachedSnapshot = {};
    m_cachedBoard.clear();
    std::string out;
    out.reserve(expected);
    out += R"({"format":)";
    out += jsonText(json(kSnapshotFormat));
    out += R"(,"seq":)" + std::to_string(seq);
    out += R"(,"generated_at":)" + jsonText(json(utcNow()));
    out += R"(,"board":)";
    out += header.text(0);
    auto rows = m_db.prepare("SELECT body FROM entity WHERE board_id = ?1 AND kind = ?2 ORDER BY position");
    for (const char* kind : kKinds) {
        out += ",\"";
        out += kind;
        out += "\":[";
        rows.bindAll(boardId, kind);
        bool first = true;
        while (rows.step()) {
            if (!first) out += ',';
            first = false;
            out += rows.text(0);
        }
        rows.reset();
        out += ']';
    }
    json decisions = json::array();
    auto decided = m_db.prepare("SELECT response FROM decision WHERE board_id = ?1 ORDER BY seq");
    decided.bindAll(boardId);
    while (decided.step())
        decisions.push_back(json::parse(decided.text(0))["decision"]);
    out += R"(,"decisions":)" + jsonText(decisions) + "}";
    m_cachedBoard = boardId;
    m_cachedSnapshot = {seq, std::move(out)};
    return m_cachedSnapshot;
}

DecideResult HubStore::decide(const Device& device, const std::string& key, const std::string& requestBody) {
    std::lock_guard lock(m_mutex);
    sql::Transaction tx(m_db);
    DecideResult result = decideLocked(device, key, requestBody);
    // Every answer from here is final for the kiosk (it stops sending this key): counted
    // for the lost-outbox check. A failure above rolls back and becomes a 500 (retried).
    noteAnswer(device, key);
    tx.commit();
    return result;
}

DecideResult HubStore::decideLocked(const Device& device, const std::string& key, const std::string& requestBody) {
    auto parsed = parseDecisionRequest(requestBody);
    if (!parsed) return {400, errorBody("invalid_request", parsed.error().describe())};
    const DecisionRequest request = std::move(parsed).value();
    const std::string canonical = encodeDecisionRequest(request);
    {
        auto previous = m_db.prepare(
            "SELECT request, response FROM decision WHERE device_id = ?1 AND idempotency_key = ?2");
        previous.bindAll(device.id, key);
        if (previous.step()) {
            if (previous.text(0) == canonical) return {200, previous.text(1)};
            return {422, errorBody("idempotency_key_reused",
                                   "this Idempotency-Key was used before with a different request body")};
        }
    }
    auto found =
        m_db.prepare("SELECT body FROM entity WHERE board_id = ?1 AND kind = 'escalations' AND id = ?2");
    found.bindAll(device.boardId, request.escalationId);
    if (!found.step())
        return {404, errorBody("unknown_escalation", "no escalation \"" + request.escalationId + "\"")};
    json escalation = json::parse(found.text(0));
    std::string status = escalation["status"].get<std::string>();
    {
        // The decision table is the truth: the escalation's status can come
        // from an import that did not know about a decision.
        auto last = m_db.prepare("SELECT request FROM decision WHERE board_id = ?1 AND escalation_id = ?2 "
                                 "ORDER BY seq DESC LIMIT 1");
        last.bindAll(device.boardId, request.escalationId);
        if (last.step()) {
            auto earlier = parseDecisionRequest(last.text(0));
            if (earlier && earlier.value().outcome != Outcome::Aangehouden) status = "besloten";
        }
    }
    if (status != "open" && status != "aangehouden") {
        json body = json::parse(errorBody("already_decided", "escalation is " + status));
        body["escalation"] = escalation;
        return {409, jsonText(body)};
    }
    if (request.outcome == Outcome::Option) {
        bool known = false;
        for (const auto& o : escalation["options"])
            known = known || o["id"] == *request.optionId;
        if (!known)
            return {400,
                    errorBody("invalid_request", "at /option_id: not an option of " + request.escalationId)};
    }
    if (request.meetingId) {
        auto meeting =
            m_db.prepare("SELECT 1 FROM entity WHERE board_id = ?1 AND kind = 'meetings' AND id = ?2");
        meeting.bindAll(device.boardId, *request.meetingId);
        if (!meeting.step()) return {400, errorBody("invalid_request", "at /meeting_id: unknown meeting")};
    }

    const std::int64_t seq = bumpSeq(device.boardId);
    Decision decision;
    decision.id = "dec-" + makeUuidV4().substr(24, 12);
    decision.request = request;
    decision.deviceId = device.id;
    decision.receivedAt = utcNow();
    decision.idempotencyKey = key;
    const std::string response = encodeDecisionResponse(decision);
    m_db.prepare("INSERT INTO decision(id, board_id, escalation_id, device_id, idempotency_key, request, "
                 "response, "
                 "received_at, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bindAll(decision.id, device.boardId, request.escalationId, device.id, key, canonical, response,
                 decision.receivedAt, seq)
        .run();
    applyDecisionTo(escalation, request, decision.receivedAt);
    m_db.prepare(
            "UPDATE entity SET body = ?3, seq = ?4 WHERE board_id = ?1 AND kind = 'escalations' AND id = ?2")
        .bindAll(device.boardId, request.escalationId, jsonText(escalation), seq)
        .run();
    return {201, response};
}

} // namespace regiebord::hub
