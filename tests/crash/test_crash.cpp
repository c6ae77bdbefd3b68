// Power cuts while the chair decides: a recorder is SIGKILLed at random
// moments (mostly while recording, every fourth round while starting), hundreds
// of times. Every decision it reported as recorded must reach the hub exactly
// once, and the files must pass PRAGMA quick_check.
// REGIEBORD_CRASH_ROUNDS (default 200) sets the number of kills.

#include "http_client.hpp"
#include "kinds.hpp"
#include "protocol.hpp"
#include "sqlite.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace regiebord;
using namespace regiebord::test;

namespace {

constexpr const char* kToken = "crash-token-for-tests";

int rounds() {
    const char* env = std::getenv("REGIEBORD_CRASH_ROUNDS");
    return env ? std::max(1, std::atoi(env)) : 200;
}

/// Enough open escalations for every decision the rounds can record.
const int kEscalations = rounds() * 10 + 1000; // a recorder that runs out simply stops recording

/// A board with many open escalations (written as an import file).
std::string crashBoard() {
    nlohmann::json doc;
    doc["format"] = "regiebord.board.v1";
    doc["board"] = {
        {"id", "crash-board"}, {"name", "Crash test (demo)"}, {"region", ""}, {"demo", true}, {"notice", ""}};
    regiebord::forEachKind([&](const auto& k) { doc[std::string(k.name)] = nlohmann::json::array(); });
    doc["parties"] = {{{"id", "p1"},
                       {"kind", "gemeente"},
                       {"name", "Gemeente Testdorp"},
                       {"short_name", "TST"},
                       {"color", "#336699"}}};
    auto& list = doc["escalations"] = nlohmann::json::array();
    for (int i = 0; i < kEscalations; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "crash-%05d", i);
        list.push_back({{"id", id},
                        {"title", "Escalatie"},
                        {"agreement", nullptr},
                        {"project", nullptr},
                        {"raised_by", "p1"},
                        {"raised_at", "2026-11-01T10:00:00Z"},
                        {"level", "stuurgroep"},
                        {"severity", "midden"},
                        {"question", "?"},
                        {"options", nlohmann::json::array()},
                        {"meeting", nullptr},
                        {"status", "open"},
                        {"history", nlohmann::json::array()}});
    }
    return doc.dump();
}

/// Waits until the recorder has reported its first decision (or ended, or 60 s passed).
bool waitForFirstRecord(ChildProcess& recorder) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < end) {
        if (recorder.log().find("recorded ") != std::string::npos) return true;
        if (!recorder.running()) return false;
        usleep(1'000);
    }
    return false;
}

} // namespace

