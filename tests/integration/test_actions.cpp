// Actions (actiepunten), the kind added through the kind registry (sync/kinds.hpp):
// imported on the hub, they reach a kiosk in its snapshot and then as changes
// (added, closed, removed), its cache holds them, and an action that names what
// does not exist is refused whole on import.

#include "cache_store.hpp"
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

SyncSettings settingsFor(const HubProcess& hub, const TempDir& dir) {
    SyncSettings s = demoKiosk(hub.url(), dir.path());
    s.heartbeatInterval = std::chrono::hours(1);
    return s;
}

const Action* findAction(const BoardData& board, const std::string& id) {
    for (const auto& a : board.actions)
        if (a.id == id) return &a;
    return nullptr;
}

int importBoard(const HubProcess& hub, const TempDir& dir, const BoardData& board) {
    writeFile(dir.file("board.json"), encodeBoard(board, DocumentKind::Import), 0644);
    return hub.command({"import", dir.file("board.json")});
}

} // namespace

TEST_CASE("actions travel to the kiosk: in the snapshot, then added, closed and removed as changes",
          "[actions][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    SyncEngine engine(settingsFor(hub, dir), nullptr);
    engine.syncOnce();
    const auto first = engine.snapshot()->board;
    REQUIRE(first);
    BoardData demo = parseBoard(demoBoardText(), DocumentKind::Import).value();
    REQUIRE(first->actions.size() == demo.actions.size());
    REQUIRE(findAction(*first, "act-02"));
    CHECK(findAction(*first, "act-02")->status == ActionStatus::Open);

    // The programme office closes act-02, drops act-06 and adds one from the coming meeting.
    BoardData edited = demo;
    for (std::size_t i = 0; i < edited.actions.size(); ++i)
        if (edited.actions[i].id == "act-02") edited.actions.mutableAt(i).status = ActionStatus::Afgerond;
    edited.actions.eraseIf([](const Action& a) { return a.id == "act-06"; });
    Action added;
    added.id = "act-07";
    added.title = "Uitvoeringsagenda 2027 voorbereiden (demo)";
    added.owner = "corp-demohuis";
    added.due = "2027-02-01";
    added.meeting = "mtg-2026-12";
    added.agendaItem = 2;
    added.createdAt = "2026-12-04T10:00:00Z";
    edited.actions.push_back(added);
    REQUIRE(importBoard(hub, dir, edited) == 0);

    engine.syncOnce();
    const auto after = engine.snapshot()->board;
    REQUIRE(after);
    CHECK(after->seq > first->seq);
    REQUIRE(findAction(*after, "act-02"));
    CHECK(findAction(*after, "act-02")->status == ActionStatus::Afgerond);
    CHECK_FALSE(findAction(*after, "act-06"));
    REQUIRE(findAction(*after, "act-07"));
    CHECK(findAction(*after, "act-07")->agendaItem == std::optional<int>(2));
    CHECK(after->actions.size() == demo.actions.size());

    // The cache, updated from the delta, holds the same actions (a restart shows them).
    CacheStore cache(dir.file("cache.db"));
    const auto cached = cache.load(kDemoBoard);
    REQUIRE(cached);
    CHECK(cached->data.seq == after->seq);
    REQUIRE(cached->data.actions.size() == after->actions.size());
    for (std::size_t i = 0; i < after->actions.size(); ++i) {
        const Action* c = findAction(cached->data, after->actions[i].id);
        REQUIRE(c);
        CHECK(toJson(*c) == toJson(after->actions[i]));
    }
}

TEST_CASE("an action whose owner does not exist is refused whole on import", "[actions][sync][hub]") {
    TempDir dir;
    HubProcess hub(dir.path());
    SyncEngine engine(settingsFor(hub, dir), nullptr);
    engine.syncOnce();
    const auto before = engine.snapshot()->board;
    REQUIRE(before);

    BoardData bad = parseBoard(demoBoardText(), DocumentKind::Import).value();
    bad.actions.mutableAt(0).title = "Dit mag niet binnenkomen";
    bad.actions.mutableAt(1).owner = "gem-bestaat-niet";
    CHECK(importBoard(hub, dir, bad) != 0);

    engine.syncOnce();
    const auto after = engine.snapshot()->board;
    REQUIRE(after);
    CHECK(after->seq == before->seq); // nothing changed on the hub
    CHECK(after->actions[0].title == before->actions[0].title);
}
