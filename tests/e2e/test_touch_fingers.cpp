// A finger on the kiosk: SDL_FINGERDOWN, MOTION and UP events, as a touchscreen's driver
// puts them in SDL's queue, go through the kiosk's own loop (the kiosk runs in this
// process, on the real hub, in a real SDL window under Xvfb). Xvfb has no touch device
// and xdotool cannot make one, so the events are pushed into SDL's queue from a second
// thread (SDL_PushEvent is thread-safe): everything after the driver is the product's
// path (Display::processEvent, applyTouch, dragToScroll, the momentum).

#include "command_line.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <SDL.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace regiebord;
using namespace regiebord::test;

namespace {

/// The ui map's agreement cards: id -> top (px in the window); empty before the first frame.
std::map<std::string, double> cardTops(const std::string& path, bool* detail = nullptr) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::map<std::string, double> tops;
    const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded()) return tops;
    if (detail) *detail = false;
    for (const auto& item : doc["items"]) {
        const std::string name = item["name"].get<std::string>();
        if (name.rfind("agreement.card.", 0) == 0) tops[name.substr(15)] = item["y"].get<double>();
        if (detail && name == "agreement.back") *detail = true;
    }
    return tops;
}

void pushFinger(Uint32 type, float x, float y) {
    SDL_Event e{};
    e.type = type;
    e.tfinger.timestamp = SDL_GetTicks();
    e.tfinger.touchId = 7;
    e.tfinger.fingerId = 1;
    e.tfinger.x = x; // normalised to the window, as SDL gives them
    e.tfinger.y = y;
    e.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
    REQUIRE(SDL_PushEvent(&e) == 1);
}

void sleepMs(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

/// Runs the kiosk in this process on the Afspraken screen (1280x720, the real hub, Xvfb) while
/// `finger` runs on a second thread; the finger ends the kiosk when it is done.
void withKioskAndFinger(const std::string& map, const std::function<void()>& finger) {
    TempDir dir;
    HubProcess hub(dir.path());
    Xvfb x(dir.path(), 1280, 720);
    writeFile(dir.path() + "/token", std::string(kDemoToken) + "\n", 0600);
    std::vector<std::string> args{"regiebord",
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
                                  "--hub",
                                  hub.url(),
                                  "--windowed",
                                  "--size",
                                  "1280x720",
                                  "--screen",
                                  "afspraken",
                                  "--ui-map",
                                  map,
                                  "--exit-after",
                                  "60"};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    ui::KioskFlags flags;
    REQUIRE_FALSE(ui::parseCommandLine(static_cast<int>(argv.size()), argv.data(), flags));
    std::vector<ui::ConfigProblem> problems;
    const ui::KioskConfig config = ui::resolveConfig(flags, nullptr, problems);
    ui::validateConfig(config, flags.configPath, problems);
    auto settings = ui::kioskSettings(config, problems);
    REQUIRE(problems.empty());
    REQUIRE(settings);
    setenv("DISPLAY", x.display().c_str(), 1);
    std::thread thread([&] {
        finger();
        SDL_Event quit{};
        quit.type = SDL_QUIT;
        SDL_PushEvent(&quit);
    });
    const int rc = ui::runKiosk(config, *settings, flags);
    thread.join();
    CHECK(rc == 0);
}

/// Waits until the list is stable: two looks at the map 300 ms apart agree.
std::map<std::string, double> atRest(const std::string& map) {
    std::map<std::string, double> last;
    waitUntil(
        [&] {
            sleepMs(300);
            const auto now = cardTops(map);
            const bool still = now == last;
            last = now;
            return still;
        },
        std::chrono::seconds(30));
    return last;
}

} // namespace

