// End to end: the real hub, the real kiosk under Xvfb, real X input events
// (xdotool). The chair opens an escalation, picks an option, confirms, and
// the hub holds the decision exactly once.

#include "http_client.hpp"
#include "protocol.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <unistd.h>

using namespace regiebord;
using namespace regiebord::test;

namespace {

struct Rect {
    double x, y, w, h;
    std::string text;
};

class Xvfb {
public:
    Xvfb(const std::string& dir, int width, int height) {
        // A display number of our own: tests may run in parallel.
        for (int n = 100 + getpid() % 300;; ++n) {
            if (std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(n)) ||
                std::filesystem::exists("/tmp/.X" + std::to_string(n) + "-lock"))
                continue;
            m_display = ":" + std::to_string(n);
            m_process.emplace(
                std::vector<std::string>{"Xvfb", m_display, "-screen", "0",
                                         std::to_string(width) + "x" + std::to_string(height) + "x24",
                                         "-noreset", "-nolisten", "tcp"},
                dir + "/xvfb.log");
            const std::string socket = "/tmp/.X11-unix/X" + std::to_string(n);
            if (waitUntil([&] { return std::filesystem::exists(socket) || !m_process->running(); },
                          std::chrono::seconds(10)) &&
                m_process->running())
                return;
            throw std::runtime_error("Xvfb did not start: " + m_process->log());
        }
    }
    const std::string& display() const { return m_display; }

private:
    std::string m_display;
    std::optional<ChildProcess> m_process;
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
                                  i["h"].get<double>(), i["text"].get<std::string>()});
        return out;
    }
    bool waitFor(const std::string& name, std::chrono::seconds timeout = std::chrono::seconds(20)) const {
        return waitUntil([&] { return find(name).has_value(); }, timeout);
    }

private:
    std::string m_path;
};

