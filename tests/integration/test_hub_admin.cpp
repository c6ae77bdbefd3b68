// The hub's administration paths against the real hub process: re-imports
// that must not undo or orphan decisions, device tokens written safely, and
// the in-process server that must stop even right after it started.

#include "protocol.hpp"

#include "http_server.hpp"
#include "hub_api.hpp"
#include "hub_store.hpp"

#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <future>
#include <sys/stat.h>
#include <thread>

using namespace regiebord;
using namespace regiebord::test;

TEST_CASE("a re-import keeps decided escalations decided, and a second decision gets 409", "[hub][import]") {
    TempDir dir;
    HubProcess hub(dir.path());
    hub.addDevice("zaal-2", "second-device-token");
    const BoardData demo = parseBoard(demoBoardText(), DocumentKind::Import).value();
    const std::string id = firstOpen(demo).id;
    const std::string key = "3f1c2a9e-0d4b-4c7a-9e1f-2b3c4d5e6f70";
    const std::string body = encodeDecisionRequest(akkoord(id));
    REQUIRE(postDecision(hub.url(), kDemoToken, key, body).status == 201);
    // The kiosk sends it again (its answer was lost): the same decision, not a second one.
    REQUIRE(postDecision(hub.url(), kDemoToken, key, body).status == 200);

    // The secretariat imports its file again: it still says "open".
    const std::string file = dir.path() + "/board.json";
    writeFile(file, demoBoardText());
    REQUIRE(hub.command({"import", file}) == 0);

    const auto snap = getSnapshot(hub.url());
    REQUIRE(snap.status == 200);
    auto board = parseBoard(snap.body, DocumentKind::Snapshot);
    REQUIRE(board);
    const Escalation* e = board.value().findEscalation(id);
    REQUIRE(e);
    CHECK(e->status == EscalationStatus::Besloten);
    int lines = 0;
    for (const auto& h : e->history)
        lines += h.text.rfind("Besluit:", 0) == 0 ? 1 : 0;
    CHECK(lines == 1);

    // Another device may not decide it again.
    const auto again = postDecision(hub.url(), "second-device-token", akkoord(id));
    CHECK(again.status == 409);
    CHECK(nlohmann::json::parse(again.body)["error"]["code"] == "already_decided");

    // `decisions` lists what the hub holds: that one decision, once.
    std::string listed;
    REQUIRE(hub.command({"decisions", "--board", "demo-regio"}, &listed) == 0);
    CHECK_THAT(listed, Catch::StartsWith("received\tsubject\toutcome\toption\tdevice\tkey\n") &&
                           Catch::Contains("\t" + id + "\takkoord\t-\t") &&
                           Catch::EndsWith("\t" + key + "\n"));
    CHECK(std::count(listed.begin(), listed.end(), '\n') == 2);
    CHECK(hub.command({"decisions", "--board", "nergens"}) == 1);

    // A third import changes nothing: the sequence stays.
    std::string out;
    REQUIRE(hub.command({"import", file}, &out) == 0);
    const auto seqAfter = parseBoard(getSnapshot(hub.url()).body, DocumentKind::Snapshot).value().seq;
    CHECK(seqAfter == board.value().seq);
}

TEST_CASE("an import that drops a decided escalation is refused whole", "[hub][import]") {
    TempDir dir;
    HubProcess hub(dir.path());
    BoardData demo = parseBoard(demoBoardText(), DocumentKind::Import).value();
    const std::string id = firstOpen(demo).id;
    REQUIRE(postDecision(hub.url(), kDemoToken, akkoord(id)).status == 201);
    const auto before = parseBoard(getSnapshot(hub.url()).body, DocumentKind::Snapshot).value();

    demo.escalations.eraseIf([&](const Escalation& x) { return x.id == id; });
    for (std::size_t m = 0; m < demo.meetings.size(); ++m)
        for (auto& item : demo.meetings.mutableAt(m).agenda)
            if (item.escalation == id) item.escalation.reset();
    demo.agreements.mutableAt(0).title = "Deze wijziging mag niet landen";
    const std::string file = dir.path() + "/board.json";
    writeFile(file, encodeBoard(demo, DocumentKind::Import));
    std::string out;
    CHECK(hub.command({"import", file}, &out) != 0);
    CHECK_THAT(out, Catch::Contains("refused") && Catch::Contains(id));

    // Nothing landed, and the snapshot is still a valid document.
    const auto snap = getSnapshot(hub.url());
    REQUIRE(snap.status == 200);
    auto after = parseBoard(snap.body, DocumentKind::Snapshot);
    REQUIRE(after);
    CHECK(after.value().seq == before.seq);
    CHECK(after.value().findEscalation(id) != nullptr);
    CHECK(after.value().agreements[0].title == before.agreements[0].title);
}

