// Backup and restore, as docs/scaling.md tells IT to do them, for both stores: a hub
// restored from an older backup makes its kiosks fetch the whole board again, and the
// decisions it lost since the backup come back from the kiosks' outboxes, under their keys.

#include "clock.hpp"
#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/hub_client.hpp"
#include "support/postgres.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace regiebord;
using namespace regiebord::test;
using namespace std::chrono_literals;

namespace {

void run(const std::vector<std::string>& argv) {
    std::string out;
    const int status = runCommand(argv, {}, &out);
    INFO(out);
    REQUIRE(status == 0);
}

} // namespace

TEST_CASE("a hub restored from a backup makes its kiosks resync, and lost decisions come back from them",
          "[hub][backup]") {
    TempDir dir;
    const std::string backup = dir.file("backup");
    std::string database;
    int port = 0;
    SyncSettings s = demoKiosk("", dir.path());
    s.heartbeatInterval = 0s;
    std::string lostKey;
    std::int64_t seqBefore = 0;
    {
        HubProcess hub(dir.path());
        database = hub.dbPath();
        port = hub.port();
        s.hubUrl = hub.url();
        SyncEngine kiosk(s, nullptr);
        kiosk.syncOnce();
        // The backup, taken while the hub runs.
        if (hub.postgres())
            run({"pg_dump", "--format=custom", "--file=" + backup, "--dbname=" + database});
        else
            run({"sqlite3", database, ".backup '" + backup + "'"});
        seqBefore = boardOf(hub.url()).seq;
        // After the backup the chair decides: the hub confirms it, then the hub is lost.
        std::string escalation;
        for (const auto& e : kiosk.snapshot()->board->escalations)
            if (e.status == EscalationStatus::Open) escalation = e.id;
        kiosk.start(); // the writer thread records what is submitted
        lostKey = kiosk.submitDecision(akkoord(escalation));
        REQUIRE(waitUntil(
            [&] {
                const auto snap = kiosk.snapshot();
                const auto* item = snap->outboxByKey(lostKey);
                return item && item->state == OutboxState::Confirmed;
            },
            10s));
        kiosk.stop();
        REQUIRE(boardOf(hub.url()).seq > seqBefore);
    }
    // Restore, then tell the kiosks (docs/scaling.md, "Backup and restore").
    std::string restored;
    if (database.rfind("postgresql://", 0) == 0) {
        restored = createPostgresDatabase(std::getenv("REGIEBORD_TEST_POSTGRES"));
        run({"pg_restore", "--no-owner", "--dbname=" + restored, backup});
    } else {
        restored = database;
        std::filesystem::remove(database + "-wal");
        std::filesystem::remove(database + "-shm");
        std::filesystem::copy_file(backup, database, std::filesystem::copy_options::overwrite_existing);
    }
    run({REGIEBORD_HUB_BINARY, "--db", restored, "resync-all"});
    HubProcess again(dir.path(), false, port, {}, "http", {}, restored);
    CHECK(boardOf(again.url()).decisions.empty()); // the restored hub lost it

    SyncEngine kiosk(s, nullptr);
    kiosk.syncOnce(); // 410 for its cursor: the whole board again, and the lost decision queued
    kiosk.syncOnce(); // sent again under its key
    const BoardData after = boardOf(again.url());
    REQUIRE(after.decisions.size() == 1);
    CHECK(after.decisions[0].idempotencyKey == lostKey);
    const auto snap = kiosk.snapshot();
    CHECK(snap->board->seq == after.seq);
    CHECK(snap->outboxByKey(lostKey)->state == OutboxState::Confirmed);
}
