// Delta sync against the real hub: the kiosk asks for what changed since its
// cursor, gets upserts, tombstones and new decisions, and falls back to a full
// snapshot when the hub can no longer serve the cursor.

#include "cache_store.hpp"
#include "clock.hpp"
#include "http_client.hpp"
#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/fault_proxy.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

using namespace regiebord;
using namespace regiebord::test;

namespace {

SyncSettings deltaSettings(const std::string& url, const std::string& dir) {
    SyncSettings s;
    s.hubUrl = url;
    s.boardId = kDemoBoard;
    s.token = kDemoToken;
    s.cachePath = dir + "/cache.db";
    s.outboxPath = dir + "/outbox.db";
    s.heartbeatInterval = std::chrono::hours(1);
    return s;
}

/// The demo board with two agreements changed, one unreferenced agreement removed and one added.
struct EditedBoard {
    std::string text;
    std::string changedId, removedId, addedId;
};

EditedBoard editDemo() {
    BoardData b = parseBoard(demoBoardText(), DocumentKind::Import).value();
    EditedBoard e;
    e.changedId = b.agreements[0].id;
    b.agreements.mutableAt(0).title = "Nieuwbouw sociale huur, herijkt in de stuurgroep";
    b.agreements.mutableAt(1).progress.realised += 10;
    for (std::size_t k = b.agreements.size(); k-- > 0;) {
        const std::string& id = b.agreements[k].id;
        bool referenced = false;
        for (const auto& x : b.escalations)
            referenced = referenced || x.agreement == id;
        for (const auto& m : b.meetings)
            for (const auto& item : m.agenda)
                referenced = referenced || item.agreement == id;
        if (!referenced) {
            e.removedId = id;
            b.agreements.eraseIf([&](const Agreement& a) { return a.id == e.removedId; });
            break;
        }
    }
    Agreement added = b.agreements[2];
    added.id = "pa-nieuw-1";
    added.title = "Nieuwe afspraak over woningdelen (demo)";
    b.agreements.push_back(added);
    e.addedId = added.id;
    e.text = encodeBoard(b, DocumentKind::Import);
    return e;
}

void importInto(const HubProcess& hub, const std::string& file) {
    REQUIRE(runCommand({REGIEBORD_HUB_BINARY, "--db", hub.dbPath(), "import", file}) == 0);
}

} // namespace

TEST_CASE("only the changes since the cursor travel, and the result equals a full sync",
          "[delta][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    std::vector<std::string> requests;
    std::mutex requestsMutex;
    FaultProxy proxy(hub.port(), [&](const std::string& line) {
        std::lock_guard lock(requestsMutex);
        requests.push_back(line);
        return Fault::Pass;
    });
    SyncEngine engine(deltaSettings(proxy.url(), dir.path()), nullptr);
    engine.syncOnce();
    const auto before = engine.snapshot()->board;
    REQUIRE(before);
    const auto fullBytes = proxy.bytesToClient();

    // Importing the same file again changes nothing.
    writeFile(dir.file("same.json"), demoBoardText(), 0644);
    importInto(hub, dir.file("same.json"));
    engine.syncOnce();
    CHECK(engine.snapshot()->board->seq == before->seq);

    const EditedBoard edited = editDemo();
    REQUIRE_FALSE(edited.removedId.empty());
    writeFile(dir.file("edited.json"), edited.text, 0644);
    importInto(hub, dir.file("edited.json"));
    const auto bytesBefore = proxy.bytesToClient();
    engine.syncOnce();
    const auto deltaBytes = proxy.bytesToClient() - bytesBefore;
    const auto after = engine.snapshot()->board;
    REQUIRE(after);
    CHECK(after->seq > before->seq);
    CHECK(after->findAgreement(edited.changedId)->title ==
          "Nieuwbouw sociale huur, herijkt in de stuurgroep");
    CHECK(after->findAgreement(edited.removedId) == nullptr);
    CHECK(after->findAgreement(edited.addedId) != nullptr);
    CHECK(after->agreements.size() == before->agreements.size());
    CHECK(engine.snapshot()->status.reach == Reachability::Online);
    CHECK(deltaBytes * 4 < fullBytes); // a few objects, not the board (both gzip-compressed)
    {
        std::lock_guard lock(requestsMutex);
        CHECK_THAT(requests.back(), Catch::Contains("/changes?since=" + std::to_string(before->seq)));
    }

    // The incrementally updated cache holds what a full sync would give.
    HttpClient http({});
    const auto full = http.perform({"GET",
                                    hub.url() + "/v1/boards/demo-regio/snapshot",
                                    {{"Authorization", std::string("Bearer ") + kDemoToken}},
                                    {}});
    auto reference = parseBoard(full.body, DocumentKind::Snapshot).value();
    CacheStore cache(dir.file("cache.db"));
    auto cached = cache.load(kDemoBoard);
    REQUIRE(cached);
    CHECK(cached->data.seq == reference.seq);
    CHECK(cached->data.agreements.size() == reference.agreements.size());
    CHECK(cached->data.findAgreement(edited.changedId)->title ==
          reference.findAgreement(edited.changedId)->title);
    CHECK(cached->data.findAgreement(edited.removedId) == nullptr);
}

