// A damaged outbox is found before SQLite touches it, set aside byte for byte, and
// salvaged under its own keys; a sound one (also after a crash) is left alone.

#include "outbox_files.hpp"

#include "clock.hpp"
#include "protocol.hpp"
#include "sqlite.hpp"

#include "fuzz/wal_repair.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace regiebord;
namespace fs = std::filesystem;

namespace {

DecisionRequest decision(const std::string& escalation, Outcome outcome = Outcome::Akkoord) {
    DecisionRequest r;
    r.escalationId = escalation;
    r.outcome = outcome;
    r.decidedBy = "Voorzitter";
    r.decidedAt = "2026-11-28T14:00:00Z";
    return r;
}

/// Records decisions on esc-00.. in a child process that then ends without closing
/// anything (as SIGKILL or a power cut would): what it recorded stays in the WAL.
/// Returns the keys, read back from the pipe.
std::vector<std::string> recordThenDie(const std::string& path, int first, int count) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        Outbox outbox(path);
        for (int i = first; i < first + count; ++i) {
            const auto key =
                outbox.record("demo-regio", decision("esc-" + std::to_string(i))).item->idempotencyKey;
            [[maybe_unused]] const auto n = ::write(fds[1], key.data(), key.size());
        }
        ::_exit(0); // no destructor, no checkpoint: the WAL keeps the commits
    }
    ::close(fds[1]);
    std::string text;
    char buffer[256];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::vector<std::string> keys;
    for (std::size_t i = 0; i + 36 <= text.size(); i += 36)
        keys.push_back(text.substr(i, 36));
    return keys;
}

/// An outbox with `delivered` confirmed decisions checkpointed into outbox.db, then one
/// queued decision left in the WAL by a process that died: the state the issue names.
struct Scene {
    test::TempDir dir;
    std::string path = dir.file("outbox.db");
    std::string queuedKey;
    Scene(int delivered = 40) {
        {
            Outbox outbox(path);
            for (int i = 0; i < delivered; ++i) {
                const auto key = outbox.record("demo-regio", decision("esc-" + std::to_string(100 + i)))
                                     .item->idempotencyKey;
                outbox.markConfirmed(key, "dec-" + std::to_string(i), "2026-11-28T14:00:01Z");
            }
        } // closed: checkpointed into outbox.db
        queuedKey = recordThenDie(path, 1, 1).at(0);
        REQUIRE(fs::file_size(path + "-wal") > 0);
    }
    std::string damagedDir() const {
        for (const auto& e : fs::directory_iterator(dir.path()))
            if (e.path().filename().string().rfind("outbox.db.damaged-", 0) == 0) return e.path().string();
        return {};
    }
};

void scribble(const std::string& path, std::size_t from, std::size_t count, unsigned seed) {
    std::string bytes = test::readFile(path);
    REQUIRE(bytes.size() >= from + count);
    std::mt19937 rng(seed);
    for (std::size_t i = from; i < from + count; ++i)
        bytes[i] = static_cast<char>(rng());
    test::writeFile(path, bytes, 0644);
}

} // namespace

TEST_CASE("a sound outbox, also one left by a killed process, is not set aside", "[outbox][damage]") {
    Scene scene;
    CHECK(inspectWal(scene.path + "-wal").problem.empty());
    CHECK(inspectWal(scene.path + "-wal").commits >= 1);
    CHECK(outboxProblem(scene.path).empty());
    CHECK_FALSE(setAsideIfDamaged(scene.path));
    Outbox outbox(scene.path);
    REQUIRE(outbox.find(scene.queuedKey));
    CHECK(outbox.find(scene.queuedKey)->state == OutboxState::Queued);
    test::TempDir empty;
    CHECK_FALSE(setAsideIfDamaged(empty.file("outbox.db"))); // first start: nothing there
}

