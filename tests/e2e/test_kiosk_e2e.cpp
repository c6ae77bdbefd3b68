// End to end: the real hub, the real kiosk under Xvfb, real X input events
// (xdotool). The chair opens an escalation, picks an option, confirms, and
// the hub holds the decision exactly once.

#include "http_client.hpp"
#include "protocol.hpp"
#include "sqlite.hpp"
#include "view_model.hpp"

#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wuseless-cast"
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>
#pragma GCC diagnostic pop
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace regiebord;
using namespace regiebord::test;

namespace {

struct Rect {
    double x, y, w, h;
    std::string text;
    double cap = 0;              ///< px height of its text's capitals (0: no text)
    bool list = false;           ///< in a scrolling list: may lie under the fold, reachable by scrolling
    bool target = false;         ///< a button
    double viewY = 0, viewH = 0; ///< where its window shows content (a list scrolls it there)
};

/// The map's type scale: the body text's capitals, the least allowed, and px per design unit.
struct TypeScale {
    double bodyCap = 0, minCap = 0, scale = 0;
};

class UiMapFile {
public:
    explicit UiMapFile(std::string path) : m_path(std::move(path)) {}
    std::optional<Rect> find(const std::string& name) const {
        for (const auto& [n, r] : items())
            if (n == name) return r;
        return std::nullopt;
    }
    std::optional<std::pair<std::string, Rect>> firstWithPrefix(const std::string& prefix) const {
        for (auto& item : items())
            if (item.first.rfind(prefix, 0) == 0) return item;
        return std::nullopt;
    }
    std::vector<std::pair<std::string, Rect>> items() const {
        std::vector<std::pair<std::string, Rect>> out;
        const std::string text = readFile(m_path);
        if (text.empty()) return out;
        const auto doc = nlohmann::json::parse(text, nullptr, false);
        if (doc.is_discarded()) return out;
        for (const auto& i : doc["items"])
            out.emplace_back(i["name"].get<std::string>(),
                             Rect{i["x"].get<double>(), i["y"].get<double>(), i["w"].get<double>(),
                                  i["h"].get<double>(), i["text"].get<std::string>(), i.value("cap", 0.0),
                                  i.value("list", false), i.value("target", false),
                                  i.contains("view") ? i["view"][1].get<double>() : 0.0,
                                  i.contains("view") ? i["view"][3].get<double>() : 0.0});
        return out;
    }
    /// The screen the map's frame showed ("" before the first frame).
    std::string screen() const {
        const auto doc = nlohmann::json::parse(readFile(m_path), nullptr, false);
        return doc.is_discarded() ? std::string() : doc.value("screen", std::string());
    }
    TypeScale type() const {
        const auto doc = nlohmann::json::parse(readFile(m_path), nullptr, false);
        if (doc.is_discarded() || !doc.contains("type")) return {};
        const auto& t = doc["type"];
        return {t.value("body_cap", 0.0), t.value("min_cap", 0.0), t.value("scale", 0.0)};
    }
    bool waitFor(const std::string& name, std::chrono::seconds timeout = std::chrono::seconds(20)) const {
        return waitUntil([&] { return find(name).has_value(); }, timeout);
    }
    /// The number of the frame the map was written with (-1 before the first).
    long frame() const {
        const auto doc = nlohmann::json::parse(readFile(m_path), nullptr, false);
        return doc.is_discarded() ? -1 : doc.value("frame", -1L);
    }
    /// Waits until the item is there and stays put for 150 ms: a dialog may be laid out at one place
    /// in its first frame and centred in the next, and a tap at the first place would miss.
    std::optional<Rect> waitForSettled(const std::string& name,
                                       std::chrono::seconds timeout = std::chrono::seconds(20)) const {
        std::optional<Rect> settled;
        waitUntil(
            [&] {
                const auto first = find(name);
                if (!first) return false;
                usleep(150'000);
                const auto second = find(name);
                if (!second || second->x != first->x || second->y != first->y) return false;
                settled = second;
                return true;
            },
            timeout);
        return settled;
    }

private:
    std::string m_path;
};

/// Where the test's pointer acts: an X display, and the kiosk's rotation on an output of
/// width x height, so that a point of the (turned) picture the UI map names is tapped where the
/// output shows it (the inverse of Display::toPicture).
struct Pointer {
    std::string display;
    int rotation = 0;
    double width = 0, height = 0; ///< the output, unturned

    Pointer(std::string x) : display(std::move(x)) {} // NOLINT: a display alone is an unturned pointer
    Pointer(std::string x, int turn, double w, double h)
        : display(std::move(x)), rotation(turn), width(w), height(h) {}