TEST_CASE("device add writes its token file 0600 or adds nothing", "[hub][devices]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const std::string good = dir.path() + "/zaal-3.token";
    REQUIRE(hub.command({"device", "add", "--board", kDemoBoard, "--name", "zaal-3", "--token-file", good}) ==
            0);
    struct stat st {};
    REQUIRE(::stat(good.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string token = readFile(good);
    CHECK(token.size() > 40);

    // An unwritable place: a loud failure, and no device without a token.
    std::string out;
    CHECK(hub.command({"device", "add", "--board", kDemoBoard, "--name", "zaal-4", "--token-file",
                       dir.path() + "/no-such-dir/zaal-4.token"},
                      &out) != 0);
    CHECK_THAT(out, Catch::Contains("--token-file") && Catch::Contains("no device added"));
    // A duplicate name and a token with a space: clear errors, not SQLite's.
    out.clear();
    CHECK(hub.command({"device", "add", "--board", kDemoBoard, "--name", "zaal-3", "--token",
                       "a-long-enough-token-1234"},
                      &out) != 0);
    CHECK_THAT(out, Catch::Contains("exists already"));
    out.clear();
    CHECK(hub.command({"device", "add", "--board", kDemoBoard, "--name", "zaal-5", "--token",
                       "has a space in the token"},
                      &out) != 0);
    CHECK_THAT(out, Catch::Contains("--token"));

    out.clear();
    REQUIRE(hub.command({"devices"}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("zaal-3"));
    CHECK_THAT(out, !Catch::Contains("zaal-4"));
    CHECK_THAT(out, !Catch::Contains("zaal-5"));
}

TEST_CASE("the in-process hub stops right after it started", "[hub]") {
    TempDir dir;
    hub::HubStore store(dir.path() + "/hub.db");
    for (int i = 0; i < 20; ++i) {
        // (A hang here shows as the ctest timeout: the future's destructor waits.)
        auto done = std::async(std::launch::async, [&] {
            hub::HubApi api(store);
            hub::HttpServer server(api, {});
            const int port = server.bind("127.0.0.1", 0);
            std::thread serving([&] { server.run(); });
            server.stop();
            serving.join();
            return port;
        });
        REQUIRE(done.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
        CHECK(done.get() > 0);
    }
}

TEST_CASE("a revoked device is refused at once and its kiosk says it is disconnected; a removed one keeps "
          "its decisions",
          "[hub][devices]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData demo = boardOf(hub.url());
    REQUIRE(postDecision(hub.url(), kDemoToken, akkoord(firstOpen(demo).id)).status == 201);

    SyncSettings settings = demoKiosk(hub.url(), dir.path());
    settings.heartbeatInterval = std::chrono::hours(1);
    SyncEngine engine(settings, nullptr);
    engine.syncOnce();
    REQUIRE(engine.snapshot()->status.reach == Reachability::Online);
    const std::string deviceId = engine.snapshot()->status.deviceId;

    std::string out;
    REQUIRE(hub.command({"device", "revoke", "demo-kiosk"}, &out) == 0);
    // The very next request is refused, with a code of its own.
    const auto refused = getSnapshot(hub.url());
    CHECK(refused.status == 401);
    CHECK(nlohmann::json::parse(refused.body)["error"]["code"] == "device_revoked");
    engine.syncOnce();
    const auto status = engine.snapshot()->status;
    CHECK(status.reach == Reachability::Refused);
    CHECK(status.refusal == HubRefusal::Disconnected);
    CHECK_THAT(status.lastError, Catch::Contains("HTTP 401: device_revoked"));
    CHECK(engine.snapshot()->board); // the last good board stays on the screen

    REQUIRE(hub.command({"devices"}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("REVOKED"));

    // Removed: out of the list, its name free, and the decision it recorded still names it.
    REQUIRE(hub.command({"device", "remove", "demo-kiosk"}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("the decisions it recorded keep naming its id"));
    REQUIRE(hub.command({"devices"}, &out) == 0);
    CHECK_THAT(out, !Catch::Contains("demo-kiosk"));
    hub.addDevice("demo-kiosk", "the-new-token-of-demo-kiosk");
    std::string other;
    for (const auto& e : demo.escalations)
        if (e.status == EscalationStatus::Open && e.id != firstOpen(demo).id) other = e.id;
    REQUIRE_FALSE(other.empty());
    const auto fresh = postDecision(hub.url(), "the-new-token-of-demo-kiosk", akkoord(other));
    CHECK(fresh.status == 201);
    // The old decision kept its device, read with the new device's token.
    const auto snap = getSnapshot(hub.url());
    CHECK(snap.status == 401); // getSnapshot uses the old, removed token
    HttpClient http{HttpOptions{}};
    HttpRequest request{"GET",
                        hub.url() + "/v1/boards/demo-regio/snapshot",
                        {{"Authorization", "Bearer the-new-token-of-demo-kiosk"}},
                        ""};
    const auto board = parseBoard(http.perform(request).body, DocumentKind::Snapshot);
    REQUIRE(board);
    REQUIRE(board.value().decisions.size() == 2);
    CHECK(board.value().decisions[0].deviceId == deviceId);
    CHECK(board.value().decisions[1].deviceId != deviceId);
}
