// The hub's schema (server/hub_schema.cpp) on SQLite files: a database of the first
// release is brought up to date with its data, one of a newer release is refused, and
// migrate-db's list of tables and columns covers the whole schema.

#include "hub_schema.hpp"
#include "hub_store.hpp"
#include "sqlite.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace regiebord;
using namespace regiebord::test;

namespace {

/// Version 1 as the first release wrote it (INTEGER, where the steps now say BIGINT).
constexpr const char* kFirstRelease = R"sql(
    CREATE TABLE board (id TEXT PRIMARY KEY, header TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE entity (
        board_id TEXT NOT NULL REFERENCES board(id) ON DELETE CASCADE, kind TEXT NOT NULL, id TEXT NOT NULL,
        position INTEGER NOT NULL, body TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (board_id, kind, id));
    CREATE INDEX entity_seq ON entity(board_id, seq);
    CREATE TABLE device (
        id TEXT PRIMARY KEY, board_id TEXT NOT NULL REFERENCES board(id), name TEXT NOT NULL UNIQUE,
        token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL DEFAULT '');
    CREATE TABLE decision (
        id TEXT PRIMARY KEY, board_id TEXT NOT NULL REFERENCES board(id), escalation_id TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES device(id), idempotency_key TEXT NOT NULL, request TEXT NOT NULL,
        response TEXT NOT NULL, received_at TEXT NOT NULL, seq INTEGER NOT NULL,
        UNIQUE (device_id, idempotency_key));
    CREATE INDEX decision_board ON decision(board_id, seq);
    INSERT INTO board(id, header, seq) VALUES ('oud', '{}', 7);
    INSERT INTO device(id, board_id, name, token_hash, created_at) VALUES ('dev-1', 'oud', 'zaal-1', 'h', 'now');
    PRAGMA user_version = 1;
)sql";

std::string columnsOf(sql::Database& db, const std::string& table) {
    auto rows = db.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    rows.bind(1, table);
    std::string columns;
    while (rows.step())
        columns += (columns.empty() ? "" : ", ") + rows.text(0);
    return columns;
}

} // namespace

TEST_CASE("a hub database of the first release is brought up to date and keeps its data", "[hub][schema]") {
    TempDir dir;
    {
        sql::Database db(dir.file("hub.db"));
        db.exec(kFirstRelease);
    }
    {
        hub::HubStore store(dir.file("hub.db"));
        CHECK(store.seq("oud") == 7);
        REQUIRE(store.devices().size() == 1);
        CHECK(store.devices().front().heartbeat.empty()); // a column of step 2, at its default
        CHECK(store.compact("oud"));                      // the tombstones of step 3
    }
    sql::Database db(dir.file("hub.db"));
    CHECK(sql::userVersion(db) == 10);
    CHECK(columnsOf(db, "board") == "id, header, seq, floor");
    CHECK_THAT(columnsOf(db, "device"), Catch::EndsWith(", revoked_at, removed_at"));       // step 7
    CHECK_THAT(columnsOf(db, "import_log"), Catch::StartsWith("n, board_id, at, by_name")); // step 8
    CHECK(columnsOf(db, "account") ==
          "name, role, password_hash, created_at, created_by, password_changed_at");       // step 9
    CHECK_THAT(columnsOf(db, "web_session"), Catch::StartsWith("id_hash, account, csrf")); // step 10
}

TEST_CASE("a hub database of a newer release is refused", "[hub][schema]") {
    TempDir dir;
    {
        sql::Database db(dir.file("hub.db"));
        db.exec("PRAGMA user_version = 99");
    }
    CHECK_THROWS_WITH(hub::HubStore(dir.file("hub.db")),
                      Catch::Contains("schema version 99, newer than this release knows (10)"));
}

TEST_CASE("migrate-db's list of tables holds every table and column the steps make", "[hub][schema]") {
    TempDir dir;
    { hub::HubStore store(dir.file("hub.db")); }
    sql::Database db(dir.file("hub.db"));
    std::set<std::string> made;
    auto tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    while (tables.step())
        made.insert(tables.text(0));
    std::set<std::string> listed;
    for (const auto& table : hub::hubTables()) {
        INFO(table.name);
        listed.insert(table.name);
        CHECK(columnsOf(db, table.name) == table.columns);
        std::size_t commas = 0;
        for (const char* c = table.columns; *c; ++c)
            commas += *c == ',' ? 1 : 0;
        CHECK(table.integer.size() == commas + 1);
        auto types = db.prepare("SELECT type FROM pragma_table_info(?1) ORDER BY cid");
        types.bind(1, std::string(table.name));
        for (std::size_t i = 0; types.step(); ++i)
            CHECK((types.text(0).find("INT") != std::string::npos) == table.integer.at(i));
    }
    CHECK(made == listed);
}
