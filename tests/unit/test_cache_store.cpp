// The display cache: a real file, validated on load, replaced when damaged.

#include "cache_store.hpp"
#include "protocol.hpp"

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace regiebord;

namespace {
BoardData demoSnapshot() {
    BoardData b = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    b.seq = 7;
    b.generatedAt = "2026-11-28T10:00:00Z";
    return b;
}
} // namespace

TEST_CASE("the cache saves and loads a board", "[store][cache]") {
    test::TempDir dir;
    const std::string path = dir.file("cache.db");
    const BoardData board = demoSnapshot();
    {
        CacheStore cache(path);
        CHECK_FALSE(cache.load(board.board.id));
        cache.save(board, "\"7\"", "2026-11-28T10:00:05Z");
    }
    CacheStore cache(path);
    auto loaded = cache.load(board.board.id);
    REQUIRE(loaded);
    CHECK(loaded->etag == "\"7\"");
    CHECK(loaded->syncedAt == "2026-11-28T10:00:05Z");
    CHECK(encodeBoard(loaded->data, DocumentKind::Snapshot) == encodeBoard(board, DocumentKind::Snapshot));
    cache.touch(board.board.id, "2026-11-28T11:00:00Z");
    CHECK(cache.load(board.board.id)->syncedAt == "2026-11-28T11:00:00Z");

    sql::Database raw(path);
    auto mode = raw.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
}

TEST_CASE("saving again replaces the whole board", "[store][cache]") {
    test::TempDir dir;
    CacheStore cache(dir.file("cache.db"));
    BoardData board = demoSnapshot();
    cache.save(board, "\"7\"", "2026-11-28T10:00:05Z");
    // The next board has fewer agreements (and nothing points at the removed ones).
    board.agreements.truncate(2);
    for (std::size_t i = 0; i < board.escalations.size(); ++i)
        board.escalations.mutableAt(i).agreement.reset();
    for (std::size_t i = 0; i < board.meetings.size(); ++i)
        for (auto& item : board.meetings.mutableAt(i).agenda)
            item.agreement.reset();
    board.seq = 8;
    cache.save(board, "\"8\"", "2026-11-28T10:01:00Z");
    auto loaded = cache.load(board.board.id);
    REQUIRE(loaded);
    CHECK(loaded->data.agreements.size() == 2);
    CHECK(loaded->data.seq == 8);
}

TEST_CASE("a tampered cache row is not shown", "[store][cache][validation]") {
    test::TempDir dir;
    const std::string path = dir.file("cache.db");
    CacheStore cache(path);
    cache.save(demoSnapshot(), "\"7\"", "2026-11-28T10:00:05Z");
    {
        sql::Database raw(path);
        raw.exec("UPDATE entity SET body = '{\"id\":\"x\"}' WHERE kind = 'agreements' AND position = 2");
    }
    CHECK_FALSE(cache.load("demo-regio"));
    CHECK_THAT(cache.lastLoadProblem(), Catch::Contains("/agreements/2"));
}

TEST_CASE("a damaged cache file is moved aside and rebuilt", "[store][cache]") {
    test::TempDir dir;
    const std::string path = dir.file("cache.db");
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 8192; ++i)
            out.put(static_cast<char>((i * 7919) & 0xFF));
    }
    CacheStore cache(path);
    CHECK_FALSE(cache.recoveredFrom().empty());
    CHECK(std::filesystem::exists(path + ".damaged"));
    cache.save(demoSnapshot(), "\"7\"", "2026-11-28T10:00:05Z");
    CHECK(cache.load("demo-regio"));
    CHECK(cache.quickCheck() == "ok");
}

TEST_CASE("after saving or loading a big board the cache gives its page cache back",
          "[store][cache][memory]") {
    test::TempDir dir;
    BoardData board = demoSnapshot();
    const std::size_t originals = board.agreements.size();
    for (std::size_t i = 0; i < 3000; ++i) {
        Agreement copy = board.agreements[i % originals];
        copy.id = "pa-copy-" + std::to_string(i);
        board.agreements.push_back(copy);
    }
    CacheStore cache(dir.file("cache.db"));
    cache.save(board, "\"7\"", "2026-11-28T10:00:05Z");
    // ~2 MB of rows went through the page cache; SQLite would keep up to 2 MB of it.
    CHECK(cache.pageCacheBytes() < 128 * 1024);
    const auto loaded = cache.load(board.board.id);
    REQUIRE(loaded);
    CHECK(loaded->data.agreements.size() == board.agreements.size());
    CHECK(cache.pageCacheBytes() < 128 * 1024);
}
