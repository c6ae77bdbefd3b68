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

} // namespace

TEST_CASE("the chair records a decision by touch and the hub stores it exactly once", "[e2e][ui]") {
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1280, 720);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    const std::string mapPath = dir.path() + "/ui-map.json";
    ChildProcess kiosk({REGIEBORD_KIOSK_BINARY, "--config", "/dev/null", "--hub", hub.url(), "--board",
                        kDemoBoard, "--token-file", dir.path() + "/token", "--state-dir",
                        dir.path() + "/kiosk", "--poll-seconds", "2", "--renderer", "software", "--screen",
                        "escalaties", "--ui-map", mapPath},
                       dir.path() + "/kiosk.log", {{"DISPLAY", x.display()}});
    UiMapFile map(mapPath);
    INFO("kiosk log: " << kiosk.log());

    // The list shows open escalations once the first sync is in.
    REQUIRE(waitUntil([&] { return map.firstWithPrefix("escalation.open.").has_value(); },
                      std::chrono::seconds(30)));
    REQUIRE(map.waitFor("status.online"));
    const auto [cardName, card] = *map.firstWithPrefix("escalation.open.");
    const std::string escalationId = cardName.substr(std::string("escalation.open.").size());
    CHECK(hubBoard(hub.url()).findEscalation(escalationId)->status == EscalationStatus::Open);

    tap(x.display(), card);
    REQUIRE(map.waitFor("escalation.detail." + escalationId));
    // "Record" does nothing before a choice is made.
    tap(x.display(), *map.find("decision.record"));
    usleep(500'000);
    CHECK_FALSE(map.find("confirm.ok"));

    const auto [optionName, option] = *map.firstWithPrefix("option.");
    const std::string optionId = optionName.substr(std::string("option.").size());
    tap(x.display(), option);
    tap(x.display(), *map.find("decision.record"));
    REQUIRE(map.waitFor("confirm.ok"));
    // Cancel first: nothing is recorded.
    tap(x.display(), *map.find("confirm.cancel"));
    REQUIRE(waitUntil([&] { return !map.find("confirm.ok"); }, std::chrono::seconds(10)));
    usleep(300'000);
    CHECK(hubBoard(hub.url()).decisions.empty());

    tap(x.display(), *map.find("decision.record"));
    REQUIRE(map.waitFor("confirm.ok"));
    const Rect confirm = *map.find("confirm.ok");
    tap(x.display(), confirm);
    REQUIRE(map.waitFor("decision.state.confirmed", std::chrono::seconds(30)));
    CHECK(map.find("decision.label")->text == option.text);

    // A stray second tap where "confirm" was changes nothing.
    tap(x.display(), confirm);
    usleep(1'500'000);

    const BoardData after = hubBoard(hub.url());
    int stored = 0;
    for (const auto& d : after.decisions) {
        if (d.request.escalationId != escalationId) continue;
        ++stored;
        CHECK(d.request.outcome == Outcome::Option);
        CHECK(d.request.optionId == optionId);
    }
    CHECK(stored == 1);
    CHECK(after.decisions.size() == 1);
    CHECK(after.findEscalation(escalationId)->status == EscalationStatus::Besloten);

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