TEST_CASE("a finger drags and flings a list, and a still finger's tap opens the card under it",
          "[e2e][ui][touch][finger]") {
    TempDir scratch;
    const std::string map = scratch.path() + "/map.json";
    std::map<std::string, double> before, afterLift, settled;
    bool openedByFlick = true, openedByTap = false;
    std::string tappedCard;
    std::atomic<bool> done{false};
    withKioskAndFinger(map, [&] {
        const auto until = [](auto pred) { return waitUntil(pred, std::chrono::seconds(30)); };
        if (!until([&] { return cardTops(map).size() >= 3; })) return;
        sleepMs(500);
        before = cardTops(map);
        // A flick up: 300 px (of 720) in 100 ms, then the finger lifts.
        pushFinger(SDL_FINGERDOWN, 0.5f, 0.8f);
        for (int i = 1; i <= 10; ++i) {
            sleepMs(10);
            pushFinger(SDL_FINGERMOTION, 0.5f, 0.8f - 0.0417f * float(i));
        }
        pushFinger(SDL_FINGERUP, 0.5f, 0.8f - 0.417f);
        sleepMs(60);
        afterLift = cardTops(map);
        // The list glides on, then comes to rest.
        atRest(map);
        settled = cardTops(map, &openedByFlick);
        // A still finger: pressed and lifted on one card opens it.
        for (const auto& [id, top] : settled)
            if (top > 250 && top < 500) tappedCard = id;
        if (!tappedCard.empty()) {
            const float y = static_cast<float>(settled[tappedCard] + 20) / 720.0f;
            pushFinger(SDL_FINGERDOWN, 0.4f, y);
            sleepMs(80);
            pushFinger(SDL_FINGERUP, 0.4f, y);
            until([&] {
                cardTops(map, &openedByTap);
                return openedByTap;
            });
        }
        done = true;
    });
    REQUIRE(done);
    // A card seen before and after: how far the list moved.
    const auto moved = [&](const std::map<std::string, double>& then) {
        for (const auto& [id, top] : before)
            if (then.count(id)) return top - then.at(id);
        return 0.0; // every card seen before went out of view: further than the view
    };
    INFO("moved at the lift " << moved(afterLift) << " px, at rest " << moved(settled) << " px");
    CHECK(settled.begin()->first != before.begin()->first); // later cards came into view
    const double rest = moved(settled) == 0.0 ? 1e9 : moved(settled);
    CHECK(rest > 300 * 1.2);             // further than the finger moved: it glided on
    CHECK(rest > moved(afterLift) + 20); // and went on after the lift
    CHECK_FALSE(openedByFlick);          // a flick opens nothing
    REQUIRE_FALSE(tappedCard.empty());
    CHECK(openedByTap); // a tap with a still finger does
}

TEST_CASE("a whole flick that arrives between two frames moves the list and opens nothing",
          "[e2e][ui][touch][finger]") {
    // A slow frame (a loaded Pi; 150 ms in the emulated appliance) can find a whole flick in
    // the queue. Taken at once it was a press and release at the flick's end: a tap that
    // opened the agreement there (found by scripts/test-appliance.sh).
    TempDir scratch;
    const std::string map = scratch.path() + "/map.json";
    std::map<std::string, double> before, settled;
    bool opened = true;
    std::atomic<bool> done{false};
    withKioskAndFinger(map, [&] {
        if (!waitUntil([&] { return cardTops(map).size() >= 3; }, std::chrono::seconds(30))) return;
        sleepMs(500);
        before = cardTops(map);
        pushFinger(SDL_FINGERDOWN, 0.5f, 0.8f); // down, moves and up at once: no frame between
        for (int i = 1; i <= 5; ++i)
            pushFinger(SDL_FINGERMOTION, 0.5f, 0.8f - 0.056f * float(i));
        pushFinger(SDL_FINGERUP, 0.5f, 0.52f);
        atRest(map);
        settled = cardTops(map, &opened);
        done = true;
    });
    REQUIRE(done);
    CHECK_FALSE(opened);
    double moved = 1e9; // no card seen before is still in view: further than the view
    for (const auto& [id, top] : before)
        if (settled.count(id)) {
            moved = top - settled.at(id);
            break;
        }
    INFO("the list moved " << moved << " px for a 200 px flick");
    CHECK(moved > 150);
}
