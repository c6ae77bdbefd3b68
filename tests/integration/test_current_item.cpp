// The current agenda item (issue 19): set by the chair's kiosk through the hub
// (POST /v1/boards/{board}/meetings/{meeting}/current), followed by every kiosk of the
// board through the paths they already have (snapshot, changes), kept by an import.
// Against the real hub (SQLite, and PostgreSQL in the postgres variant).

#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace regiebord;
using namespace regiebord::test;

namespace {

HttpResponse postCurrent(const std::string& hubUrl, const std::string& token, const std::string& meeting,
                         const std::string& body) {
    HttpClient http({});
    return http.perform({"POST",
                         hubUrl + "/v1/boards/demo-regio/meetings/" + meeting + "/current",
                         {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                         body});
}

const Meeting& meetingOf(const BoardData& board, const std::string& id) {
    const Meeting* m = board.findMeeting(id);
    REQUIRE(m);
    return *m;
}

} // namespace

TEST_CASE("current item: the chair's kiosk sets it through the hub, another kiosk follows",
          "[hub][meeting]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const BoardData demo = boardOf(hub.url());
    const Meeting& meeting = demo.meetings[demo.meetings.size() - 1];
    REQUIRE(meeting.agenda.size() > 3);
    CHECK_FALSE(meeting.current);
    const int order = meeting.agenda[3].order;

    // Two kiosks of the board: the chair's and the one on the wall.
    TempDir chairDir;
    TempDir wallDir;
    SyncEngine chair(demoKiosk(hub.url(), chairDir.path()), nullptr);
    SyncEngine wall(demoKiosk(hub.url(), wallDir.path()), nullptr);
    chair.syncOnce();
    wall.syncOnce();
    chair.setCurrentItem(meeting.id, order);
    chair.syncOnce();
    const auto mine = meetingOf(*chair.snapshot()->board, meeting.id);
    REQUIRE(mine.current);
    CHECK(mine.current->order == order);
    CHECK(mine.current->setBy == "demo-kiosk"); // the device's name at the hub, not what it claims
    wall.syncOnce();                            // its next poll (changes since its cursor)
    const auto followed = meetingOf(*wall.snapshot()->board, meeting.id);
    REQUIRE(followed.current);
    CHECK(followed.current->order == order);

    // The same again changes nothing: no new sequence for every kiosk to fetch.
    const std::int64_t seq = boardOf(hub.url()).seq;
    const auto again =
        postCurrent(hub.url(), kDemoToken, meeting.id, R"({"order":)" + std::to_string(order) + "}");
    CHECK(again.status == 200);
    CHECK(nlohmann::json::parse(again.body)["seq"] == seq);
    CHECK(boardOf(hub.url()).seq == seq);

    // An import of the board (the secretariat's file has no current item) keeps it.
    writeFile(dir.path() + "/board.json", demoBoardText());
    REQUIRE(hub.command({"import", dir.path() + "/board.json"}) == 0);
    const auto kept = meetingOf(boardOf(hub.url()), meeting.id);
    REQUIRE(kept.current);
    CHECK(kept.current->order == order);

    // None: cleared for everyone.
    chair.setCurrentItem(meeting.id, std::nullopt);
    chair.syncOnce();
    wall.syncOnce();
    CHECK_FALSE(meetingOf(*wall.snapshot()->board, meeting.id).current);
}

TEST_CASE("current item: what the hub refuses, and who may set it", "[hub][meeting]") {
    TempDir dir;
    HubProcess hub(dir.path());
    hub.addDevice("zaal-2", "second-device-token");
    const BoardData demo = boardOf(hub.url());
    const Meeting& meeting = demo.meetings[0];
    const std::int64_t seq = demo.seq;

    CHECK(postCurrent(hub.url(), kDemoToken, "geen-vergadering", R"({"order":1})").status == 404);
    const auto noItem = postCurrent(hub.url(), kDemoToken, meeting.id, R"({"order":999})");
    CHECK(noItem.status == 422);
    CHECK(nlohmann::json::parse(noItem.body)["error"]["code"] == "no_such_item");
    for (const char* body : {"", "{}", R"({"order":"1"})", R"({"order":-1})", R"({"order":1,"order":2})",
                             "[1]", "{\"order\":1"}) {
        INFO(body);
        CHECK(postCurrent(hub.url(), kDemoToken, meeting.id, body).status == 400);
    }
    CHECK(postCurrent(hub.url(), "wrong-token", meeting.id, R"({"order":1})").status == 401);
    CHECK(postCurrent(hub.url(), kDemoToken, "..", R"({"order":1})").status == 404);
    CHECK(boardOf(hub.url()).seq == seq); // nothing of the above changed the board

    // Any device of the board (the hub cannot see chair mode: the kiosk asks for the PIN).
    const auto set = postCurrent(hub.url(), "second-device-token", meeting.id,
                                 R"({"order":)" + std::to_string(meeting.agenda[0].order) + "}");
    CHECK(set.status == 200);
    const auto answer = nlohmann::json::parse(set.body);
    CHECK(answer["current_item"]["set_by"] == "zaal-2");
    CHECK(answer["seq"] == seq + 1);
}
