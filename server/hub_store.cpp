#include "hub_store.hpp"

#include "clock.hpp"
#include "compress.hpp"
#include "dates.hpp"
#include "hub_schema.hpp"
#include "json_text.hpp"
#include "kinds.hpp"
#include "meetings.hpp"
#include "protocol.hpp"
#include "text.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <map>
#include <set>
#include <stdexcept>

namespace regiebord::hub {

using nlohmann::json;

namespace {

/// Calls fn(kind name, objects as JSON) for each kind of board object (kinds.hpp), in
/// document order, each object as a board document holds it: escalations from the
/// prepared list, which carries the hub's decisions. (Decisions live in their own table.)
template <typename Fn> void forEachObjectList(const BoardData& b, const json& escalations, Fn&& fn) {
    forEachKind([&](const auto& kind) {
        using Object = typename std::decay_t<decltype(kind)>::Object;
        if constexpr (std::is_same_v<Object, Escalation>) {
            fn(kind.name, [&](const auto& each) {
                for (const auto& item : escalations)
                    each(item);
            });
        } else {
            fn(kind.name, [&](const auto& each) {
                for (const auto& item : b.*kind.list)
                    each(toJson(item));
            });
        }
    });
}

// What a decision does to its escalation: the status it leaves and one history line.
// Doorverwezen moves it one step up the ladder (ambtelijk → stuurgroep → bestuurlijk →
// geschillen) and leaves it open there; applied again (an import), it finds the history
// line and changes nothing.
void applyDecisionTo(json& escalation, const DecisionRequest& request, const std::string& receivedAt) {
    std::string label(toWire(request.outcome));
    if (request.outcome == Outcome::Option)
        for (const auto& o : escalation["options"])
            if (o["id"] == *request.optionId) label = o["label"].get<std::string>();
    std::string text = "Besluit: " + label + " (" + request.decidedBy + ")";
    if (request.outcome == Outcome::Doorverwezen) {
        const auto level = fromWire<EscalationLevel>(escalation["level"].get<std::string>());
        const auto next = level ? nextLevel(*level) : std::nullopt;
        if (!next) return; // refused when decided (decideIn); nothing to apply
        text = "Doorverwezen naar " + std::string(toWire(*next)) + " (" + request.decidedBy + ")";
        for (const auto& existing : escalation["history"])
            if (existing.value("at", "") == receivedAt && existing.value("text", "") == text) return;
        escalation["level"] = toWire(*next);
    }
    escalation["status"] = closesSubject(request) ? "besloten" : "open";
    if (request.outcome == Outcome::Aangehouden) escalation["status"] = "aangehouden";
    const json line{{"at", receivedAt}, {"text", text}};
    json& history = escalation["history"];
    if (!history.is_array()) history = json::array();
    for (const auto& existing : history)
        if (existing == line) return;
    history.push_back(line);
}

/// Decisions taken on the hub outlive an import: an imported escalation gets them re-applied
/// (the source file does not know about them; `escalations` is the import's, as JSON), the
/// actions they added stay (in `amended`, when the import left them out), and an import that
/// drops a decided escalation, or the meeting of a decided agenda item, is refused
/// (ImportRefused): the decision would then refer to nothing. Returns the board to store:
/// `imported` or `amended`.
const BoardData* withDecisions(SqlConnection& c, const BoardData& imported, json& escalationsJson,
                               BoardData& amended) {
    const std::string& boardId = imported.board.id;
    const BoardData* source = &imported;
    std::map<std::string, json*> escalations;
    for (auto& item : escalationsJson)
        escalations.emplace(item["id"].get<std::string>(), &item);
    std::set<std::string> actions;
    for (const auto& a : imported.actions)
        actions.insert(a.id);
    auto decided = c.query("SELECT subject, request, received_at, response FROM decision WHERE "
                           "board_id = ?1 ORDER BY seq",
                           {boardId});
    std::vector<std::string> orphaned;
    while (decided->next()) {
        auto request = parseDecisionRequest(decided->text(1));
        if (!request) throw std::runtime_error("stored decision unreadable: " + request.error().describe());
        const bool onAgendaItem = request.value().agendaItem.has_value();
        const bool present = onAgendaItem ? imported.findMeeting(*request.value().meetingId) != nullptr
                                          : escalations.count(decided->text(0)) != 0;
        if (!present) {
            if (orphaned.empty() || orphaned.back() != decided->text(0)) orphaned.push_back(decided->text(0));
            continue;
        }
        if (!onAgendaItem) applyDecisionTo(*escalations[decided->text(0)], request.value(), decided->text(2));
        if (request.value().action) {
            auto decision = parseDecisionResponse(decided->text(3));
            if (!decision)
                throw std::runtime_error("stored decision unreadable: " + decision.error().describe());
            if (actions.insert(actionIdOf(decision.value())).second) {
                if (source == &imported) {
                    amended = imported;
                    source = &amended;
                }
                amended.actions.push_back(actionFrom(decision.value()));
            }
        }
    }
    // The current agenda item is set on the hub from a kiosk, not in the file: an import keeps
    // it while its meeting and item remain (unless the file sets one itself).
    auto meetings =
        c.query("SELECT id, body FROM entity WHERE board_id = ?1 AND kind = 'meetings'", {boardId});
    while (meetings->next()) {
        const json stored = json::parse(meetings->text(1));
        const auto current = stored.find("current_item");
        if (current == stored.end() || !current->is_object()) continue;
        const int order = current->at("order").get<int>();
        for (std::size_t i = 0; i < source->meetings.size(); ++i) {
            const Meeting& m = source->meetings[i];
            if (m.id != meetings->text(0) || m.current) continue;
            if (std::none_of(m.agenda.begin(), m.agenda.end(),
                             [&](const AgendaItem& a) { return a.order == order; }))
                continue;
            if (source == &imported) {
                amended = imported;
                source = &amended;
            }
            amended.meetings.mutableAt(i).current = CurrentItem{
                order, current->at("set_by").get<std::string>(), current->at("set_at").get<std::string>()};
        }
    }
    if (!orphaned.empty()) {
        std::string ids;
        for (const auto& id : orphaned)
            ids += (ids.empty() ? "" : ", ") + id;
        throw ImportRefused(
            "the hub holds decisions on escalations or agenda items this file leaves out (" + ids +
            "); keep them in the file (escalations with status besloten, the meetings of decided "
            "agenda "
            "items) so the decision list stays whole");
    }
    return source;
}

/// What the hub answers for a changes cursor it can no longer serve, and the like.
constexpr std::size_t kCachedChanges = 16;

Device deviceFrom(const SqlRows& r) {
    return {r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
            r.text(5), r.text(6), r.text(7), r.text(8)};
}

constexpr const char* kDeviceColumns = "SELECT id, board_id, name, created_at, last_seen_at, heartbeat, "
                                       "heartbeat_at, lost_outbox, revoked_at FROM device";
/// Devices that are listed and can be named: not removed.
constexpr const char* kListed = " WHERE removed_at = ''";

} // namespace

std::string sha256Hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return toHex(digest.data(), length);
}