TEST_CASE("decisions survive SIGKILL at random moments and arrive exactly once", "[crash][outbox][hub]") {
    TempDir dir;
    writeFile(dir.file("board.json"), crashBoard(), 0644);
    REQUIRE(runCommand(
                {REGIEBORD_HUB_BINARY, "--db", dir.file("hub.db"), "import", dir.file("board.json")}) == 0);
    REQUIRE(runCommand({REGIEBORD_HUB_BINARY, "--db", dir.file("hub.db"), "device", "add", "--board",
                        "crash-board", "--name", "crash-kiosk", "--token", kToken}) == 0);
    HubProcess hub(dir.path(), false);
    const std::string state = dir.file("kiosk");
    std::filesystem::create_directories(state);

    std::mt19937 rng(std::random_device{}());
    // A recording round dies 1-15 ms after its first reported decision: several
    // record/commit cycles (~2 ms each natively, ~4 ms under qemu), and few enough
    // decisions per round that the drain below stays short (~50 ms per queued decision).
    std::uniform_int_distribution<int> killAfterMicros(1'000, 15'000);
    // How long a recorder takes from its start to its first recorded decision: a few ms
    // to ~50 ms natively, 200-350 ms under qemu-user, more on a busy machine. Measured by
    // the rounds that wait for it; the first guess only matters until round 0 ran.
    long startupMicros = 45'000;
    std::map<std::string, std::string> reported; // key -> escalation
    const int total = rounds();
    int killedMidway = 0;
    for (int round = 0; round < total; ++round) {
        const std::string log = dir.file("round.log");
        std::remove(log.c_str());
        const auto started = std::chrono::steady_clock::now();
        ChildProcess recorder(
            {REGIEBORD_CRASH_RECORDER, hub.url(), kToken, "crash-board", state, std::to_string(kEscalations)},
            log);
        if (round % 4 == 3) {
            // Every fourth round dies during the start: opening (and recovering) the
            // outbox and cache that the previous kill left behind.
            std::uniform_int_distribution<long> duringStartup(2'000, std::max(2'000L, startupMicros));
            usleep(static_cast<useconds_t>(duringStartup(rng)));
        } else {
            // The others die while recording, counted from the first reported decision:
            // counted from the spawn (2-45 ms, as before), a slow start (qemu, a loaded
            // machine) made nearly every kill land before the first decision.
            if (waitForFirstRecord(recorder)) {
                startupMicros = static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                      std::chrono::steady_clock::now() - started)
                                                      .count());
            }
            usleep(static_cast<useconds_t>(killAfterMicros(rng)));
        }
        const auto status = recorder.stop(SIGKILL, std::chrono::seconds(10));
        REQUIRE(status.has_value());
        killedMidway += *status == 128 + SIGKILL ? 1 : 0;
        std::istringstream lines(recorder.log());
        std::string word, key, escalation;
        while (lines >> word) {
            if (word != "recorded") continue;
            if (!(lines >> key >> escalation)) break; // a line cut by the kill was never "reported"
            if (key.size() != 36) continue;
            CHECK(reported.emplace(key, escalation).second);
        }
    }
    INFO("rounds " << total << ", killed mid-run " << killedMidway << ", decisions reported "
                   << reported.size());
    CHECK(killedMidway > total / 2);
    REQUIRE(reported.size() > static_cast<std::size_t>(total) / 2); // most rounds die while recording

    // Power is back: the kiosk delivers whatever is still queued.
    ChildProcess drain({REGIEBORD_CRASH_RECORDER, hub.url(), kToken, "crash-board", state,
                        std::to_string(kEscalations), "--drain"},
                       dir.file("drain.log"));
    REQUIRE(drain.wait(std::chrono::seconds(600)) == 0);

    sql::Database outbox(state + "/outbox.db");
    CHECK(outbox.quickCheck() == "ok");
    sql::Database cache(state + "/cache.db");
    CHECK(cache.quickCheck() == "ok");

    HttpClient http({});
    const auto r = http.perform({"GET",
                                 hub.url() + "/v1/boards/crash-board/snapshot",
                                 {{"Authorization", std::string("Bearer ") + kToken}},
                                 {}});
    INFO("snapshot: " << r.transportError << " HTTP " << r.status);
    REQUIRE(r.status == 200);
    const auto board = parseBoard(r.body, DocumentKind::Snapshot);
    INFO((board ? std::string() : board.error().describe()));
    REQUIRE(board);
    std::map<std::string, int> onHub;
    std::set<std::string> escalationsDecided;
    for (const auto& d : board.value().decisions) {
        ++onHub[d.idempotencyKey];
        CHECK(escalationsDecided.insert(d.request.escalationId)
                  .second); // never two decisions on one escalation
    }
    std::size_t missing = 0;
    for (const auto& [key, escalation] : reported) {
        const auto it = onHub.find(key);
        if (it == onHub.end())
            ++missing;
        else
            CHECK(it->second == 1);
    }
    CHECK(missing == 0);
    // Nothing arrived that the outbox does not hold (no phantom or duplicate decisions).
    auto rows = outbox.prepare("SELECT count(*) FROM decision WHERE state = 'confirmed'");
    REQUIRE(rows.step());
    CHECK(static_cast<std::size_t>(rows.int64(0)) == board.value().decisions.size());
    auto open = outbox.prepare("SELECT count(*) FROM decision WHERE state <> 'confirmed'");
    REQUIRE(open.step());
    CHECK(open.int64(0) == 0);
}
