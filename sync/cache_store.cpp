#include "cache_store.hpp"

#include "json_text.hpp"
#include "kinds.hpp"
#include "protocol.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <string_view>

namespace regiebord {

namespace {

const std::vector<sql::Migration>& migrations() {
    static const std::vector<sql::Migration> list{
        {1, "board header and one row per object, as validated JSON",
         R"sql(
            CREATE TABLE board (
                id TEXT PRIMARY KEY,
                header TEXT NOT NULL,
                seq INTEGER NOT NULL,
                generated_at TEXT NOT NULL,
                etag TEXT NOT NULL,
                synced_at TEXT NOT NULL
            );
            CREATE TABLE entity (
                board_id TEXT NOT NULL REFERENCES board(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                position INTEGER NOT NULL,
                id TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (board_id, kind, id)
            );
            CREATE INDEX entity_order ON entity(board_id, kind, position);
        )sql"},
    };
    return list;
}

void configure(sql::Database& db) {
    db.exec("PRAGMA journal_mode=WAL");
    // The cache is disposable: NORMAL may lose the last transaction on power
    // loss, never corrupt the file; the hub refills it.
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA foreign_keys=ON");
    migrate(db, migrations());
}

} // namespace

sql::Database CacheStore::open(const std::string& path, std::string& recovered) {
    try {
        sql::Database db(path);
        configure(db);
        if (db.quickCheck() == "ok") return db;
        recovered = "quick_check failed";
    } catch (const sql::Error& e) {
        recovered = e.what();
    }
    if (path == ":memory:") throw sql::Error("in-memory cache failed: " + recovered, 0);
    // Damaged or foreign file: keep it for inspection, start empty.
    std::error_code ec;
    std::filesystem::rename(path, path + ".damaged", ec);
    std::filesystem::remove(path + "-wal", ec);
    std::filesystem::remove(path + "-shm", ec);
    sql::Database db(path);
    configure(db);
    return db;
}

CacheStore::CacheStore(const std::string& path) : m_db(open(path, m_recovered)) {}

void CacheStore::save(const BoardData& board, const std::string& etag, const std::string& syncedAt) {
    writeBoard(board, etag, syncedAt);
    m_db.releaseMemory(); // a whole board went through the page cache
}

void CacheStore::writeBoard(const BoardData& board, const std::string& etag, const std::string& syncedAt) {
    sql::Transaction tx(m_db);
    m_db.prepare("DELETE FROM board WHERE id = ?1").bindAll(board.board.id).run();
    m_db.prepare("INSERT INTO board(id, header, seq, generated_at, etag, synced_at) VALUES (?1, ?2, ?3, ?4, "
                 "?5, ?6)")
        .bindAll(board.board.id, jsonText(boardHeaderJson(board.board)), board.seq, board.generatedAt, etag,
                 syncedAt)
        .run();
    auto insert =
        m_db.prepare("INSERT INTO entity(board_id, kind, position, id, body) VALUES (?1, ?2, ?3, ?4, ?5)");
    // Object by object: a board of 100k agreements never exists as one JSON DOM.
    auto rows = [&](std::string_view kind, const auto& list) {
        for (std::size_t position = 0; position < list.size(); ++position) {
            const nlohmann::json item = toJson(list[position]);
            insert.bindAll(board.board.id, kind, static_cast<std::int64_t>(position),
                           objectRowId(item, position), jsonText(item));
            insert.run();
        }
    };
    forEachKind([&](const auto& k) { rows(k.name, board.*k.list); });
    rows("decisions", board.decisions);
    tx.commit();
}

void CacheStore::applyDelta(const BoardDelta& delta, const std::string& etag, const std::string& syncedAt) {
    const std::string& boardId = delta.board.id;
    const nlohmann::json header{{"id", delta.board.id},
                                {"name", delta.board.name},
                                {"region", delta.board.region},
                                {"demo", delta.board.demo},
                                {"notice", delta.board.notice}};
    sql::Transaction tx(m_db);
    m_db.prepare("UPDATE board SET header = ?2, seq = ?3, generated_at = ?4, etag = ?5, synced_at = ?6 WHERE "
                 "id = ?1")
        .bindAll(boardId, jsonText(header), delta.seq, delta.generatedAt, etag, syncedAt)
        .run();
    if (m_db.changes() != 1) throw sql::Error("cache: no board " + boardId + " to apply a delta to", 0);
    auto remove = m_db.prepare("DELETE FROM entity WHERE board_id = ?1 AND kind = ?2 AND id = ?3");
    for (const auto& [kind, id] : delta.deletions) {
        remove.bindAll(boardId, kind, id);
        remove.run();
    }
    auto upsert = m_db.prepare(
        "INSERT INTO entity(board_id, kind, position, id, body) VALUES (?1, ?2, "
        "(SELECT coalesce(max(position), -1) + 1 FROM entity WHERE board_id = ?1 AND kind = ?2), ?3, ?4) "
        "ON CONFLICT(board_id, kind, id) DO UPDATE SET body = excluded.body");
    for (const auto& row : delta.rows) {
        upsert.bindAll(boardId, row.kind, row.id, row.body);
        upsert.run();
    }
    for (const auto& d : delta.upserts.decisions) {
        upsert.bindAll(boardId, "decisions", d.id, jsonText(toJson(d)));
        upsert.run();
    }
    tx.commit();
}

void CacheStore::touch(const std::string& boardId, const std::string& syncedAt) {
    m_db.prepare("UPDATE board SET synced_at = ?2 WHERE id = ?1").bindAll(boardId, syncedAt).run();
}

std::optional<CachedBoard> CacheStore::load(const std::string& boardId) {
    auto board = readBoard(boardId);
    m_db.releaseMemory(); // a whole board went through the page cache
    return board;
}

std::optional<CachedBoard> CacheStore::readBoard(const std::string& boardId) {
    m_loadProblem.clear();
    auto header = m_db.prepare("SELECT header, seq, generated_at, etag, synced_at FROM board WHERE id = ?1");
    header.bindAll(boardId);
    if (!header.step()) return std::nullopt;
    nlohmann::json doc;
    try {
        doc["board"] = nlohmann::json::parse(header.text(0));
        forEachKind([&](const auto& k) { doc[std::string(k.name)] = nlohmann::json::array(); });
        doc["decisions"] = nlohmann::json::array();
        auto rows = m_db.prepare("SELECT kind, body FROM entity WHERE board_id = ?1 ORDER BY kind, position");
        rows.bindAll(boardId);
        while (rows.step()) {
            auto& list = doc[rows.text(0)];
            if (!list.is_array()) throw std::runtime_error("unknown object kind " + rows.text(0));
            list.push_back(nlohmann::json::parse(rows.text(1)));
        }
    } catch (const std::exception& e) {
        m_loadProblem = std::string("cache unreadable: ") + e.what();
        return std::nullopt;
    }
    doc["format"] = kSnapshotFormat;
    doc["seq"] = header.int64(1);
    doc["generated_at"] = header.text(2);
    auto parsed = boardFromJson(doc, DocumentKind::Snapshot);
    if (!parsed) {
        m_loadProblem = "cache invalid " + parsed.error().describe();
        return std::nullopt;
    }
    return CachedBoard{std::move(parsed).value(), header.text(3), header.text(4)};
}

} // namespace regiebord