std::string hashToken(const std::string& token) {
    return sha256Hex(token);
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

const std::string& SharedBody::gzipped() const {
    std::call_once(m_gzipOnce, [this] { m_gzip = gzip(m_text); });
    return m_gzip;
}

// --- ConnectionPool ---------------------------------------------------------------

ConnectionPool::ConnectionPool(std::string location, std::size_t size)
    : m_location(std::move(location)), m_postgres(isPostgresUrl(m_location)),
      m_size(std::max<std::size_t>(size, 1)) {
    // The first connection opens (and so checks) the database now, not at the first request.
    if (m_postgres)
        m_idle.push_back(open());
    else
        m_writer = open();
    m_open = m_idle.size();
}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<SqlConnection> ConnectionPool::open() const {
    return m_postgres ? openPostgres(m_location) : openSqlite(m_location);
}

void ConnectionPool::read(const std::function<void(SqlConnection&)>& fn) {
    std::unique_ptr<SqlConnection> c;
    {
        std::unique_lock lock(m_mutex);
        m_free.wait(lock, [this] { return !m_idle.empty() || m_open < m_size; });
        if (!m_idle.empty()) {
            c = std::move(m_idle.back());
            m_idle.pop_back();
        } else {
            ++m_open; // opened outside the lock
        }
    }
    if (!c) {
        try {
            c = open();
        } catch (...) {
            std::lock_guard lock(m_mutex);
            --m_open;
            m_free.notify_one();
            throw;
        }
    }
    // A connection that failed mid-use may be in any state: closed, not pooled again.
    bool healthy = false;
    try {
        fn(*c);
        healthy = true;
    } catch (...) {
        std::lock_guard lock(m_mutex);
        --m_open;
        m_free.notify_one();
        throw;
    }
    std::lock_guard lock(m_mutex);
    if (healthy) m_idle.push_back(std::move(c));
    m_free.notify_one();
}

void ConnectionPool::write(const std::function<void(SqlConnection&)>& fn) {
    if (m_postgres) return read(fn); // the database orders the writers (row locks)
    std::lock_guard lock(m_writerMutex);
    if (!m_writer) m_writer = open();
    try {
        fn(*m_writer);
    } catch (...) {
        m_writer.reset(); // reopened by the next write
        throw;
    }
}

// --- HubStore -----------------------------------------------------------------------

HubStore::HubStore(const std::string& location, std::size_t connections) : m_pool(location, connections) {
    m_pool.write([](SqlConnection& c) { migrateSchema(c); });
}

HubStore::~HubStore() {
    try {
        flushLastSeen();
    } catch (const std::exception&) { // a store that cannot be written at the end: last-seen times only
    }
}

void HubStore::ping() {
    m_pool.read([](SqlConnection& c) { c.scalar("SELECT 1"); });
}

std::string HubStore::quickCheck() {
    std::string result;
    m_pool.read([&](SqlConnection& c) { result = c.check(); });
    return result;
}

std::int64_t HubStore::importBoard(const BoardData& imported, ImportRecord* record) {
    const std::string& boardId = imported.board.id;
    const std::string header = jsonText(boardHeaderJson(imported.board));
    // Objects become JSON one at a time below; only the escalations, which
    // decisions change, are held as JSON (a whole 100k-agreement board as one
    // JSON tree took ~500 MB).
    json escalationsJson = json::array();
    for (const auto& e : imported.escalations)
        escalationsJson.push_back(toJson(e));
    BoardData amended; // the import plus the actions decisions added, when it left them out
    const BoardData* source = &imported;
    std::int64_t seq = 0;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        c.run("INSERT INTO board(id, header, seq) VALUES (?1, ?2, 0) ON CONFLICT(id) DO NOTHING",
              {boardId, header});
        c.lock("board", boardId);
        // Decisions taken on the hub outlive an import (withDecisions).
        source = withDecisions(c, imported, escalationsJson, amended);
        bool changed = c.scalarText("SELECT header FROM board WHERE id = ?1", {boardId}) != header;
        c.run("UPDATE board SET header = ?2 WHERE id = ?1", {boardId, header});
        // The sequence this import will carry, if it changes anything.
        seq = c.scalar("SELECT seq FROM board WHERE id = ?1", {boardId}).value_or(0) + 1;
        // Only objects whose JSON differs get the new sequence; removed objects
        // leave a tombstone, so kiosks can ask for the changes since their cursor.
        auto select = c.prepare("SELECT id, body, position FROM entity WHERE board_id = ?1 AND kind = ?2");
        auto upsert = c.prepare(
            "INSERT INTO entity(board_id, kind, id, position, body, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT(board_id, kind, id) DO UPDATE SET position = excluded.position, body = "
            "excluded.body, "
            "seq = excluded.seq");
        auto move =
            c.prepare("UPDATE entity SET position = ?4 WHERE board_id = ?1 AND kind = ?2 AND id = ?3");
        auto unbury = c.prepare("DELETE FROM tombstone WHERE board_id = ?1 AND kind = ?2 AND id = ?3");
        auto remove = c.prepare("DELETE FROM entity WHERE board_id = ?1 AND kind = ?2 AND id = ?3");
        auto bury = c.prepare("INSERT INTO tombstone(board_id, kind, id, seq) VALUES (?1, ?2, ?3, ?4) "
                              "ON CONFLICT(board_id, kind, id) DO UPDATE SET seq = excluded.seq");
        forEachObjectList(*source, escalationsJson, [&](std::string_view kindName, auto&& forEachItem) {
            const std::string kind(kindName);
            std::map<std::string, std::pair<std::string, std::int64_t>> old; // id -> (body, position)
            {
                auto rows = select->query({boardId, kind});
                while (rows->next())
                    old.emplace(rows->text(0), std::make_pair(rows->text(1), rows->int64(2)));
            }
            std::int64_t position = 0;
            forEachItem([&](const json& item) {
                const std::string id = objectRowId(item, static_cast<std::size_t>(position));
                const std::string body = jsonText(item);
                const auto it = old.find(id);
                if (it != old.end() && it->second.first == body) {
                    // Unchanged: write nothing unless it moved (an import of 100k
                    // objects that changes ten must not rewrite the table).
                    if (it->second.second != position) move->run({boardId, kind, id, position});
                } else {
                    upsert->run({boardId, kind, id, position, body, seq});
                    unbury->run({boardId, kind, id});
                    changed = true;
                }
                if (it != old.end()) old.erase(it);
                ++position;
            });
            for (const auto& [id, body] : old) {
                remove->run({boardId, kind, id});
                bury->run({boardId, kind, id, seq});
                changed = true;
            }
        });
        if (changed)
            c.run("UPDATE board SET seq = ?2 WHERE id = ?1", {boardId, seq});
        else
            seq -= 1;
        if (record) {
            record->seq = seq;
            insertImportRecord(c, *record);
        }
        tx.commit();
    });
    return seq;
}

