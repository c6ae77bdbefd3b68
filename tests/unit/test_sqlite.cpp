// The SQLite layer: migrations in transactions, refusals, bound parameters.

#include "sqlite.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;

TEST_CASE("migrations run in order, each in a transaction", "[store]") {
    test::TempDir dir;
    sql::Database db(dir.file("m.db"));
    const std::vector<sql::Migration> v1{{1, "a", "CREATE TABLE a(x INTEGER)"}};
    sql::migrate(db, v1);
    CHECK(sql::userVersion(db) == 1);
    sql::migrate(db, v1); // idempotent
    CHECK(sql::userVersion(db) == 1);

    // A failing step leaves nothing behind: not its table, not its version.
    const std::vector<sql::Migration> broken{
        {1, "a", "CREATE TABLE a(x INTEGER)"},
        {2, "b then a typo", "CREATE TABLE b(y INTEGER); INSERT INTO nope VALUES (1);"}};
    CHECK_THROWS_AS(sql::migrate(db, broken), sql::Error);
    CHECK(sql::userVersion(db) == 1);
    auto stmt = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'");
    REQUIRE(stmt.step());
    CHECK(stmt.int64(0) == 0);

    const std::vector<sql::Migration> v2{{1, "a", "CREATE TABLE a(x INTEGER)"},
                                         {2, "b", "CREATE TABLE b(y)"}};
    sql::migrate(db, v2);
    CHECK(sql::userVersion(db) == 2);
    // A database from a newer release is refused, not "downgraded".
    CHECK_THROWS_WITH(sql::migrate(db, v1), Catch::Contains("newer"));
}

TEST_CASE("a transaction rolls back unless committed; parameters are bound", "[store]") {
    sql::Database db(":memory:");
    db.exec("CREATE TABLE t(v TEXT)");
    {
        sql::Transaction tx(db);
        db.prepare("INSERT INTO t VALUES (?1)").bindAll("lost").run();
    }
    const std::string tricky = "Robert'); DROP TABLE t;-- \"één\"";
    {
        sql::Transaction tx(db);
        db.prepare("INSERT INTO t VALUES (?1)").bindAll(tricky).run();
        tx.commit();
    }
    auto stmt = db.prepare("SELECT v FROM t");
    REQUIRE(stmt.step());
    CHECK(stmt.text(0) == tricky);
    CHECK_FALSE(stmt.step());
}