TEST_CASE("random bytes in outbox.db: set aside byte for byte, a new outbox, the decision salvaged",
          "[outbox][damage]") {
    Scene scene;
    scribble(scene.path, 4096, 8192, 7);
    const std::string db = test::readFile(scene.path);
    const std::string wal = test::readFile(scene.path + "-wal");
    const auto damage = setAsideIfDamaged(scene.path);
    REQUIRE(damage);
    CHECK_FALSE(damage->reason.empty());
    CHECK(isValidTimestamp(damage->foundAt));
    // The evidence is kept exactly: nothing was checkpointed into it, nothing deleted.
    const std::string dir = scene.damagedDir();
    REQUIRE(dir == damage->movedTo);
    CHECK(test::readFile(dir + "/outbox.db") == db);
    CHECK(test::readFile(dir + "/outbox.db-wal") == wal);
    CHECK_FALSE(fs::exists(scene.path));
    // The kiosk goes on with a new outbox; the damage stays listed until salvaged.
    Outbox fresh(scene.path);
    CHECK(fresh.all().empty());
    REQUIRE(unsalvagedDamage(scene.path).size() == 1);
    // The salvage queues what it can read under its own key (the queued one lives in the WAL).
    const SalvageResult r = salvageOutbox(dir, fresh);
    CHECK(r.requeued == 1);
    REQUIRE(fresh.find(scene.queuedKey));
    CHECK(fresh.find(scene.queuedKey)->state == OutboxState::Queued);
    CHECK(test::readFile(dir + "/outbox.db") == db); // still untouched
    CHECK(unsalvagedDamage(scene.path).empty());
    // A second salvage adds nothing.
    CHECK(salvageOutbox(dir, fresh).requeued == 0);
}

TEST_CASE("an empty outbox.db next to a WAL is damage, and the WAL alone gives the decision back",
          "[outbox][damage]") {
    test::TempDir dir;
    const std::string path = dir.file("outbox.db");
    const auto keys = recordThenDie(path, 1, 3);
    REQUIRE(keys.size() == 3);
    test::writeFile(path, "", 0644); // SQLite would delete the WAL next to an empty database
    const auto damage = setAsideIfDamaged(path);
    REQUIRE(damage);
    CHECK_THAT(damage->reason, Catch::Contains("empty"));
    CHECK(damage->undelivered == 3);
    Outbox fresh(path);
    const SalvageResult r = salvageOutbox(damage->movedTo, fresh);
    CHECK(r.requeued == 3);
    for (const auto& key : keys)
        CHECK(fresh.find(key));
}

TEST_CASE("garbage in the WAL is damage, whether in its header or in a committed frame", "[outbox][damage]") {
    SECTION("the whole WAL") {
        Scene scene;
        const auto size = fs::file_size(scene.path + "-wal");
        scribble(scene.path + "-wal", 0, size, 11);
        const auto damage = setAsideIfDamaged(scene.path);
        REQUIRE(damage);
        CHECK_THAT(damage->reason, Catch::Contains("WAL"));
    }
    SECTION("one byte of a committed frame's page") {
        Scene scene;
        // The first frame's page starts at 32 + 24; one flipped byte breaks its checksum
        // while the frames after it, and their commit, are sound.
        std::string wal = test::readFile(scene.path + "-wal");
        wal[32 + 24 + 100] = static_cast<char>(wal[32 + 24 + 100] ^ 0x40);
        test::writeFile(scene.path + "-wal", wal, 0644);
        const WalReport report = inspectWal(scene.path + "-wal");
        CHECK(report.lostCommit);
        const auto damage = setAsideIfDamaged(scene.path);
        REQUIRE(damage);
        CHECK_THAT(damage->reason, Catch::Contains("committed transaction"));
        Outbox fresh(scene.path);
        CHECK(salvageOutbox(damage->movedTo, fresh).requeued == 1);
        CHECK(fresh.find(scene.queuedKey));
    }
}

TEST_CASE("a sound WAL frame naming a page or size far past the file is not replayed", "[outbox][damage]") {
    // Checksums put right after the change, so the frames stay sound: a forged WAL, or one of
    // another, much larger database. The replay used to allocate pages up to the number named.
    for (const std::size_t field : {std::size_t{0}, std::size_t{4}}) { // the page number, the commit size
        Scene scene(2);
        std::string wal = test::readFile(scene.path + "-wal");
        const std::size_t frame = 32 + 24 + 4096; // the second frame (page size 4096)
        REQUIRE(wal.size() >= frame + 24 + 4096);
        for (std::size_t i = 0; i < 4; ++i)
            wal[frame + field + i] = static_cast<char>(i == 0 ? 0x7F : 0xFF);
        fuzz::repairWal(wal);
        test::writeFile(scene.path + "-wal", wal, 0644);
        REQUIRE(inspectWal(scene.path + "-wal").problem.empty());
        SalvageRead read;
        REQUIRE_NOTHROW(read = readDamagedOutbox(scene.dir.path()));
        CHECK(read.items.size() >= 2);
    }
}