ImportPreview HubStore::previewImport(const BoardData& imported) {
    ImportPreview preview{{}, json::array()};
    for (const auto& e : imported.escalations)
        preview.escalations.push_back(toJson(e));
    BoardData amended;
    const BoardData* source = &imported;
    m_pool.read([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Read);
        source = withDecisions(c, imported, preview.escalations, amended);
    });
    preview.board = source == &amended ? std::move(amended) : imported;
    return preview;
}

std::shared_ptr<const SharedBody> HubStore::snapshot(const std::string& boardId) {
    const std::int64_t current = seq(boardId);
    if (current < 0) return nullptr;
    auto cached = [&]() -> std::shared_ptr<const SharedBody> {
        std::lock_guard lock(m_cacheMutex);
        const auto it = m_snapshots.find(boardId);
        return it != m_snapshots.end() && it->second->seq() >= current ? it->second : nullptr;
    };
    if (auto hit = cached()) return hit;
    // One build at a time: a burst of requests after a change waits for the first one's
    // result instead of building the same document each.
    std::lock_guard build(m_buildMutex);
    if (auto hit = cached()) return hit;
    std::shared_ptr<const SharedBody> built;
    m_pool.read([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Read);
        auto header = c.query("SELECT header, seq FROM board WHERE id = ?1", {boardId});
        if (!header->next()) return;
        built = snapshotIn(c, boardId, header->int64(1), header->text(0));
        tx.commit();
    });
    if (!built) return nullptr;
    std::lock_guard lock(m_cacheMutex);
    auto& slot = m_snapshots[boardId];
    if (!slot || slot->seq() < built->seq()) slot = built;
    return built;
}

