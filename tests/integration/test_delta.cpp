// Delta sync against the real hub: the kiosk asks for what changed since its
// cursor, gets upserts, tombstones and new decisions, and falls back to a full
// snapshot when the hub can no longer serve the cursor.

#include "cache_store.hpp"
#include "clock.hpp"
#include "kinds.hpp"
#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/fault_proxy.hpp"
#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <thread>
#include <utility>

using namespace regiebord;
using namespace regiebord::test;

namespace {

SyncSettings deltaSettings(const std::string& url, const std::string& dir) {
    SyncSettings s = demoKiosk(url, dir);
    s.heartbeatInterval = std::chrono::hours(1);
    return s;
}

/// A proxy in front of the hub that notes the request line of every request.
class RecordingProxy {
public:
    explicit RecordingProxy(int hubPort)
        : m_proxy(hubPort, [this](const std::string& line) {
              std::lock_guard lock(m_mutex);
              m_requests.push_back(line);
              return Fault::Pass;
          }) {}
    FaultProxy& proxy() { return m_proxy; }
    /// The request lines since the last call.
    std::vector<std::string> take() {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_requests, {});
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_requests;
    FaultProxy m_proxy; // last: its thread goes first
};

/// A hub, a recording proxy in front of it, and a kiosk that synced once through the proxy.
struct ProxiedKiosk {
    TempDir dir;
    HubProcess hub{dir.path()};
    RecordingProxy recording{hub.port()};
    SyncEngine engine{deltaSettings(recording.proxy().url(), dir.path()), nullptr};

    ProxiedKiosk() { engine.syncOnce(); }
};

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

} // namespace

TEST_CASE("only the changes since the cursor travel, and the result equals a full sync",
          "[delta][sync][hub]") {
    ProxiedKiosk rig;
    SyncEngine& engine = rig.engine;
    const FaultProxy& proxy = rig.recording.proxy();
    const auto before = engine.snapshot()->board;
    REQUIRE(before);
    const auto fullBytes = proxy.bytesToClient();

    // Importing the same file again changes nothing.
    writeFile(rig.dir.file("same.json"), demoBoardText(), 0644);
    REQUIRE(rig.hub.command({"import", rig.dir.file("same.json")}) == 0);
    engine.syncOnce();
    CHECK(engine.snapshot()->board->seq == before->seq);

    const EditedBoard edited = editDemo();
    REQUIRE_FALSE(edited.removedId.empty());
    writeFile(rig.dir.file("edited.json"), edited.text, 0644);
    REQUIRE(rig.hub.command({"import", rig.dir.file("edited.json")}) == 0);
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
    CHECK_THAT(rig.recording.take().back(), Catch::Contains("/changes?since=" + std::to_string(before->seq)));

    // The incrementally updated cache holds what a full sync would give.
    const BoardData reference = boardOf(rig.hub.url());
    CacheStore cache(rig.dir.file("cache.db"));
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
    hub.addDevice("zaal-2", "second-device-token");
    SyncEngine engine(deltaSettings(hub.url(), dir.path()), nullptr);
    engine.syncOnce();
    const std::string id = firstOpen(*engine.snapshot()->board, true).id;
    REQUIRE(postDecision(hub.url(), "second-device-token", akkoord(id, "Voorzitter (zaal 2)")).status == 201);
    engine.syncOnce();
    const auto board = engine.snapshot()->board;
    CHECK(board->findEscalation(id)->status == EscalationStatus::Besloten);
    REQUIRE(board->decisions.size() == 1);
    CHECK(board->decisions[0].request.escalationId == id);
}

TEST_CASE("a cursor the hub cannot serve leads to a full resync", "[delta][sync][hub]") {
    ProxiedKiosk rig;
    SyncEngine& engine = rig.engine;
    const EditedBoard edited = editDemo();
    writeFile(rig.dir.file("edited.json"), edited.text, 0644);
    REQUIRE(rig.hub.command({"import", rig.dir.file("edited.json")}) == 0);
    REQUIRE(rig.hub.command({"compact", "--board", kDemoBoard}) == 0);
    rig.recording.take();
    engine.syncOnce();
    const auto requests = rig.recording.take();
    REQUIRE(requests.size() >= 2);
    CHECK_THAT(requests[0], Catch::Contains("/changes?since="));
    CHECK_THAT(requests[1], Catch::Contains("/snapshot"));
    const auto board = engine.snapshot()->board;
    CHECK(board->findAgreement(edited.removedId) == nullptr); // the deletion is seen despite no tombstone
    CHECK(board->findAgreement(edited.addedId) != nullptr);
    CHECK(engine.snapshot()->status.reach == Reachability::Online);

    // A hub restored from an older backup (the kiosk's cursor is ahead of it).
    TempDir other;
    HubProcess fresh(other.path());
    SyncEngine restarted(deltaSettings(fresh.url(), rig.dir.path()), nullptr);
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
    forEachKind([&](const auto& k) {
        if (k.name != "agreements") delta["upserts"][std::string(k.name)] = nlohmann::json::array();
    });
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
    for (const auto& variant : variants) {
        const std::string& body =
            variant.first; // a plain reference: lambdas cannot capture bindings in clang 14
        const std::string& where = variant.second;
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