TEST_CASE("a torn last transaction (never committed) is not damage", "[outbox][damage]") {
    Scene scene;
    // Cut the WAL inside its last frame: the write that was going on when the power went.
    const auto size = fs::file_size(scene.path + "-wal");
    fs::resize_file(scene.path + "-wal", size - 100);
    CHECK(inspectWal(scene.path + "-wal").problem.empty());
}

TEST_CASE("salvage keeps delivered decisions, and one decided again since needs attention",
          "[outbox][damage]") {
    Scene scene(3);
    std::string wal = test::readFile(scene.path + "-wal");
    wal[32 + 24 + 100] = static_cast<char>(wal[32 + 24 + 100] ^ 0x40); // a committed frame
    test::writeFile(scene.path + "-wal", wal, 0644);
    const auto damage = setAsideIfDamaged(scene.path);
    REQUIRE(damage);
    Outbox fresh(scene.path);
    // The chair decided esc-1 again on the new outbox before IT salvaged the old one.
    const auto again = fresh.record("demo-regio", decision("esc-1")).item->idempotencyKey;
    const SalvageResult r = salvageOutbox(damage->movedTo, fresh);
    CHECK(r.held == 1);
    REQUIRE(fresh.find(scene.queuedKey));
    CHECK(fresh.find(scene.queuedKey)->state == OutboxState::NeedsAttention);
    CHECK(fresh.find(again)->state == OutboxState::Queued);
    CHECK(r.kept + r.held + r.requeued == r.read);
}

TEST_CASE("after a confirmed 'aangehouden' the escalation can be decided again, once", "[outbox]") {
    Outbox outbox(":memory:");
    const auto held = outbox.record("b", decision("esc-01", Outcome::Aangehouden)).item->idempotencyKey;
    // Still on its way: a second decision is refused (a double tap).
    CHECK_FALSE(outbox.record("b", decision("esc-01")).item);
    outbox.markConfirmed(held, "dec-1", "2026-11-28T14:00:01Z");
    const auto followUp = outbox.record("b", decision("esc-01"));
    REQUIRE(followUp.item);
    CHECK_FALSE(outbox.record("b", decision("esc-01")).item);
    outbox.markConfirmed(followUp.item->idempotencyKey, "dec-2", "2026-11-28T15:00:01Z");
    CHECK_FALSE(outbox.record("b", decision("esc-01")).item); // akkoord is final
}

TEST_CASE("an outbox written before held-over decisions is migrated", "[outbox]") {
    test::TempDir dir;
    const std::string path = dir.file("outbox.db");
    {
        sql::Database db(path);
        db.exec(R"sql(
            CREATE TABLE decision (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE,
                board_id TEXT NOT NULL, escalation_id TEXT NOT NULL, body TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'confirmed', 'needs_attention', 'conflict')),
                created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
                confirmed_at TEXT NOT NULL DEFAULT '', server_id TEXT NOT NULL DEFAULT '');
            CREATE UNIQUE INDEX one_live_decision ON decision(board_id, escalation_id)
                WHERE state IN ('queued', 'sending', 'confirmed');
            PRAGMA user_version = 1;
        )sql");
        db.prepare("INSERT INTO decision(idempotency_key, board_id, escalation_id, body, state, created_at) "
                   "VALUES ('00000000-0000-4000-8000-000000000001', 'b', 'esc-01', ?1, 'confirmed', 'now')")
            .bindAll(encodeDecisionRequest(decision("esc-01", Outcome::Aangehouden)))
            .run();
    }
    Outbox outbox(path);
    CHECK(outbox.record("b", decision("esc-01")).item);
}

TEST_CASE("an outbox another user has open is never judged or moved", "[outbox][damage]") {
    Scene scene;
    Outbox inUse(scene.path); // another engine or a salvage run, maybe in the middle of a write
    scribble(scene.path + "-wal", 0, 64, 5); // what a copy taken mid-write could look like
    CHECK_FALSE(setAsideIfDamaged(scene.path));
    CHECK(fs::exists(scene.path));
    CHECK(scene.damagedDir().empty());
}