std::shared_ptr<const SharedBody> HubStore::snapshotIn(SqlConnection& c, const std::string& boardId,
                                                       std::int64_t seq, const std::string& header) {
    // The stored bodies are JSON already: the document is put together as text,
    // without a DOM (at 100k agreements a DOM costs seconds and ~0.5 GB that the
    // allocator keeps afterwards, slowing every later request).
    std::string text;
    {
        std::lock_guard lock(m_cacheMutex);
        if (const auto it = m_snapshots.find(boardId); it != m_snapshots.end())
            text.reserve(it->second->text().size() + 4096);
    }
    text += R"({"format":)";
    text += jsonText(json(kSnapshotFormat));
    text += R"(,"seq":)" + std::to_string(seq);
    text += R"(,"generated_at":)" + jsonText(json(utcNow()));
    text += R"(,"board":)";
    text += header;
    auto rows = c.prepare("SELECT body FROM entity WHERE board_id = ?1 AND kind = ?2 ORDER BY position");
    forEachKind([&](const auto& kind) {
        text += ",\"";
        text += kind.name;
        text += "\":[";
        auto r = rows->query({boardId, std::string(kind.name)});
        bool first = true;
        while (r->next()) {
            if (!first) text += ',';
            first = false;
            text += r->text(0);
        }
        text += ']';
    });
    json decisions = json::array();
    auto decided = c.query("SELECT response FROM decision WHERE board_id = ?1 ORDER BY seq", {boardId});
    while (decided->next())
        decisions.push_back(json::parse(decided->text(0))["decision"]);
    text += R"(,"decisions":)" + jsonText(decisions) + "}";
    return std::make_shared<const SharedBody>(seq, std::move(text));
}

ChangesResult HubStore::changes(const std::string& boardId, std::int64_t since) {
    const std::int64_t current = seq(boardId);
    if (current < 0) return {};
    {
        // After a change every kiosk of the board asks for the same cursor: built once.
        std::lock_guard lock(m_cacheMutex);
        for (auto it = m_changes.begin(); it != m_changes.end(); ++it) {
            if (it->board != boardId || it->since != since || it->seq != current) continue;
            m_changes.splice(m_changes.begin(), m_changes, it);
            return {ChangesResult::Kind::Changes, it->body};
        }
    }
    ChangesResult result;
    m_pool.read([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Read);
        result = changesIn(c, boardId, since);
        tx.commit();
    });
    if (result.kind != ChangesResult::Kind::Changes) return result;
    std::lock_guard lock(m_cacheMutex);
    m_changes.push_front({boardId, since, result.body->seq(), result.body});
    if (m_changes.size() > kCachedChanges) m_changes.pop_back();
    return result;
}