TEST_CASE("a decision from another device arrives as a change", "[delta][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    REQUIRE(runCommand({REGIEBORD_HUB_BINARY, "--db", hub.dbPath(), "device", "add", "--board", kDemoBoard,
                        "--name", "zaal-2", "--token", "second-device-token"}) == 0);
    SyncEngine engine(deltaSettings(hub.url(), dir.path()), nullptr);
    engine.syncOnce();
    const Escalation* open = nullptr;
    for (const auto& e : engine.snapshot()->board->escalations)
        if (e.status == EscalationStatus::Open && !e.options.empty()) open = &e;
    REQUIRE(open);
    const std::string id = open->id;
    DecisionRequest r;
    r.escalationId = id;
    r.outcome = Outcome::Akkoord;
    r.decidedBy = "Voorzitter (zaal 2)";
    r.decidedAt = utcNow();
    HttpClient http({});
    REQUIRE(
        http.perform({"POST",
                      hub.url() + "/v1/boards/demo-regio/decisions",
                      {{"Authorization", "Bearer second-device-token"}, {"Idempotency-Key", makeUuidV4()}},
                      encodeDecisionRequest(r)})
            .status == 201);
    engine.syncOnce();
    const auto board = engine.snapshot()->board;
    CHECK(board->findEscalation(id)->status == EscalationStatus::Besloten);
    REQUIRE(board->decisions.size() == 1);
    CHECK(board->decisions[0].request.escalationId == id);
}

TEST_CASE("a cursor the hub cannot serve leads to a full resync", "[delta][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    std::vector<std::string> requests;
    std::mutex requestsMutex;
    FaultProxy proxy(hub.port(), [&](const std::string& line) {
        std::lock_guard lock(requestsMutex);
        requests.push_back(line);
        return Fault::Pass;
    });
    SyncEngine engine(deltaSettings(proxy.url(), dir.path()), nullptr);
    engine.syncOnce();
    const EditedBoard edited = editDemo();
    writeFile(dir.file("edited.json"), edited.text, 0644);
    importInto(hub, dir.file("edited.json"));
    REQUIRE(runCommand({REGIEBORD_HUB_BINARY, "--db", hub.dbPath(), "compact", "--board", kDemoBoard}) == 0);
    {
        std::lock_guard lock(requestsMutex);
        requests.clear();
    }
    engine.syncOnce();
    {
        std::lock_guard lock(requestsMutex);
        REQUIRE(requests.size() >= 2);
        CHECK_THAT(requests[0], Catch::Contains("/changes?since="));
        CHECK_THAT(requests[1], Catch::Contains("/snapshot"));
    }
    const auto board = engine.snapshot()->board;
    CHECK(board->findAgreement(edited.removedId) == nullptr); // the deletion is seen despite no tombstone
    CHECK(board->findAgreement(edited.addedId) != nullptr);
    CHECK(engine.snapshot()->status.reach == Reachability::Online);

    // A hub restored from an older backup (the kiosk's cursor is ahead of it).
    TempDir other;
    HubProcess fresh(other.path());
    SyncEngine restarted(deltaSettings(fresh.url(), dir.path()), nullptr);
    restarted.syncOnce();
    CHECK(restarted.snapshot()->board->seq == 1);
    CHECK(restarted.snapshot()->board->findAgreement(edited.addedId) == nullptr);
}

TEST_CASE("a bad delta is rejected whole and the last good data stays", "[delta][sync][validation]") {
    TempDir dir;
    HubProcess hub(dir.path());
    SyncEngine first(deltaSettings(hub.url(), dir.path()), nullptr);
    first.syncOnce();
    const auto good = first.snapshot()->board;
    REQUIRE(good);

    nlohmann::json agreement =
        nlohmann::json::parse(encodeBoard(*good, DocumentKind::Snapshot))["agreements"][0];
    agreement["title"] = "CHANGED";
    nlohmann::json delta{
        {"format", "regiebord.changes.v1"},
        {"since", good->seq},
        {"seq", good->seq + 1},
        {"generated_at", utcNow()},
        {"board", nlohmann::json::parse(encodeBoard(*good, DocumentKind::Snapshot))["board"]},
        {"upserts", {{"agreements", {agreement}}}},
        {"deletions", nlohmann::json::array()},
        {"decisions", nlohmann::json::array()}};
    for (const char* k : {"parties", "definitions", "projects", "production", "escalations", "meetings"})
        delta["upserts"][k] = nlohmann::json::array();
    std::vector<std::pair<std::string, std::string>> variants;
    {
        auto d = delta;
        d["upserts"]["agreements"][0]["status"] = "uitstekend";
        variants.emplace_back(d.dump(), "/upserts/agreements/0/status");
    }
    {
        auto d = delta;
        d["upserts"]["agreements"][0]["owner"] = "gem-bestaat-niet";
        variants.emplace_back(d.dump(), "owner");
    }
    {
        auto d = delta;
        d["deletions"] = {
            {{"kind", "parties"}, {"id", good->agreements[0].owner}}}; // leaves references dangling
        variants.emplace_back(d.dump(), "unknown reference");
    }
    for (const auto& [body, where] : variants) {
        httplib::Server broken;
        broken.Get(R"(/v1/boards/demo-regio/changes)", [&](const httplib::Request&, httplib::Response& res) {
            res.set_content(body, "application/json");
        });
        const int port = broken.bind_to_any_port("127.0.0.1");
        std::thread server([&] { broken.listen_after_bind(); });
        {
            SyncEngine engine(deltaSettings("http://127.0.0.1:" + std::to_string(port), dir.path()), nullptr);
            engine.syncOnce();
            const auto snap = engine.snapshot();
            REQUIRE(snap->board);
            CHECK(snap->board->seq == good->seq);
            CHECK(snap->board->agreements[0].title == good->agreements[0].title);
            CHECK(snap->status.reach == Reachability::Refused);
            CHECK_THAT(snap->status.lastError, Catch::Contains(where));
        } // the engine (and its kept-alive connection) goes before the server stops
        broken.stop();
        server.join();
    }
    CacheStore cache(dir.file("cache.db"));
    CHECK(cache.load(kDemoBoard)->data.seq == good->seq);
}