void tap(const std::string& display, const Rect& r) {
    const int x = static_cast<int>(r.x + r.w / 2);
    const int y = static_cast<int>(r.y + r.h / 2);
    REQUIRE(runCommand({"xdotool", "mousemove", std::to_string(x), std::to_string(y), "click", "1"},
                       {{"DISPLAY", display}}) == 0);
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

void typePin(const std::string& display, const UiMapFile& map, const std::string& pin) {
    for (const char c : pin)
        tap(display, *map.find(std::string("pin.key.") + c));
    tap(display, *map.find("pin.key.ok"));
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
std::string decideFirstOption(const std::string& display, const UiMapFile& map) {
    const auto [optionName, option] = *map.firstWithPrefix("option.");
    tap(display, option);
    tap(display, *map.find("decision.record"));
    REQUIRE(map.waitFor("confirm.ok"));
    tap(display, *map.find("confirm.ok"));
    REQUIRE(map.waitFor("decision.state.held"));
    return optionName.substr(std::string("option.").size());
}

} // namespace

TEST_CASE("the chair unlocks with the PIN, decides, undoes one, and the hub holds exactly the other",
          "[e2e][ui][chair]") {
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1280, 720);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const std::string state = dir.path() + "/kiosk";
    // The PIN is set the way IT sets it: on standard input, stored as a salted hash.
    REQUIRE(runCommand({"sh", "-c",
                        std::string("printf '2468\\n' | '") + REGIEBORD_KIOSK_BINARY +
                            "' --config /dev/null --state-dir '" + state + "' --set-pin"}) == 0);
    CHECK(readFile(state + "/chair.pin").rfind("pbkdf2-sha256$", 0) == 0);

    const std::string mapPath = dir.path() + "/ui-map.json";
    ChildProcess kiosk({REGIEBORD_KIOSK_BINARY, "--config", "/dev/null", "--hub", hub.url(), "--board",
                        kDemoBoard, "--token-file", dir.path() + "/token", "--state-dir", state,
                        "--poll-seconds", "2", "--renderer", "software", "--screen", "escalaties", "--ui-map",
                        mapPath},
                       dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
    UiMapFile map(mapPath);
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
    const std::string optionId = decideFirstOption(x.display(), map);
    REQUIRE(map.waitFor("decision.state.confirmed", std::chrono::seconds(40)));

    const BoardData after = hubBoard(hub.url());
    REQUIRE(after.decisions.size() == 1);
    CHECK(after.decisions[0].request.escalationId == second);
    CHECK(after.decisions[0].request.optionId == optionId);
    CHECK(after.findEscalation(first)->status == EscalationStatus::Open);
    CHECK(after.findEscalation(second)->status == EscalationStatus::Besloten);

    CHECK(kiosk.stop() == 0); // SIGTERM ends the kiosk cleanly
}

TEST_CASE("the kiosk starts from its cache with the hub down and shows it is offline", "[e2e][ui][offline]") {
    TempDir dir;
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const std::vector<std::string> common{REGIEBORD_KIOSK_BINARY,
                                          "--config",
                                          "/dev/null",
                                          "--board",
                                          kDemoBoard,
                                          "--token-file",
                                          dir.path() + "/token",
                                          "--state-dir",
                                          dir.path() + "/kiosk",
                                          "--renderer",
                                          "software",
                                          "--size",
                                          "1280x720"};
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

namespace {

bool overlaps(const Rect& a, const Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

} // namespace

TEST_CASE("the tab bar and the new screens fit from 800x480 to portrait", "[e2e][ui][layout]") {
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1920, 1920);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    for (const auto& [width, height] : {std::pair{800, 480}, std::pair{1920, 1080}, std::pair{1080, 1920}}) {
        const double u = std::max(0.4, std::min(width, height) / 1080.0);
        for (const std::string screen : {"vroegsignalering", "vergadering", "afsprakenkaart"}) {
            const std::string size = std::to_string(width) + "x" + std::to_string(height);
            const std::string base = dir.path() + "/" + screen + "-" + size;
            ChildProcess kiosk({REGIEBORD_KIOSK_BINARY,
                                "--config",
                                "/dev/null",
                                "--hub",
                                hub.url(),
                                "--board",
                                kDemoBoard,
                                "--token-file",
                                dir.path() + "/token",
                                "--state-dir",
                                dir.path() + "/kiosk",
                                "--renderer",
                                "software",
                                "--windowed",
                                "--size",
                                size,
                                "--screen",
                                screen,
                                "--screenshot",
                                base + ".png",
                                "--ui-map",
                                base + ".json"},
                               base + ".log", {{"DISPLAY", x.display()}});
            INFO(screen << " at " << size << ": " << kiosk.log());
            REQUIRE(kiosk.wait(std::chrono::seconds(60)) == 0);
            const auto items = UiMapFile(base + ".json").items();
            std::vector<Rect> tabs;
            for (const auto& [name, r] : items) {
                INFO(name);
                // Nothing drawn past the window's sides.
                CHECK(r.x >= -0.5);
                CHECK(r.x + r.w <= width + 0.5);
                if (name.rfind("tab.", 0) == 0) {
                    CHECK(r.h >= 48 * u); // a touch target
                    tabs.push_back(r);
                }
            }
            REQUIRE(tabs.size() == 6);
            for (std::size_t i = 0; i < tabs.size(); ++i)
                for (std::size_t j = i + 1; j < tabs.size(); ++j)
                    CHECK_FALSE(overlaps(tabs[i], tabs[j]));
            const UiMapFile map(base + ".json");
            for (const char* name : {"demo.badge", "clock"}) {
                REQUIRE(map.find(name));
                for (const Rect& t : tabs)
                    CHECK_FALSE(overlaps(*map.find(name), t));
            }
            if (screen == "vroegsignalering") CHECK(map.firstWithPrefix("warning."));
            if (screen == "vergadering") CHECK(map.find("agenda.1"));
            if (screen == "afsprakenkaart") CHECK(map.firstWithPrefix("definition."));
        }
    }
}

TEST_CASE("the chair marks the current agenda item and checks the besluitenlijst", "[e2e][ui][meeting]") {
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1280, 720);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const std::string mapPath = dir.path() + "/ui-map.json";
    ChildProcess kiosk({REGIEBORD_KIOSK_BINARY, "--config", "/dev/null", "--hub", hub.url(), "--board",
                        kDemoBoard, "--token-file", dir.path() + "/token", "--state-dir",
                        dir.path() + "/kiosk", "--poll-seconds", "2", "--renderer", "software", "--screen",
                        "vergadering", "--ui-map", mapPath},
                       dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
    UiMapFile map(mapPath);
    INFO("kiosk log: " << kiosk.log());
    REQUIRE(map.waitFor("agenda.2", std::chrono::seconds(30)));
    CHECK_FALSE(map.firstWithPrefix("meeting.decision."));

    // Tap marks the item current; a second tap clears it again.
    tap(x.display(), *map.find("agenda.2"));
    REQUIRE(map.waitFor("agenda.2.current"));
    tap(x.display(), *map.find("agenda.2.current"));
    REQUIRE(waitUntil([&] { return map.find("agenda.2").has_value(); }, std::chrono::seconds(10)));
    CHECK_FALSE(map.find("agenda.2.current"));

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