ChangesResult HubStore::changesIn(SqlConnection& c, const std::string& boardId, std::int64_t since) {
    auto header = c.query("SELECT header, seq, floor FROM board WHERE id = ?1", {boardId});
    if (!header->next()) return {};
    const std::int64_t seq = header->int64(1);
    // Older than what the tombstones cover, or ahead of us (a restored hub): start over.
    if (since < header->int64(2) || since > seq) return {ChangesResult::Kind::Resync, nullptr};
    json doc;
    doc["format"] = kChangesFormat;
    doc["since"] = since;
    doc["seq"] = seq;
    doc["generated_at"] = utcNow();
    doc["board"] = json::parse(header->text(0));
    json& upserts = doc["upserts"] = json::object();
    forEachKind([&](const auto& kind) { upserts[std::string(kind.name)] = json::array(); });
    auto rows = c.query("SELECT kind, body FROM entity WHERE board_id = ?1 AND seq > ?2 ORDER BY seq",
                        {boardId, since});
    while (rows->next())
        upserts[rows->text(0)].push_back(json::parse(rows->text(1)));
    json& deletions = doc["deletions"] = json::array();
    auto graves = c.query("SELECT kind, id FROM tombstone WHERE board_id = ?1 AND seq > ?2 ORDER BY seq",
                          {boardId, since});
    while (graves->next())
        deletions.push_back({{"kind", graves->text(0)}, {"id", graves->text(1)}});
    json& decisions = doc["decisions"] = json::array();
    auto decided = c.query("SELECT response FROM decision WHERE board_id = ?1 AND seq > ?2 ORDER BY seq",
                           {boardId, since});
    while (decided->next())
        decisions.push_back(json::parse(decided->text(0))["decision"]);
    return {ChangesResult::Kind::Changes, std::make_shared<const SharedBody>(seq, jsonText(doc))};
}

bool HubStore::compact(const std::string& boardId) {
    bool found = false;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        c.lock("board", boardId);
        found = c.run("UPDATE board SET floor = seq WHERE id = ?1", {boardId}) > 0;
        c.run("DELETE FROM tombstone WHERE board_id = ?1", {boardId});
        tx.commit();
    });
    return found;
}

std::int64_t HubStore::resyncAll() {
    std::int64_t boards = 0;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        // A million changes ahead: more than any board makes between a backup and its restore.
        boards = c.run("UPDATE board SET seq = seq + 1000000, floor = seq + 1000000");
        c.run("DELETE FROM tombstone");
        tx.commit();
    });
    std::lock_guard lock(m_cacheMutex);
    m_snapshots.clear();
    m_changes.clear();
    return boards;
}

bool HubStore::hasBoard(const std::string& boardId) {
    return seq(boardId) >= 0;
}

std::int64_t HubStore::seq(const std::string& boardId) {
    std::int64_t value = -1;
    m_pool.read([&](SqlConnection& c) {
        value = c.scalar("SELECT seq FROM board WHERE id = ?1", {boardId}).value_or(-1);
    });
    return value;
}

std::string HubStore::addDevice(const std::string& boardId, const std::string& name,
                                const std::string& token) {
    const std::string id = "dev-" + makeUuidV4().substr(0, 8);
    m_pool.write([&](SqlConnection& c) {
        c.run("INSERT INTO device(id, board_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
              {id, boardId, name, hashToken(token), utcNow()});
    });
    return id;
}

std::optional<Device> HubStore::authenticate(const std::string& token) {
    std::optional<Device> device;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query(std::string(kDeviceColumns) + " WHERE token_hash = ?1", {hashToken(token)});
        if (rows->next()) device = deviceFrom(*rows);
    });
    if (!device) return device;
    // Last-seen is minute-grained news: noted here, written by flushLastSeen() (a poll never
    // waits for a disk flush), at most once per kLastSeenResolution per device.
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_seenMutex);
    auto& written = m_seenWritten[device->id];
    if (written == std::chrono::steady_clock::time_point{} || now - written >= kLastSeenResolution) {
        written = now;
        device->lastSeenAt = utcNow();
        m_seenPending[device->id] = device->lastSeenAt;
    }
    return device;
}

void HubStore::flushLastSeen() {
    std::unordered_map<std::string, std::string> pending;
    {
        std::lock_guard lock(m_seenMutex);
        pending.swap(m_seenPending);
    }
    if (pending.empty()) return;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        auto update = c.prepare("UPDATE device SET last_seen_at = ?2 WHERE id = ?1");
        for (const auto& [id, at] : pending)
            update->run({id, at});
        tx.commit();
    });
}

std::vector<Device> HubStore::devices() {
    flushLastSeen();
    std::vector<Device> out;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query(std::string(kDeviceColumns) + kListed + " ORDER BY name");
        while (rows->next())
            out.push_back(deviceFrom(*rows));
    });
    return out;
}

std::optional<Device> HubStore::deviceByName(const std::string& name) {
    std::optional<Device> device;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query(std::string(kDeviceColumns) + kListed + " AND name = ?1", {name});
        if (rows->next()) device = deviceFrom(*rows);
    });
    return device;
}