    /// Moves to the picture's point (px, py) and clicks the button (1, or 4/5 for the wheel).
    void click(double px, double py, const char* button) const {
        double x = px, y = py;
        if (rotation == 90) x = width - py, y = px;
        if (rotation == 180) x = width - px, y = height - py;
        if (rotation == 270) x = py, y = height - px;
        REQUIRE(runCommand({"xdotool", "mousemove", std::to_string(static_cast<int>(x)),
                            std::to_string(static_cast<int>(y)), "click", button},
                           {{"DISPLAY", display}}) == 0);
    }
};

void tap(const Pointer& pointer, const Rect& r) {
    pointer.click(r.x + r.w / 2, r.y + r.h / 2, "1");
}

/// Taps the item once it is in view: an item of a scrolling list that lies outside its
/// window's view is first scrolled there with the mouse wheel, as a person would drag it.
void tapInView(const Pointer& pointer, const UiMapFile& map, const std::string& name) {
    for (int attempt = 0; attempt < 30; ++attempt) {
        const auto r = map.waitForSettled(name);
        REQUIRE(r);
        // In view when a finger can land on it: its visible part at least 24 px tall (an
        // option may be taller than a small screen's view of the list).
        const double top = std::max(r->y, r->viewY);
        const double bottom = std::min(r->y + r->h, r->viewY + r->viewH);
        const bool above = r->y < r->viewY - 0.5;
        const bool below = r->y + r->h > r->viewY + r->viewH + 0.5;
        if (!r->list || r->viewH <= 0 || (!above && !below) || bottom - top >= 24) {
            Rect visible = *r;
            if (r->list && r->viewH > 0) {
                visible.y = top;
                visible.h = bottom - top;
            }
            tap(pointer, visible);
            return;
        }
        pointer.click(r->x + r->w / 2, r->viewY + r->viewH / 2, below ? "5" : "4");
    }
    FAIL(name << " did not scroll into view");
}

/// The kiosk's command line in these tests: no config file, the demo board with the token in
/// dir, state in stateDir, SDL's software renderer; then the test's own flags (the hub among them).
std::vector<std::string> kioskArgs(const std::string& dir, const std::string& stateDir,
                                   std::initializer_list<std::string> extra) {
    std::vector<std::string> args{
        REGIEBORD_KIOSK_BINARY, "--config",    "/dev/null", "--board",    kDemoBoard, "--token-file",
        dir + "/token",         "--state-dir", stateDir,    "--renderer", "software"};
    args.insert(args.end(), extra);
    return args;
}

BoardData hubBoard(const std::string& url) {
    HttpClient http({});
    const auto r = http.perform({"GET",
                                 url + "/v1/boards/demo-regio/snapshot",
                                 {{"Authorization", std::string("Bearer ") + kDemoToken}},
                                 {}});
    REQUIRE(r.status == 200);
    auto parsed = parseBoard(r.body, DocumentKind::Snapshot);
    REQUIRE(parsed);
    return std::move(parsed).value();
}

/// Types the PIN on the keypad a key at a time, once the dialog stands still (it is centred a
/// frame after it opens; at 4K a software-rendered frame takes long enough for a tap to land
/// on the first frame's place): each key is taken (one more dot) before the next is pressed.
void typePin(const Pointer& pointer, const UiMapFile& map, const std::string& pin) {
    for (std::size_t i = 0; i < pin.size(); ++i) {
        tap(pointer, *map.waitForSettled(std::string("pin.key.") + pin[i])); // the dialog centred
        REQUIRE(waitUntil(
            [&] {
                const auto entry = map.find("pin.entry");
                return entry && entry->text == std::to_string(i + 1);
            },
            std::chrono::seconds(10)));
    }
    tap(pointer, *map.find("pin.key.ok"));
}

/// Opens an open escalation's detail from the list; returns its id.
std::string openEscalation(const std::string& display, const UiMapFile& map, const std::string& skip = {}) {
    tap(display, *map.find("tab.escalaties"));
    REQUIRE(waitUntil(
        [&] {
            for (const auto& [name, r] : map.items())
                if (name.rfind("escalation.open.", 0) == 0 && name != "escalation.open." + skip) return true;
            return false;
        },
        std::chrono::seconds(10)));
    for (const auto& [name, r] : map.items()) {
        if (name.rfind("escalation.open.", 0) != 0 || name == "escalation.open." + skip) continue;
        const std::string id = name.substr(std::string("escalation.open.").size());
        tap(display, r);
        REQUIRE(map.waitFor("escalation.detail." + id));
        return id;
    }
    FAIL("no open escalation to open");
    return {};
}

/// Chooses the first option, records and confirms; the decision enters the undo window.
/// With kioskPid: once the confirmation stands still on screen (the kiosk stopped drawing), one
/// more frame (SIGUSR1: a screenshot for IT) must not move it: the dialog got the frames it
/// needed to settle, and a finger lands where it is shown.
std::string decideFirstOption(const std::string& display, const UiMapFile& map, bool withNote = false,
                              int kioskPid = 0) {
    const auto [optionName, option] = *map.firstWithPrefix("option.");
    tap(display, option);
    tap(display, *map.find("decision.record"));
    const auto ok = map.waitForSettled("confirm.ok");
    REQUIRE(ok);
    if (kioskPid > 0) {
        usleep(500'000); // the kiosk at rest
        const long before = map.frame();
        const auto shown = map.find("confirm.ok");
        REQUIRE(shown);
        REQUIRE(kill(kioskPid, SIGUSR1) == 0);
        REQUIRE(waitUntil([&] { return map.frame() > before; }, std::chrono::seconds(5)));
        const auto next = map.find("confirm.ok");
        REQUIRE(next);
        CHECK(next->x == shown->x);
        CHECK(next->y == shown->y);
    }
    if (withNote) {
        tap(display, *map.find("note.1")); // a preset phrase: no typing at the table
        usleep(300'000);
    }
    tap(display, *map.waitForSettled("confirm.ok"));
    REQUIRE(map.waitFor("decision.state.held"));
    return optionName.substr(std::string("option.").size());
}

/// Sets the chair PIN the way IT does: on standard input, stored as a salted hash.
void setChairPin(const std::string& state, const std::string& pin) {
    REQUIRE(runCommand({"sh", "-c",
                        "printf '" + pin + "\\n' | '" + std::string(REGIEBORD_KIOSK_BINARY) +
                            "' --config /dev/null --state-dir '" + state + "' --set-pin"}) == 0);
}

/// A meeting room for the chair tests: the real hub with the demo board, an
/// Xvfb, the device token and the chair PIN 2468 set the way IT sets it.
struct ChairRoom {
    TempDir dir;
    HubProcess hub{dir.path()};
    Xvfb x{dir.path(), 1280, 720};
    std::string state = dir.path() + "/kiosk";
    std::string mapPath = dir.path() + "/ui-map.json";

    ChairRoom() {
        writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
        setChairPin(state, "2468");
    }
    /// The kiosk on the Escalaties screen, writing its UI map.
    ChildProcess startKiosk(const std::string& logName) const {
        // A 65" screen: at 1280x720 every option and the record button are in view without
        // scrolling (xdotool taps where the map says, even under the fold).
        return ChildProcess(kioskArgs(dir.path(), state,
                                      {"--hub", hub.url(), "--poll-seconds", "2", "--screen", "escalaties",
                                       "--screen-inches", "65", "--ui-map", mapPath}),
                            dir.path() + "/" + logName, {{"DISPLAY", x.display()}});
    }
    /// Once the list shows: opens the first open escalation and unlocks chair mode with
    /// the PIN; returns the escalation's id.
    std::string openEscalationAsChair(const UiMapFile& map) const {
        REQUIRE(waitUntil([&] { return map.firstWithPrefix("escalation.open.").has_value(); },
                          std::chrono::seconds(30)));
        const std::string escalation = openEscalation(x.display(), map);
        tap(x.display(), *map.find("chair.open"));
        REQUIRE(map.waitFor("pin.dialog"));
        typePin(x.display(), map, "2468");
        REQUIRE(map.waitFor("chair.close"));
        return escalation;
    }
};

} // namespace

TEST_CASE("the chair unlocks with the PIN, decides, undoes one, and the hub holds exactly the other",
          "[e2e][ui][chair]") {
    ChairRoom room;
    const auto& x = room.x;
    const auto& hub = room.hub;
    CHECK(readFile(room.state + "/chair.pin").rfind("pbkdf2-sha256$", 0) == 0);

    ChildProcess kiosk = room.startKiosk("kiosk.log");
    UiMapFile map(room.mapPath);
    INFO("kiosk log: " << kiosk.log());
    REQUIRE(waitUntil([&] { return map.firstWithPrefix("escalation.open.").has_value(); },
                      std::chrono::seconds(30)));
    REQUIRE(map.waitFor("status.online"));

    // Outside chair mode the options can be read but not chosen.
    const std::string first = openEscalation(x.display(), map);
    CHECK_FALSE(map.firstWithPrefix("option."));
    CHECK_FALSE(map.find("decision.record"));
    REQUIRE(map.find("chair.open"));

    // A wrong PIN is refused; the right one opens chair mode.
    tap(x.display(), *map.find("chair.open"));
    REQUIRE(map.waitFor("pin.dialog"));
    typePin(x.display(), map, "1111");
    REQUIRE(map.waitFor("pin.message"));
    CHECK_FALSE(map.find("chair.close"));
    typePin(x.display(), map, "2468");
    REQUIRE(map.waitFor("chair.close"));
    REQUIRE(waitUntil([&] { return !map.find("pin.dialog"); }, std::chrono::seconds(5)));

    // Decide the first escalation, then take it back inside the undo window.
    REQUIRE(waitUntil([&] { return map.firstWithPrefix("option.").has_value(); }, std::chrono::seconds(5)));
    decideFirstOption(x.display(), map);
    tap(x.display(), *map.find("decision.undo"));
    REQUIRE(waitUntil([&] { return map.firstWithPrefix("option.").has_value(); }, std::chrono::seconds(5)));
    CHECK_FALSE(map.find("decision.state.held"));

    // Decide another one and let the window pass: it reaches the hub.
    const std::string second = openEscalation(x.display(), map, first);
    REQUIRE(second != first);
    const std::string optionId = decideFirstOption(x.display(), map, true, kiosk.pid());
    REQUIRE(map.waitFor("decision.state.confirmed", std::chrono::seconds(40)));

    const BoardData after = hubBoard(hub.url());
    REQUIRE(after.decisions.size() == 1);
    CHECK(after.decisions[0].request.escalationId == second);
    CHECK(after.decisions[0].request.optionId == optionId);
    CHECK(after.decisions[0].request.note == "Terug op de agenda van de volgende vergadering.");
    CHECK(after.findEscalation(first)->status == EscalationStatus::Open);
    CHECK(after.findEscalation(second)->status == EscalationStatus::Besloten);

    CHECK(kiosk.stop() == 0); // SIGTERM ends the kiosk cleanly
}

TEST_CASE("the chair holds an escalation over, then decides it again: the hub holds both decisions",
          "[e2e][ui][chair]") {
    ChairRoom room;
    const auto& x = room.x;
    ChildProcess kiosk = room.startKiosk("kiosk.log");
    UiMapFile map(room.mapPath);
    INFO("kiosk log: " << kiosk.log());
    const std::string escalation = room.openEscalationAsChair(map);
    REQUIRE(map.waitFor("outcome.aangehouden", std::chrono::seconds(5)));

    // Held over: once the hub confirms it, the escalation offers the choices again.
    tap(x.display(), *map.find("outcome.aangehouden"));
    tap(x.display(), *map.find("decision.record"));
    tap(x.display(), *map.waitForSettled("confirm.ok"));
    REQUIRE(map.waitFor("decision.state.held"));
    REQUIRE(map.waitFor("decision.state.held_over", std::chrono::seconds(40)));
    REQUIRE(map.waitFor("decision.record", std::chrono::seconds(5)));

    // The follow-up decision in the next meeting.
    const std::string optionId = decideFirstOption(x.display(), map);
    REQUIRE(map.waitFor("decision.state.confirmed", std::chrono::seconds(40)));
    const BoardData after = hubBoard(room.hub.url());
    std::vector<Decision> onIt;
    for (const auto& d : after.decisions)
        if (d.request.escalationId == escalation) onIt.push_back(d);
    REQUIRE(onIt.size() == 2);
    CHECK(onIt[0].request.outcome == Outcome::Aangehouden);
    CHECK(onIt[1].request.optionId == optionId);
    CHECK(after.findEscalation(escalation)->status == EscalationStatus::Besloten);
    CHECK(kiosk.stop() == 0);
}

TEST_CASE("a decision still in its undo window is recorded, not lost, when the service is stopped",
          "[e2e][ui][chair]") {
    ChairRoom room;
    const auto& x = room.x;
    const auto& hub = room.hub;
    const std::string& state = room.state;
    ChildProcess kiosk = room.startKiosk("kiosk.log");
    UiMapFile map(room.mapPath);
    INFO("kiosk log: " << kiosk.log());
    const std::string escalation = room.openEscalationAsChair(map);
    REQUIRE(waitUntil([&] { return map.firstWithPrefix("option.").has_value(); }, std::chrono::seconds(5)));
    decideFirstOption(x.display(), map);

    // systemd stops the service (an upgrade, a reboot) while the undo window runs.
    CHECK(kiosk.stop() == 0);
    CHECK_THAT(kiosk.log(),
               Catch::Contains("1 confirmed decision(s) still in their undo window recorded now"));
    std::string rows;
    REQUIRE(runCommand({"sqlite3", "-readonly", state + "/outbox.db",
                        "select subject from decision where state in ('queued', 'sending', 'confirmed')"},
                       {}, &rows) == 0);
    CHECK(rows == escalation + "\n"); // in the durable outbox (the engine may even have sent it already)

    // Started again, the kiosk delivers it: the hub holds exactly that one decision.
    ChildProcess again = room.startKiosk("kiosk2.log");
    REQUIRE(waitUntil([&] { return hubBoard(hub.url()).decisions.size() == 1; }, std::chrono::seconds(30)));
    CHECK(hubBoard(hub.url()).decisions[0].request.escalationId == escalation);
    CHECK(again.stop() == 0);
}

TEST_CASE("the kiosk starts from its cache with the hub down and shows it is offline", "[e2e][ui][offline]") {
    TempDir dir;
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const auto common = kioskArgs(dir.path(), dir.path() + "/kiosk", {"--size", "1280x720"});
    Xvfb x(dir.path(), 1280, 720);
    {
        HubProcess hub(dir.path());
        auto args = common;
        args.insert(args.end(), {"--hub", hub.url(), "--screenshot", dir.path() + "/online.png", "--ui-map",
                                 dir.path() + "/online.json"});
        ChildProcess kiosk(args, dir.path() + "/kiosk-online.log", {{"DISPLAY", x.display()}});
        REQUIRE(kiosk.wait(std::chrono::seconds(60)) == 0);
        CHECK(UiMapFile(dir.path() + "/online.json").find("status.online"));
    }
    auto args = common;
    args.insert(args.end(), {"--hub", "http://127.0.0.1:1", "--screenshot", dir.path() + "/offline.png",
                             "--ui-map", dir.path() + "/offline.json"});
    ChildProcess kiosk(args, dir.path() + "/kiosk-offline.log", {{"DISPLAY", x.display()}});
    REQUIRE(kiosk.wait(std::chrono::seconds(60)) == 0);
    UiMapFile map(dir.path() + "/offline.json");
    CHECK(map.find("status.offline"));
    CHECK(map.find("overview.open_escalations"));                             // the cached board is on screen
    CHECK(map.find("status.freshness")->text.find(':') != std::string::npos); // "bijgewerkt om hh:mm"
    CHECK(std::filesystem::file_size(dir.path() + "/offline.png") > 10000);
}

TEST_CASE("a kiosk whose device was revoked keeps its board and says in Dutch whom to call",
          "[e2e][ui][devices]") {
    TempDir dir;
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    writeFile(dir.path() + "/regiebord.toml",
              "[hub]\nsupport_contact = \"Servicedesk Voorbeeldland, 0000 000 000\"\n");
    auto common = kioskArgs(dir.path(), dir.path() + "/kiosk", {"--size", "1280x720"});
    common[2] = dir.path() + "/regiebord.toml"; // --config
    Xvfb x(dir.path(), 1280, 720);
    HubProcess hub(dir.path());
    {
        auto args = common;
        args.insert(args.end(), {"--hub", hub.url(), "--screenshot", dir.path() + "/online.png"});
        ChildProcess kiosk(args, dir.path() + "/kiosk-online.log", {{"DISPLAY", x.display()}});
        REQUIRE(kiosk.wait(std::chrono::seconds(60)) == 0);
    }
    REQUIRE(hub.command({"device", "revoke", "demo-kiosk"}) == 0);
    auto args = common;
    args.insert(args.end(), {"--hub", hub.url(), "--screenshot", dir.path() + "/revoked.png", "--ui-map",
                             dir.path() + "/revoked.json"});
    ChildProcess kiosk(args, dir.path() + "/kiosk-revoked.log", {{"DISPLAY", x.display()}});
    REQUIRE(kiosk.wait(std::chrono::seconds(60)) == 0);
    UiMapFile map(dir.path() + "/revoked.json");
    REQUIRE(map.find("status.refused"));
    CHECK(map.find("status.refused")->text ==
          "\u25CF Dit scherm is losgekoppeld van de hub. Bel Servicedesk Voorbeeldland, 0000 000 000.");
    CHECK(map.find("overview.open_escalations"));                         // the cached board stays on screen
    CHECK_THAT(kiosk.log(), Catch::Contains("HTTP 401: device_revoked")); // the detail is in the journal
}

namespace {

bool overlaps(const Rect& a, const Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/// Share of pixels that differ from the background colour (0 for a blank frame).
double inkShare(const std::string& png) {
    int w = 0, h = 0, n = 0;
    unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &n, 3);
    REQUIRE(pixels);
    std::size_t ink = 0;
    const std::size_t count = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned char* p = pixels + 3 * i;
        ink += (std::abs(p[0] - 0x14) + std::abs(p[1] - 0x1B) + std::abs(p[2] - 0x2D)) > 24 ? 1 : 0;
    }
    stbi_image_free(pixels);
    return count ? double(ink) / double(count) : 0.0;
}

} // namespace

namespace {

/// The demo board plus what stretches a layout: 40 more agreements with very long titles
/// (200 characters, long words), and 3 more open escalations, one with four long options.
std::string longBoardText() {
    nlohmann::json doc = nlohmann::json::parse(demoBoardText());
    const std::string words = "Herstructurering en verduurzaming van naoorlogse portiekflats met "
                              "woningsplitsing, optoppen en transformatie naar betaalbare huurwoningen "
                              "voor jongeren, ouderen en statushouders in de kernen Voorbeeldstad";
    const nlohmann::json model = doc["agreements"][0];
    for (int i = 1; i <= 40; ++i) {
        nlohmann::json a = model;
        a["id"] = "pa-lang-" + std::to_string(i);
        a["title"] = (std::to_string(i) + ". " + words).substr(0, 200);
        doc["agreements"].push_back(a);
    }
    nlohmann::json model4;
    for (const auto& e : doc["escalations"])
        if (e["options"].size() == 4) model4 = e;
    REQUIRE(!model4.is_null());
    for (int i = 1; i <= 3; ++i) {
        nlohmann::json e = model4;
        e["id"] = "esc-lang-" + std::to_string(i);
        e["title"] = ("Escalatie " + std::to_string(i) + ": " + words).substr(0, 200);
        for (auto& o : e["options"]) {
            o["id"] = o["id"].get<std::string>() + "-lang-" + std::to_string(i);
            o["label"] = (o["label"].get<std::string>() + ", " + words).substr(0, 160);
        }
        doc["escalations"].push_back(e);
    }
    return doc.dump();
}

/// A hub with the long board (longBoardText), imported the way the programme office does.
void importLongBoard(const HubProcess& hub, const std::string& dir) {
    writeFile(dir + "/long-board.json", longBoardText(), 0644);
    std::string output;
    REQUIRE(hub.command({"import", dir + "/long-board.json"}, &output) == 0);
}

/// What every frame of every screen holds, in a picture width x height: no clipped panel,
/// nothing past the sides, nothing under the fold that is not in a scrolling list, every
/// text at least the room's least size, every button a touch target, the tabs apart.
void checkLayout(const UiMapFile& map, double width, double height, std::size_t tabCount,
                 const std::string& boardName) {
    const TypeScale type = map.type();
    const double u = type.scale;
    REQUIRE(u > 0);
    std::vector<Rect> tabs;
    for (const auto& [item, r] : map.items()) {
        INFO(item << " " << r.text << " at " << r.x << "," << r.y << " " << r.w << "x" << r.h);
        CHECK(item.rfind("overflow.", 0) != 0); // a panel whose text does not fit is clipped
        CHECK(r.x >= -0.5);                     // nothing past the sides
        CHECK(r.x + r.w <= width + 0.5);
        if (!r.list) { // and nothing under the fold that cannot be scrolled to
            CHECK(r.y >= -0.5);
            CHECK(r.y + r.h <= height + 0.5);
        }
        if (r.cap > 0) CHECK(r.cap >= type.minCap - 0.5); // every text the room reads
        if (r.target) { // a touch target: 48 design units, and never under 48 px (9 mm on a 7" panel)
            CHECK(r.h >= std::max(48 * u, 48.0) - 0.5);
            CHECK(r.w >= std::max(48 * u, 48.0) - 0.5);
        }
        if (item.rfind("tab.", 0) == 0) tabs.push_back(r);
    }
    CHECK(tabs.size() == tabCount);
    // The board's name, whole, in every size.
    REQUIRE(map.find("board.name"));
    CHECK(map.find("board.name")->text == boardName);
    for (std::size_t i = 0; i < tabs.size(); ++i)
        for (std::size_t j = i + 1; j < tabs.size(); ++j)
            CHECK_FALSE(overlaps(tabs[i], tabs[j]));
    for (const char* fixed : {"demo.badge", "clock"}) {
        REQUIRE(map.find(fixed));
        for (const Rect& t : tabs)
            CHECK_FALSE(overlaps(*map.find(fixed), t));
    }
}

/// The screens `regiebord --list-screens` names; with chair, the chair-only ones too.
std::vector<std::string> registeredScreens(const std::string& dir, bool chair) {
    std::vector<std::string> screens;
    ChildProcess list({REGIEBORD_KIOSK_BINARY, "--list-screens"}, dir + "/screens.txt");
    REQUIRE(list.wait(std::chrono::seconds(10)) == 0);
    std::istringstream lines(list.log());
    for (std::string line; std::getline(lines, line);)
        if (chair || line.find(" chair") == std::string::npos)
            screens.push_back(line.substr(0, line.find(' ')));
    return screens;
}

} // namespace

TEST_CASE("every screen fits at every supported size and rotation: no blank frame, no clipped text",
          "[e2e][ui][layout]") {
    TempDir dir;
    HubProcess hub(dir.path());
    TempDir longDir;
    HubProcess longHub(longDir.path());
    importLongBoard(longHub, longDir.path());
    Xvfb x(dir.path(), 3840, 2160);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const std::string openEscalation = [&] {
        for (const auto& e : hubBoard(hub.url()).escalations)
            if (e.status == EscalationStatus::Open) return e.id;
        return std::string();
    }();
    struct Case {
        int width, height, rotation;
    };
    std::vector<Case> cases{{800, 480, 0}, {1280, 720, 0}, {1920, 1080, 0}, {3840, 2160, 0}, {1080, 1920, 0}};
    // Every screen the kiosk registers (screens/registry.cpp) outside chair mode, and one detail view.
    std::vector<std::string> screens = registeredScreens(dir.path(), false);
    const std::size_t tabCount = screens.size();
    REQUIRE(tabCount >= 6);
    screens.push_back("escalaties:" + openEscalation);
    const std::string boardName = hubBoard(hub.url()).board.name;
    REQUIRE(hubBoard(longHub.url()).agreements.size() == 75);
    int runs = 0;
    auto check = [&](const Case& c, const std::string& screen, const HubProcess& from) {
        const std::string size = std::to_string(c.width) + "x" + std::to_string(c.height);
        std::string name =
            screen + "-" + size + "-r" + std::to_string(c.rotation) + (&from == &longHub ? "-long" : "");
        std::replace(name.begin(), name.end(), ':', '-');
        const std::string base = dir.path() + "/" + name;
        ChildProcess kiosk(kioskArgs(dir.path(), dir.path() + "/kiosk-" + name,
                                     {"--hub", from.url(), "--windowed", "--size", size, "--rotation",
                                      std::to_string(c.rotation), "--screen", screen, "--screenshot",
                                      base + ".png", "--ui-map", base + ".json", "--wait-for-data", "10"}),
                           base + ".log", {{"DISPLAY", x.display()}});
        INFO(name << ": " << kiosk.log());
        REQUIRE(kiosk.wait(std::chrono::seconds(60)) == 0);
        ++runs;
        CHECK(inkShare(base + ".png") > 0.02); // not a blank frame
        const bool sideways = c.rotation == 90 || c.rotation == 270;
        const double width = sideways ? c.height : c.width;
        const double height = sideways ? c.width : c.height;
        const UiMapFile map(base + ".json");
        const TypeScale type = map.type();
        // The type scale of the default room (a 55" screen read from 5 m): body capitals of
        // 16 mm, unless the picture is too small to give them (then the layout's least).
        const double pitch = 55 * 25.4 / std::hypot(double(c.width), double(c.height));
        const double wantedCap = 16.0 / pitch;
        INFO("body capitals " << type.bodyCap << " px, wanted " << wantedCap << " px, least " << type.minCap);
        CHECK(type.bodyCap <= wantedCap * 1.08);
        CHECK(type.bodyCap >= std::min(wantedCap, std::min(c.width, c.height) / 800.0 * 21.3) * 0.92);
        CHECK(type.minCap == Approx(0.7 * type.bodyCap).margin(0.01));
        checkLayout(map, width, height, tabCount, boardName);
        if (screen == "vroegsignalering") CHECK(map.firstWithPrefix("warning."));
        if (screen == "vergadering") CHECK(map.find("agenda.1"));
        if (screen == "afsprakenkaart") CHECK(map.firstWithPrefix("definition."));
    };
    for (const Case& c : cases)
        for (const auto& screen : screens)
            check(c, screen, hub);
    // Rotation inside the app: the picture turns with its layout.
    for (const int rotation : {90, 180, 270})
        for (const std::string& screen : {std::string("overzicht"), "escalaties:" + openEscalation})
            check({1280, 720, rotation}, screen, hub);
    // A region with 75 agreements with titles of 200 characters and 15 open escalations.
    for (const Case& c : {Case{800, 480, 0}, Case{1920, 1080, 0}, Case{3840, 2160, 0}, Case{1080, 1920, 0}})
        for (const std::string& screen : {std::string("overzicht"), std::string("afspraken"),
                                          std::string("escalaties"), std::string("escalaties:esc-lang-1")})
            check(c, screen, longHub);
    // A status bar of two lines (the hub disconnected this screen; its cached board stays)
    // leaves the Overzicht less room: it still fits, leaving out what does not.
    REQUIRE(hub.command({"device", "revoke", "demo-kiosk"}) == 0);
    for (const Case& c : {Case{800, 480, 0}, Case{1920, 1080, 0}, Case{1080, 1920, 0}}) {
        check(c, "overzicht", hub);
        const UiMapFile map(dir.path() + "/overzicht-" + std::to_string(c.width) + "x" +
                            std::to_string(c.height) + "-r0.json");
        CHECK(map.find("status.refused"));
        CHECK(map.find("overview.production.realised")); // the cached board, not "no data"
    }
    CHECK(runs == int(cases.size() * screens.size()) + 6 + 16 + 3);
}

TEST_CASE("in chair mode every screen fits too, and the record button of four long options is in reach",
          "[e2e][ui][layout][chair]") {
    TempDir dir;
    HubProcess hub(dir.path());
    importLongBoard(hub, dir.path());
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const std::vector<std::string> screens = registeredScreens(dir.path(), true);
    const std::string boardName = hubBoard(hub.url()).board.name;
    struct Case {
        int width, height, rotation;
    };
    // Every size, and the rotations at 1280x720 (taps land where the turned picture shows them).
    for (const Case& c :
         {Case{800, 480, 0}, Case{1280, 720, 0}, Case{1920, 1080, 0}, Case{3840, 2160, 0},
          Case{1080, 1920, 0}, Case{1280, 720, 90}, Case{1280, 720, 180}, Case{1280, 720, 270}}) {
        const std::string size = std::to_string(c.width) + "x" + std::to_string(c.height);
        const std::string name = size + "-r" + std::to_string(c.rotation);
        INFO(name);
        const bool sideways = c.rotation == 90 || c.rotation == 270;
        const double w = sideways ? c.height : c.width; // the picture, turned
        const double h = sideways ? c.width : c.height;
        Xvfb x(dir.path(), c.width, c.height);
        const Pointer finger(x.display(), c.rotation, c.width, c.height);
        const std::string state = dir.path() + "/kiosk-" + name;
        setChairPin(state, "2468");
        const std::string mapPath = dir.path() + "/map-" + name + ".json";
        ChildProcess kiosk(kioskArgs(dir.path(), state,
                                     {"--hub", hub.url(), "--windowed", "--size", size, "--rotation",
                                      std::to_string(c.rotation), "--ui-map", mapPath}),
                           dir.path() + "/kiosk-" + name + ".log", {{"DISPLAY", x.display()}});
        INFO("kiosk log: " << kiosk.log());
        UiMapFile map(mapPath);
        REQUIRE(map.waitFor("overview.open_escalations", std::chrono::seconds(30)));
        tap(finger, *map.waitForSettled("chair.button"));
        REQUIRE(map.waitFor("pin.dialog"));
        typePin(finger, map, "2468");
        REQUIRE(map.waitFor("chair.close"));
        for (const auto& screen : screens) {
            INFO(screen);
            tap(finger, *map.waitForSettled("tab." + screen));
            REQUIRE(waitUntil([&] { return map.screen() == screen; }, std::chrono::seconds(5)));
            map.waitForSettled("tab." + screen);
            checkLayout(map, w, h, screens.size(), boardName);
        }
        // The escalation with four long options: the options scroll, the record button stays
        // on screen above the status bar, and a tap on it is taken.
        tap(finger, *map.waitForSettled("tab.escalaties"));
        tap(finger, *map.waitForSettled("escalation.open.esc-lang-1"));
        REQUIRE(map.waitFor("decision.record"));
        checkLayout(map, w, h, screens.size(), boardName);
        const Rect record = *map.find("decision.record");
        CHECK(record.y + record.h <= map.find("chair.close")->y);
        CHECK(record.y >= 0);
        // The last option, scrolled into view above the button, chosen, then recorded.
        tapInView(finger, map, "option.esc-02-d-lang-1");
        tap(finger, *map.waitForSettled("decision.record"));
        CHECK(map.waitForSettled("confirm.ok"));
        CHECK(kiosk.stop() == 0);
    }
}

TEST_CASE("unattended, the carousel shows every agreement, warning, escalation and open action, a page at "
          "a time; a touch returns to where the person was",
          "[e2e][ui][signage]") {
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1280, 720);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const BoardData board = hubBoard(hub.url());
    std::map<std::string, std::set<std::string>> wanted; // map name prefix -> the ids that must show
    for (const auto& a : board.agreements)
        wanted["agreement.card."].insert(a.id);
    for (const auto& w : ui::earlyWarnings(board, std::chrono::system_clock::now()))
        wanted["warning."].insert(w.agreement->id);
    for (const auto& e : board.escalations)
        if (e.status == EscalationStatus::Open || e.status == EscalationStatus::Aangehouden)
            wanted["escalation.open."].insert(e.id);
    for (const auto& a : board.actions)
        if (a.status == ActionStatus::Open) wanted["action."].insert(a.id);
    for (const auto& [prefix, ids] : wanted)
        REQUIRE(ids.size() >= 3);
    // The person left an agreement's detail open; two idle seconds later the carousel starts.
    const std::string left = board.agreements.at(0).id;
    const std::string mapPath = dir.path() + "/map.json";
    ChildProcess kiosk(
        kioskArgs(dir.path(), dir.path() + "/kiosk",
                  {"--hub", hub.url(), "--windowed", "--size", "1280x720", "--screen", "afspraken:" + left,
                   "--ui-map", mapPath, "--carousel-after-seconds", "2", "--carousel-seconds", "1"}),
        dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
    INFO("kiosk log: " << kiosk.log());
    UiMapFile map(mapPath);
    REQUIRE(map.waitFor("agreement.back", std::chrono::seconds(30)));
    std::map<std::string, std::set<std::string>> seen;
    std::set<std::string> pages;
    // Whole on screen: under the page indicator and above the status bar.
    REQUIRE(waitUntil(
        [&] {
            const auto items = map.items();
            double top = 0, bottom = 720;
            for (const auto& [name, r] : items) {
                if (name == "signage.page") top = r.y + r.h;
                if (name == "chair.button") bottom = r.y;
            }
            for (const auto& [name, r] : items) {
                if (name == "signage.page") pages.insert(map.screen() + " " + r.text);
                if (r.y < top - 0.5 || r.y + r.h > bottom + 0.5) continue;
                for (const auto& [prefix, ids] : wanted)
                    if (name.rfind(prefix, 0) == 0 && ids.count(name.substr(prefix.size())))
                        seen[prefix].insert(name.substr(prefix.size()));
            }
            return kiosk.log().find("a full carousel cycle shows") != std::string::npos;
        },
        std::chrono::seconds(120)));
    for (const auto& [prefix, ids] : wanted) {
        INFO(prefix);
        CHECK(seen[prefix] == ids);
    }
    // A page indicator on every list, from its first page to its last.
    int afspraken = 0;
    for (const auto& p : pages)
        if (p.rfind("afspraken 1/", 0) == 0) afspraken = std::stoi(p.substr(p.find('/') + 1));
    CHECK(afspraken > 1);
    CHECK(pages.count("afspraken " + std::to_string(afspraken) + "/" + std::to_string(afspraken)));
    for (const std::string screen : {"vroegsignalering", "escalaties", "acties"})
        CHECK(std::any_of(pages.begin(), pages.end(),
                          [&](const std::string& p) { return p.rfind(screen + " 1/", 0) == 0; }));
    // The cycle's length is reported: its pages at one second each.
    std::smatch cycle;
    const std::string log = kiosk.log();
    REQUIRE(std::regex_search(log, cycle, std::regex(R"(cycle shows (\d+) pages, (\d+) s \(overzicht 1, )")));
    CHECK(std::stoi(cycle[1]) == std::stoi(cycle[2]));
    CHECK(std::stoi(cycle[1]) >= 5);

    // A touch stops it: back to the agreement the person left, and the touch pressed nothing.
    REQUIRE(map.waitFor("signage.page"));
    tap(x.display(), Rect{600, 400, 40, 40, {}, 0, false, false, 0, 0});
    REQUIRE(waitUntil([&] { return map.screen() == "afspraken" && map.find("agreement.back").has_value(); },
                      std::chrono::seconds(5)));
    CHECK(map.find("agreement.detail." + left));
    CHECK_FALSE(map.find("signage.page"));
    CHECK(kiosk.stop() == 0);
}

TEST_CASE("touch lands where it is seen on a rotated screen", "[e2e][ui][rotation]") {
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1280, 720);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    for (const int rotation : {90, 270}) {
        const std::string mapPath = dir.path() + "/map-" + std::to_string(rotation) + ".json";
        ChildProcess kiosk(kioskArgs(dir.path(), dir.path() + "/kiosk",
                                     {"--hub", hub.url(), "--windowed", "--size", "1280x720", "--rotation",
                                      std::to_string(rotation), "--ui-map", mapPath}),
                           dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
        UiMapFile map(mapPath);
        REQUIRE(map.waitFor("tab.afspraken"));
        // The map is in picture coordinates; the tap goes where the tab is on the output.
        const Rect r = *map.find("tab.afspraken");
        const double px = r.x + r.w / 2, py = r.y + r.h / 2;
        const double sx = rotation == 90 ? 1280 - py : py;
        const double sy = rotation == 90 ? px : 720 - px;
        tap(x.display(), Rect{sx, sy, 0, 0, {}});
        REQUIRE(waitUntil(
            [&] {
                return readFile(mapPath).find("\"screen\":\"afspraken\"") != std::string::npos ||
                       readFile(mapPath).find("\"screen\": \"afspraken\"") != std::string::npos;
            },
            std::chrono::seconds(10)));
        CHECK(kiosk.stop() == 0);
    }
}

namespace {

/// The agreement cards the map shows, top to bottom: the ids of the cards in view.
std::vector<std::pair<std::string, Rect>> agreementCards(const UiMapFile& map) {
    const std::string prefix = "agreement.card.";
    std::vector<std::pair<std::string, Rect>> cards;
    for (auto& [name, r] : map.items())
        if (name.rfind(prefix, 0) == 0) cards.emplace_back(name.substr(prefix.size()), r);
    return cards;
}

/// How far the list scrolled from one map to the next: how far up a card in both moved
/// (nullopt: no card in both, the maps were read too far apart to tell).
std::optional<double> scrolled(const std::vector<std::pair<std::string, Rect>>& from,
                               const std::vector<std::pair<std::string, Rect>>& to) {
    for (const auto& [id, r] : to)
        for (const auto& [fromId, fromRect] : from)
            if (id == fromId) return fromRect.y - r.y;
    return std::nullopt;
}

/// The CPU time (user + system, in clock ticks) a process has used so far.
long cpuTicks(int pid) {
    const std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    std::istringstream fields(stat.substr(stat.rfind(')') + 2)); // after "pid (comm) "
    std::string field;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stol(field); // utime, stime
    return ticks;
}

} // namespace

TEST_CASE("a flick on the agreement list scrolls it, lets it glide on after release, then stop",
          "[e2e][ui][touch]") {
    // Xvfb has no touch device, so xdotool drives the mouse here. A finger reaches ImGui as the
    // same left button (display.cpp, applyTouch), so the drag, the fling and the tap rules tested
    // here are the ones a finger gets.
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1280, 720);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const std::string mapPath = dir.path() + "/ui-map.json";
    ChildProcess kiosk(kioskArgs(dir.path(), dir.path() + "/kiosk",
                                 {"--hub", hub.url(), "--screen", "afspraken", "--ui-map", mapPath}),
                       dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
    UiMapFile map(mapPath);
    INFO("kiosk log: " << kiosk.log());
    REQUIRE(waitUntil([&] { return agreementCards(map).size() >= 3; }, std::chrono::seconds(30)));
    REQUIRE(map.waitForSettled("agreement.card." + agreementCards(map).front().first));
    const auto before = agreementCards(map);

    // From low on the list to high up on it: 360 px in 8 steps of 15 ms (some 3000 px/s), lifted
    // while still moving. The map is read meanwhile, to follow the list from card to card.
    const Rect& top = before.front().second;
    const int fingerX = static_cast<int>(top.x + top.w / 2);
    const int startY = std::min(static_cast<int>(top.y) + 400, 720 - 100);
    constexpr double kFingerTravel = 8 * 45;
    std::vector<std::string> drag{"xdotool",
                                  "mousemove",
                                  std::to_string(fingerX),
                                  std::to_string(startY),
                                  "sleep",
                                  "0.2",
                                  "mousedown",
                                  "1",
                                  "sleep",
                                  "0.05"};
    for (int step = 1; step <= 8; ++step)
        drag.insert(drag.end(), {"mousemove", std::to_string(fingerX), std::to_string(startY - 45 * step),
                                 "sleep", "0.015"});
    drag.insert(drag.end(), {"mouseup", "1"});
    ChildProcess xdotool(drag, dir.path() + "/xdotool.log", {{"DISPLAY", x.display()}});

    auto last = before;
    double travelled = 0; // how far the list scrolled, summed from map to map
    std::optional<std::string> firstAtRelease;
    std::vector<std::string> firstsAfter; // the first card in view, each time it changed after the release
    auto lastChange = std::chrono::steady_clock::now();
    const auto end = lastChange + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < end) {
        const bool released = !xdotool.running();
        if (released && !firstAtRelease) firstAtRelease = last.front().first;
        if (released && std::chrono::steady_clock::now() - lastChange > std::chrono::milliseconds(600)) break;
        usleep(5'000);
        const auto now = agreementCards(map);
        if (now.empty() ||
            (now.front().first == last.front().first && now.front().second.y == last.front().second.y))
            continue;
        const auto step = scrolled(last, now);
        REQUIRE(step); // a card in both maps: the list cannot jump further than the screen between two reads
        travelled += *step;
        if (firstAtRelease && now.front().first != last.front().first)
            firstsAfter.push_back(now.front().first);
        lastChange = std::chrono::steady_clock::now();
        last = now;
    }
    REQUIRE(xdotool.wait(std::chrono::seconds(1)) == 0);
    INFO("the list scrolled " << travelled << " px for the finger's " << kFingerTravel
                              << "; first card in view " << before.front().first << ", at the release "
                              << firstAtRelease.value_or("-") << ", then " << firstsAfter.size()
                              << " others");
    CHECK(std::chrono::steady_clock::now() - lastChange > std::chrono::milliseconds(600)); // it came to rest
    // (b) It glided on: further than the finger moved it, and past the release the first card in view
    // changed again (the reads may lag the kiosk, so the distance is the proof, the cards the sight).
    CHECK(travelled > kFingerTravel + 150);
    CHECK_FALSE(firstsAfter.empty());
    // (a) Cards further down the list came into view.
    std::size_t later = 0;
    for (const auto& [id, r] : last)
        if (std::none_of(before.begin(), before.end(), [&](const auto& b) { return b.first == id; })) ++later;
    CHECK(later >= 2);
    // (c) The drag opened no card.
    CHECK_FALSE(map.find("agreement.back"));

    // At rest the kiosk sleeps again: no frames drawn for nothing.
    const long ticks = cpuTicks(kiosk.pid());
    usleep(1'000'000);
    CHECK(cpuTicks(kiosk.pid()) - ticks < sysconf(_SC_CLK_TCK) / 5); // under 20 % of a core
    CHECK(kiosk.stop() == 0);
}

/// The current item of a meeting as the hub holds it (nullopt: none).
std::optional<int> hubCurrentItem(const std::string& hubUrl, const std::string& meetingTitle) {
    const BoardData board = hubBoard(hubUrl);
    for (const auto& m : board.meetings)
        if (m.title == meetingTitle && m.current) return m.current->order;
    return std::nullopt;
}

TEST_CASE("the chair marks the current agenda item for the room and checks the besluitenlijst",
          "[e2e][ui][meeting][chair]") {
    ChairRoom room;
    const auto& x = room.x;
    auto& hub = room.hub;
    ChildProcess kiosk(kioskArgs(room.dir.path(), room.state,
                                 {"--hub", hub.url(), "--poll-seconds", "2", "--screen", "vergadering",
                                  "--ui-map", room.mapPath}),
                       room.dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
    UiMapFile map(room.mapPath);
    INFO("kiosk log: " << kiosk.log());
    REQUIRE(map.waitFor("agenda.2", std::chrono::seconds(30)));
    CHECK_FALSE(map.firstWithPrefix("meeting.decision."));
    const std::string meetingTitle = map.find("meeting.title")->text;

    // IT's devices page has a picture of this screen once it settled (10 s after its start, off
    // the way to the first frame): a PNG, downscaled.
    std::int64_t pictureWidth = 0;
    CHECK(waitUntil(
        [&] {
            sql::Database db(hub.dbPath());
            auto q = db.prepare("SELECT width FROM device_screenshot WHERE taken_at <> ''");
            if (q.step()) pictureWidth = q.int64(0);
            return pictureWidth > 0;
        },
        std::chrono::seconds(40)));
    CHECK(pictureWidth == 640); // 1280 px wide, halved to fit 960

    // Outside chair mode a tap marks nothing: the chair decides what the room discusses.
    tap(x.display(), *map.find("agenda.2"));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK_FALSE(map.find("agenda.2.current"));
    CHECK_FALSE(hubCurrentItem(hub.url(), meetingTitle));

    // In chair mode it marks the item for the room, through the hub; a second tap clears it.
    tap(x.display(), *map.find("chair.button"));
    REQUIRE(map.waitFor("pin.dialog"));
    typePin(x.display(), map, "2468");
    REQUIRE(map.waitFor("chair.close"));
    tap(x.display(), *map.waitForSettled("agenda.2"));
    REQUIRE(map.waitFor("agenda.2.current"));
    REQUIRE(waitUntil([&] { return hubCurrentItem(hub.url(), meetingTitle) == std::optional<int>(2); },
                      std::chrono::seconds(10)));
    tap(x.display(), *map.find("agenda.2.current"));
    REQUIRE(waitUntil([&] { return map.find("agenda.2").has_value(); }, std::chrono::seconds(10)));
    CHECK_FALSE(map.find("agenda.2.current"));
    REQUIRE(waitUntil([&] { return !hubCurrentItem(hub.url(), meetingTitle); }, std::chrono::seconds(10)));

    // A decision in this meeting (from any device) shows up, and in the besluitenlijst.
    const BoardData board = hubBoard(hub.url());
    const std::string title = map.find("meeting.title")->text;
    const Meeting* meeting = nullptr;
    for (const auto& m : board.meetings)
        if (m.title == title) meeting = &m;
    REQUIRE(meeting);
    const Escalation* open = nullptr;
    for (const auto& e : board.escalations)
        if (!open && e.status == EscalationStatus::Open) open = &e;
    REQUIRE(open);
    const nlohmann::json body{{"escalation_id", open->id},
                              {"outcome", "akkoord"},
                              {"decided_by", "Voorzitter (test)"},
                              {"decided_at", "2026-12-10T14:05:00Z"},
                              {"meeting_id", meeting->id}};
    HttpClient http({});
    const auto posted = http.perform({"POST",
                                      hub.url() + "/v1/boards/demo-regio/decisions",
                                      {{"Authorization", std::string("Bearer ") + kDemoToken},
                                       {"Content-Type", "application/json"},
                                       {"Idempotency-Key", "3f1c2b9a-7d4e-4a61-9b8c-2e5f6a7b8c9d"}},
                                      body.dump()});
    REQUIRE(posted.status == 201);
    REQUIRE(map.waitFor("meeting.decision.1", std::chrono::seconds(30)));
    CHECK(map.find("meeting.decision.1")->text.find(open->title) != std::string::npos);

    tap(x.display(), *map.find("meeting.toggle_list"));
    REQUIRE(map.waitFor("decision_list.1"));
    CHECK(map.find("decision_list.1")->text.find(open->title) != std::string::npos);
    CHECK_FALSE(map.find("agenda.1"));
    tap(x.display(), *map.find("meeting.toggle_list"));
    REQUIRE(map.waitFor("agenda.1"));

    CHECK(kiosk.stop() == 0);
}

TEST_CASE("the screen's picture for IT is never taken while the PIN keypad is open", "[e2e][ui][chair]") {
    ChairRoom room;
    const auto& x = room.x;
    ChildProcess kiosk = room.startKiosk("kiosk.log");
    UiMapFile map(room.mapPath);
    INFO("kiosk log: " << kiosk.log());
    const auto pictures = [&] {
        sql::Database db(room.hub.dbPath());
        auto q = db.prepare("SELECT count(*) FROM device_screenshot WHERE taken_at <> ''");
        return q.step() ? q.int64(0) : std::int64_t{0};
    };
    REQUIRE(map.waitFor("chair.button", std::chrono::seconds(30)));
    tap(x.display(), *map.find("chair.button"));
    REQUIRE(map.waitFor("pin.dialog"));
    // Past the first picture's time (10 s after the start), frames drawn all along (the polls
    // every 2 s): none taken while the keypad shows.
    std::this_thread::sleep_for(std::chrono::seconds(15));
    REQUIRE(map.find("pin.dialog"));
    CHECK(pictures() == 0);
    tap(x.display(), *map.find("pin.cancel"));
    REQUIRE(waitUntil([&] { return !map.find("pin.dialog").has_value(); }, std::chrono::seconds(10)));
    CHECK(waitUntil([&] { return pictures() == 1; }, std::chrono::seconds(40)));
    CHECK(kiosk.stop() == 0);
}

TEST_CASE("the chair decides an agenda item with an action by touch; the hub holds both once",
          "[e2e][ui][meeting][chair]") {
    ChairRoom room;
    const auto& x = room.x;
    ChildProcess kiosk(kioskArgs(room.dir.path(), room.state,
                                 {"--hub", room.hub.url(), "--poll-seconds", "2", "--screen", "vergadering",
                                  "--screen-inches", "65", "--ui-map", room.mapPath}),
                       room.dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
    UiMapFile map(room.mapPath);
    INFO("kiosk log: " << kiosk.log());
    // Agenda item 1 of the demo meeting has no escalation ("Opening, ... vaststellen ...").
    // Another kiosk of the room marks it current: this one follows (the hub's change).
    REQUIRE(map.waitFor("agenda.1", std::chrono::seconds(30)));
    const BoardData board = hubBoard(room.hub.url());
    const std::string meetingTitle = map.find("meeting.title")->text;
    std::string meetingId;
    for (const auto& m : board.meetings)
        if (m.title == meetingTitle) meetingId = m.id;
    REQUIRE(!meetingId.empty());
    HttpClient http({});
    REQUIRE(http.perform({"POST",
                          room.hub.url() + "/v1/boards/demo-regio/meetings/" + meetingId + "/current",
                          {{"Authorization", std::string("Bearer ") + kDemoToken}},
                          R"({"order":1})"})
                .status == 200);
    REQUIRE(map.waitFor("agenda.1.current", std::chrono::seconds(15)));
    CHECK_FALSE(map.find("item.decision.record")); // outside chair mode: nothing to press

    tap(x.display(), *map.find("chair.button")); // bottom right, on every screen
    REQUIRE(map.waitFor("pin.dialog"));
    typePin(x.display(), map, "2468");
    REQUIRE(map.waitFor("chair.close"));
    REQUIRE(map.waitFor("item.outcome.vastgesteld", std::chrono::seconds(5)));
    tapInView(x.display(), map, "item.outcome.vastgesteld");
    tapInView(x.display(), map, "item.action.owner.gem-voorbeeldstad");
    tapInView(x.display(), map, "item.action.due.2");
    tap(x.display(), *map.waitForSettled("item.decision.record"));
    tap(x.display(), *map.waitForSettled("item.confirm.ok"));
    REQUIRE(map.waitFor("item.decision.state.held"));
    REQUIRE(map.waitFor("item.decision.state.confirmed", std::chrono::seconds(40)));

    const BoardData after = hubBoard(room.hub.url());
    std::vector<const Decision*> onItem;
    for (const auto& d : after.decisions)
        if (d.request.agendaItem == std::optional<int>(1)) onItem.push_back(&d);
    REQUIRE(onItem.size() == 1);
    CHECK(onItem[0]->request.outcome == Outcome::Vastgesteld);
    REQUIRE(onItem[0]->request.meetingId);
    int actions = 0;
    for (const auto& a : after.actions) {
        if (a.id != "act-" + onItem[0]->id) continue;
        ++actions;
        CHECK(a.owner == "gem-voorbeeldstad");
        CHECK(a.meeting == onItem[0]->request.meetingId);
        CHECK(a.agendaItem == std::optional<int>(1));
        CHECK_THAT(a.title, Catch::StartsWith("Uitwerken: "));
    }
    CHECK(actions == 1);

    // The action is on Acties, under its owner.
    tap(x.display(), *map.find("tab.acties"));
    const std::string actionKey = "action.act-" + onItem[0]->id;
    REQUIRE(map.waitFor(actionKey, std::chrono::seconds(10)));
    CHECK_THAT(map.find(actionKey)->text, Catch::StartsWith("Uitwerken: ") && !Catch::Contains("pending"));
    CHECK(map.find("actions.owner.gem-voorbeeldstad"));
    CHECK(kiosk.stop() == 0);

    // After the meeting the secretary exports the besluitenlijst: the PDF says both.
    const std::string pdf = room.dir.path() + "/besluitenlijst.pdf";
    REQUIRE(room.hub.command({"besluitenlijst", *onItem[0]->request.meetingId, "--board", "demo-regio",
                              "--pdf", pdf}) == 0);
    std::string text;
    REQUIRE(runCommand({"pdftotext", "-enc", "UTF-8", pdf, "-"}, {}, &text) == 0);
    std::replace(text.begin(), text.end(), '\n', ' '); // a wrapped cell is one text again
    CHECK_THAT(text, Catch::Contains("Vastgesteld") && Catch::Contains("Uitwerken:") &&
                         Catch::Contains("Gemeente Voorbeeldstad"));
}