DeviceChange HubStore::revokeDevice(const std::string& name) {
    std::int64_t changed = 0;
    m_pool.write([&](SqlConnection& c) {
        changed =
            c.scalar("UPDATE device SET revoked_at = CASE WHEN revoked_at = '' THEN ?2 ELSE revoked_at END"
                     " WHERE removed_at = '' AND name = ?1 RETURNING 1",
                     {name, utcNow()})
                .value_or(0);
    });
    return changed > 0 ? DeviceChange::Done : DeviceChange::NoSuchDevice;
}

DeviceChange HubStore::renameDevice(const std::string& name, const std::string& newName) {
    DeviceChange result = DeviceChange::Done;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        if (!c.scalar("SELECT count(*) FROM device WHERE removed_at = '' AND name = ?1", {name})
                 .value_or(0)) {
            result = DeviceChange::NoSuchDevice;
            return;
        }
        if (name == newName) return;
        if (c.scalar("SELECT count(*) FROM device WHERE name = ?1", {newName}).value_or(0)) {
            result = DeviceChange::NameTaken;
            return;
        }
        c.run("UPDATE device SET name = ?2 WHERE removed_at = '' AND name = ?1", {name, newName});
        tx.commit();
    });
    return result;
}

DeviceChange HubStore::removeDevice(const std::string& name) {
    DeviceChange result = DeviceChange::Done;
    std::string id;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        const auto found = c.scalarText("SELECT id FROM device WHERE removed_at = '' AND name = ?1", {name});
        if (!found) {
            result = DeviceChange::NoSuchDevice;
            return;
        }
        id = *found;
        c.run("DELETE FROM decision_answer WHERE device_id = ?1", {id});
        if (c.scalar("SELECT count(*) FROM decision WHERE device_id = ?1", {id}).value_or(0) == 0) {
            c.run("DELETE FROM device WHERE id = ?1", {id});
        } else {
            // The decisions it recorded name it: it stays as their record, unable to connect,
            // with its name and token free for a new device.
            const std::string now = utcNow();
            c.run("UPDATE device SET removed_at = ?2, revoked_at = CASE WHEN revoked_at = '' THEN ?2 ELSE "
                  "revoked_at END, token_hash = ?3, name = ?4, heartbeat = '' WHERE id = ?1",
                  {id, now, "removed:" + id, name + " (removed " + id + ")"});
            result = DeviceChange::Kept;
        }
        tx.commit();
    });
    if (!id.empty()) {
        std::lock_guard lock(m_seenMutex);
        m_seenWritten.erase(id);
        m_seenPending.erase(id);
    }
    return result;
}

DecideResult HubStore::heartbeat(const Device& device, const std::string& body) {
    auto parsed = parseHeartbeat(body);
    if (!parsed) return {400, errorBody("invalid_request", parsed.error().describe())};
    const Heartbeat& h = parsed.value();
    const std::string stored = encodeHeartbeat(h);
    DecideResult result{204, ""};
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        c.lock("device", device.id);
        auto row = c.query("SELECT outbox_depth, heartbeat_epoch, lost_outbox FROM device WHERE id = ?1",
                           {device.id});
        if (!row->next()) {
            result = {404, errorBody("unknown_device", device.id)};
            return;
        }
        const std::int64_t previousDepth = row->int64(0);
        const std::int64_t epoch = row->int64(1);
        std::string lost = row->text(2);
        const std::int64_t answered =
            c.scalar("SELECT count(*) FROM decision_answer WHERE device_id = ?1 AND epoch = ?2",
                     {device.id, epoch})
                .value_or(0);
        // Decisions leave a kiosk's outbox only with an answer from the hub: a depth that falls
        // by more than the answers in between means decisions were lost on the device.
        const std::int64_t missing = previousDepth - answered - h.outboxDepth;
        const std::string now = utcNow();
        if (missing > 0)
            lost = now + ": outbox depth fell from " + std::to_string(previousDepth) + " to " +
                   std::to_string(h.outboxDepth) + " with " + std::to_string(answered) +
                   " decision(s) answered: " + std::to_string(missing) + " decision(s) lost on the device";
        if (h.outboxDamage)
            lost =
                h.outboxDamage->foundAt + ": damaged outbox set aside in " + h.outboxDamage->movedTo + " (" +
                (h.outboxDamage->unread ? std::to_string(*h.outboxDamage->unread) : std::string("unknown")) +
                " undelivered decision(s)); salvage with regiebord --salvage-outbox";
        else if (lost.find("damaged outbox") != std::string::npos)
            lost.clear(); // salvaged on the device: it no longer reports the damage
        // A heartbeat is a write anyway: it carries the last-seen time too.
        c.run("UPDATE device SET heartbeat = ?2, heartbeat_at = ?3, outbox_depth = ?4, heartbeat_epoch = ?5, "
              "lost_outbox = ?6, last_seen_at = ?3 WHERE id = ?1",
              {device.id, stored, now, h.outboxDepth, epoch + 1, lost});
        c.run("DELETE FROM decision_answer WHERE device_id = ?1 AND epoch <= ?2", {device.id, epoch});
        tx.commit();
    });
    return result;
}

DecideResult HubStore::decide(const Device& device, const std::string& key, const std::string& requestBody) {
    DecideResult result;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        // Writers of a board take turns: the second of two devices deciding one escalation
        // through two hub instances sees the first decision (409), and sequence numbers are
        // committed in order.
        c.lock("board", device.boardId);
        result = decideIn(c, device, key, requestBody);
        // Every answer from here is final for the kiosk (it stops sending this key): counted
        // for the lost-outbox check. A failure above rolls back and becomes a 500 (retried).
        c.run("INSERT INTO decision_answer(device_id, idempotency_key, epoch) "
              "SELECT id, ?2, heartbeat_epoch FROM device WHERE id = ?1 "
              "ON CONFLICT(device_id, idempotency_key) DO UPDATE SET epoch = excluded.epoch",
              {device.id, key});
        tx.commit();
    });
    return result;
}

DecideResult HubStore::setCurrentItem(const Device& device, const std::string& meetingId,
                                      const std::string& requestBody) {
    auto parsed = parseCurrentItemRequest(requestBody);
    if (!parsed) return {400, errorBody("invalid_request", parsed.error().describe())};
    const std::optional<int> order = parsed.value().order;
    DecideResult result;
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        c.lock("board", device.boardId); // writers of a board take turns (see decide)
        const auto body =
            c.scalarText("SELECT body FROM entity WHERE board_id = ?1 AND kind = 'meetings' AND id = ?2",
                         {device.boardId, meetingId});
        if (!body) {
            result = {404, errorBody("not_found", "no meeting \"" + meetingId + "\" on this board")};
            return;
        }
        nlohmann::json meeting = nlohmann::json::parse(*body);
        if (order) {
            const auto& agenda = meeting.at("agenda");
            if (std::none_of(agenda.begin(), agenda.end(),
                             [&](const nlohmann::json& item) { return item.at("order") == *order; })) {
                result = {422, errorBody("no_such_item",
                                         "the meeting's agenda has no item " + std::to_string(*order))};
                return;
            }
        }
        const auto it = meeting.find("current_item");
        const bool same = order ? it != meeting.end() && it->is_object() && it->at("order") == *order
                                : it == meeting.end() || it->is_null();
        std::int64_t seq = c.scalar("SELECT seq FROM board WHERE id = ?1", {device.boardId}).value_or(0);
        if (!same) {
            if (order)
                meeting["current_item"] = {{"order", *order}, {"set_by", device.name}, {"set_at", utcNow()}};
            else
                meeting.erase("current_item");
            seq = c.scalar("UPDATE board SET seq = seq + 1 WHERE id = ?1 RETURNING seq", {device.boardId})
                      .value_or(0);
            c.run(
                "UPDATE entity SET body = ?3, seq = ?4 WHERE board_id = ?1 AND kind = 'meetings' AND id = ?2",
                {device.boardId, meetingId, jsonText(meeting), seq});
        }
        const auto current = meeting.find("current_item");
        result = {200, jsonText(nlohmann::json{
                           {"meeting", meetingId},
                           {"current_item", current == meeting.end() ? nlohmann::json(nullptr) : *current},
                           {"seq", seq}})};
        tx.commit();
    });
    return result;
}

DecideResult HubStore::decideIn(SqlConnection& c, const Device& device, const std::string& key,
                                const std::string& requestBody) {
    auto parsed = parseDecisionRequest(requestBody);
    if (!parsed) return {400, errorBody("invalid_request", parsed.error().describe())};
    DecisionRequest request = std::move(parsed).value();
    const std::string canonical = encodeDecisionRequest(request);
    {
        auto previous =
            c.query("SELECT request, response FROM decision WHERE device_id = ?1 AND idempotency_key = ?2",
                    {device.id, key});
        if (previous->next()) {
            if (previous->text(0) == canonical) return {200, previous->text(1)};
            return {422, errorBody("idempotency_key_reused",
                                   "this Idempotency-Key was used before with a different request body")};
        }
    }
    const std::string subject = subjectOf(request);
    auto entity = [&](const char* kind, const std::string& id) {
        return c.scalarText("SELECT body FROM entity WHERE board_id = ?1 AND kind = ?2 AND id = ?3",
                            {device.boardId, kind, id});
    };
    // The decision table is the truth: the subject's status can come from an import
    // that did not know about a decision.
    bool closed = false;
    if (const auto last = c.scalarText("SELECT request FROM decision WHERE board_id = ?1 AND subject = ?2 "
                                       "ORDER BY seq DESC LIMIT 1",
                                       {device.boardId, subject})) {
        auto earlier = parseDecisionRequest(*last);
        closed = earlier && closesSubject(earlier.value());
    }
    json escalation;
    if (!request.agendaItem) {
        const auto found = entity("escalations", request.escalationId);
        if (!found)
            return {404, errorBody("unknown_escalation", "no escalation \"" + request.escalationId + "\"")};
        escalation = json::parse(*found);
        const std::string status = closed ? "besloten" : escalation["status"].get<std::string>();
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
                return {400, errorBody("invalid_request",
                                       "at /option_id: not an option of " + request.escalationId)};
        }
        if (request.outcome == Outcome::Doorverwezen && escalation["level"] == "geschillen")
            return {400,
                    errorBody("invalid_request", "at /outcome: the escalation is at geschillen, the top of "
                                                 "the ladder; it cannot be referred further")};
    } else {
        const auto meeting = entity("meetings", *request.meetingId);
        if (!meeting) return {404, errorBody("unknown_meeting", "no meeting \"" + *request.meetingId + "\"")};
        bool known = false;
        // Parsed into a named value: the range-for over a member of a temporary would read
        // the agenda after the temporary is gone (its lifetime ends before the loop, C++20).
        const json meetingJson = json::parse(*meeting);
        for (const auto& item : meetingJson["agenda"])
            known = known || item["order"] == *request.agendaItem;
        if (!known)
            return {404,
                    errorBody("unknown_agenda_item", "no agenda item " + std::to_string(*request.agendaItem) +
                                                         " in meeting " + *request.meetingId)};
        if (closed) return {409, errorBody("already_decided", "agenda item " + subject + " is decided")};
    }
    if (request.meetingId && !entity("meetings", *request.meetingId))
        return {400, errorBody("invalid_request", "at /meeting_id: unknown meeting")};
    if (request.action && !entity("parties", request.action->owner))
        return {400, errorBody("invalid_request",
                               "at /action/owner: unknown party \"" + request.action->owner + "\"")};
    // A decision taken during a meeting belongs to it, whatever it concerns: the meeting in
    // session when it was taken, when the kiosk did not name one.
    if (!request.meetingId) {
        const auto at = parseTimestamp(request.decidedAt);
        auto rows = c.query("SELECT id, body FROM entity WHERE board_id = ?1 AND kind = 'meetings'",
                            {device.boardId});
        std::string bestStart;
        while (at && rows->next()) {
            const std::string startsAt = json::parse(rows->text(1)).value("starts_at", "");
            if (inSession(startsAt, *at) &&
                (bestStart.empty() || parseTimestamp(startsAt) > parseTimestamp(bestStart))) {
                request.meetingId = rows->text(0);
                bestStart = startsAt;
            }
        }
    }

    const std::int64_t seq =
        c.scalar("UPDATE board SET seq = seq + 1 WHERE id = ?1 RETURNING seq", {device.boardId}).value_or(0);
    Decision decision;
    decision.id = "dec-" + makeUuidV4().substr(24, 12);
    decision.request = request;
    decision.deviceId = device.id;
    decision.receivedAt = utcNow();
    decision.idempotencyKey = key;
    const std::string response = encodeDecisionResponse(decision);
    // `request` keeps the body as received (a retry must match it); the response holds the
    // decision as filed, with its meeting.
    c.run("INSERT INTO decision(id, board_id, subject, device_id, idempotency_key, request, response, "
          "received_at, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
          {decision.id, device.boardId, subject, device.id, key, canonical, response, decision.receivedAt,
           seq});
    if (!request.agendaItem) {
        applyDecisionTo(escalation, request, decision.receivedAt);
        c.run(
            "UPDATE entity SET body = ?3, seq = ?4 WHERE board_id = ?1 AND kind = 'escalations' AND id = ?2",
            {device.boardId, request.escalationId, jsonText(escalation), seq});
    }
    if (request.action) {
        const Action action = actionFrom(decision);
        c.run("INSERT INTO entity(board_id, kind, id, position, body, seq) SELECT ?1, 'actions', ?2, "
              "coalesce(max(position) + 1, 0), ?3, ?4 FROM entity WHERE board_id = ?1 AND kind = 'actions'",
              {device.boardId, action.id, jsonText(toJson(action)), seq});
        c.run("DELETE FROM tombstone WHERE board_id = ?1 AND kind = 'actions' AND id = ?2",
              {device.boardId, action.id});
    }
    return {201, response};
}

} // namespace regiebord::hub
