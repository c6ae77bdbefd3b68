// Touch scrolling: ScrollMomentum's physics with time passed in (the fling's speed from
// the finger's last samples, the exponential slow-down, the ends, a rest, a catching
// press), then dragToScroll() on the Afspraken list drawn headless at 60 frames a second.

#include "screens/agreements_screen.hpp"
#include "screens/panel.hpp"
#include "screens/touch_scroll.hpp"

#include "support/headless_ui.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

using namespace regiebord;
using namespace regiebord::ui;
using namespace regiebord::test;

namespace {

/// A finger pressed at (t, y) that moves at speed px/s (positive: up the screen) in frames
/// of `frame` seconds for `seconds`; returns the time and y it got to (not yet lifted).
std::pair<double, float> swipe(ScrollMomentum& m, double t, float y, float speed, double seconds,
                               double frame = 1.0 / 60) {
    m.press(t, y);
    const int frames = static_cast<int>(std::lround(seconds / frame));
    for (int i = 1; i <= frames; ++i)
        m.move(t + i * frame, y - speed * static_cast<float>(i * frame));
    return {t + frames * frame, y - speed * static_cast<float>(frames * frame)};
}

/// Runs the fling at `frame` seconds a step until it ends; returns how far it went and how long.
std::pair<float, double> glide(ScrollMomentum& m, float scroll, float maxScroll, float frame = 1.0f / 60) {
    float moved = 0;
    double time = 0;
    for (int i = 0; i < 100000 && m.flinging(); ++i) {
        moved += m.step(frame, scroll + moved, maxScroll);
        time += frame;
    }
    return {moved, time};
}

} // namespace

TEST_CASE("a fling starts at the finger's speed over its last 100 ms", "[ui][touch]") {
    ScrollMomentum m;
    SECTION("a steady flick up: the list moves on down at that speed") {
        const auto [t, y] = swipe(m, 10.0, 900, 3000, 0.2);
        m.release(t + 1.0 / 60, y - 50);
        CHECK(m.flinging());
        CHECK(m.velocity() == Approx(3000).epsilon(0.01));
    }
    SECTION("a flick down scrolls back up") {
        const auto [t, y] = swipe(m, 0.0, 100, -1500, 0.2);
        m.release(t + 1.0 / 60, y + 25);
        CHECK(m.velocity() == Approx(-1500).epsilon(0.01));
    }
    SECTION("only the end of the gesture counts: a slow start, a fast finish") {
        auto [t, y] = swipe(m, 0.0, 900, 300, 0.5);
        for (int i = 1; i <= 9; ++i) // 150 ms at 2400 px/s
            m.move(t + i / 60.0, y - 40.0f * float(i));
        m.release(t + 10 / 60.0, y - 400);
        CHECK(m.velocity() == Approx(2400).epsilon(0.02));
    }
    SECTION("frames far apart: the speed between them still comes out") {
        const auto [t, y] = swipe(m, 0.0, 900, 2000, 0.3, 0.05);
        m.release(t + 0.05, y - 100);
        CHECK(m.velocity() == Approx(2000).epsilon(0.01));
    }
    SECTION("a flick shorter than the window: measured over the whole press") {
        m.press(0.0, 500);
        m.move(0.02, 460);
        m.release(0.04, 420);
        CHECK(m.velocity() == Approx(2000).epsilon(0.01));
    }
    SECTION("a frantic flick is capped at 8000 px/s") {
        const auto [t, y] = swipe(m, 0.0, 900, 30000, 0.05, 0.005);
        m.release(t + 0.005, y - 150);
        CHECK(m.velocity() == Approx(8000));
    }
    SECTION("the cap and the thresholds follow the screen's scale") {
        ScrollMomentum big(ScrollMomentum::scaled(2.0f));
        CHECK(big.tuning().maxSpeed == Approx(16000));
        CHECK(big.tuning().stopSpeed == Approx(40));
        CHECK(big.tuning().minTravel == Approx(2 * kTapSlopUnits));
        CHECK(big.tuning().decaySeconds == Approx(0.325)); // time does not scale
    }
}

TEST_CASE("no fling after a tap, a slow drag, or a finger that came to rest", "[ui][touch]") {
    ScrollMomentum m;
    SECTION("a tap, however quick, never flings") {
        m.press(0.0, 500);
        m.move(0.01, 490);
        m.release(0.02, 490); // 10 px in 20 ms: 500 px/s, but a tap (tapped() opens the card)
        CHECK_FALSE(m.flinging());
    }
    SECTION("slower than the stop speed") {
        const auto [t, y] = swipe(m, 0.0, 500, 15, 2.0);
        m.release(t + 1.0 / 60, y - 0.25f);
        CHECK_FALSE(m.flinging());
    }
    SECTION("held still for 150 ms before lifting, drawn every frame") {
        auto [t, y] = swipe(m, 0.0, 900, 3000, 0.2);
        for (int i = 1; i <= 9; ++i)
            m.move(t + i / 60.0, y);
        m.release(t + 10 / 60.0, y);
        CHECK_FALSE(m.flinging());
    }
    SECTION("held still for 150 ms with no frame drawn meanwhile (the kiosk sleeps)") {
        const auto [t, y] = swipe(m, 0.0, 900, 3000, 0.2);
        m.release(t + 0.15, y);
        CHECK_FALSE(m.flinging());
    }
    SECTION("a shorter pause only slows it: the last 100 ms are half still") {
        auto [t, y] = swipe(m, 0.0, 900, 3000, 0.2);
        m.move(t + 0.05, y);
        m.release(t + 0.05 + 1e-6, y);
        CHECK(m.flinging());
        CHECK(m.velocity() == Approx(1500).epsilon(0.02));
    }
}

TEST_CASE("a fling slows down exponentially and stops", "[ui][touch]") {
    ScrollMomentum m;
    const auto [t, y] = swipe(m, 0.0, 900, 3000, 0.2);
    m.release(t + 1.0 / 60, y - 50);
    REQUIRE(m.velocity() == Approx(3000).epsilon(0.01));
    const float v0 = m.velocity();
    const float tau = m.tuning().decaySeconds;

    SECTION("after one time constant: v0 / e, and the integral of the speed travelled") {
        const float moved = m.step(tau, 0, 1e6f);
        CHECK(m.velocity() == Approx(v0 / std::exp(1.0f)).epsilon(1e-4));
        CHECK(moved == Approx(v0 * tau * (1 - 1 / std::exp(1.0f))).epsilon(1e-4));
    }
    SECTION("the same path at any frame rate") {
        ScrollMomentum other = m;
        float at60 = 0, at20 = 0;
        for (int i = 0; i < 30; ++i)
            at60 += m.step(1.0f / 60, at60, 1e6f);
        for (int i = 0; i < 10; ++i)
            at20 += other.step(1.0f / 20, at20, 1e6f);
        CHECK(at60 == Approx(at20).epsilon(1e-3));
        CHECK(m.velocity() == Approx(other.velocity()).epsilon(1e-3));
    }
    SECTION("it ends once slower than 20 px/s, after about v0 * tau") {
        const auto [moved, time] = glide(m, 0, 1e6f);
        CHECK_FALSE(m.flinging());
        CHECK(moved == Approx(v0 * tau).epsilon(0.01));
        CHECK(time == Approx(tau * std::log(v0 / 20)).margin(1.0 / 60));
        CHECK(m.step(1.0f / 60, moved, 1e6f) == 0); // and stays put
    }
    SECTION("it stops at the list's end") {
        const auto [moved, time] = glide(m, 4500, 5000);
        CHECK(moved == Approx(500));
        CHECK_FALSE(m.flinging());
        CHECK(time < 0.5);
    }
    SECTION("already at the end: nothing moves, the fling ends") {
        CHECK(m.step(1.0f / 60, 5000, 5000) == 0);
        CHECK_FALSE(m.flinging());
    }
    SECTION("a list that does not scroll") {
        CHECK(m.step(1.0f / 60, 0, 0) == 0);
        CHECK_FALSE(m.flinging());
    }
    SECTION("a fling back up stops at the top") {
        ScrollMomentum up;
        const auto [t2, y2] = swipe(up, 0.0, 100, -3000, 0.2);
        up.release(t2 + 1.0 / 60, y2 + 50);
        const auto [moved, time] = glide(up, 300, 5000);
        CHECK(moved == Approx(-300));
        CHECK_FALSE(up.flinging());
    }
}

TEST_CASE("a press stops a running fling at once", "[ui][touch]") {
    ScrollMomentum m;
    const auto [t, y] = swipe(m, 0.0, 900, 3000, 0.2);
    m.release(t + 1.0 / 60, y - 50);
    m.step(1.0f / 60, 0, 1e6f);
    REQUIRE(m.flinging());
    CHECK(m.press(t + 0.1, 600)); // caught: this press is no tap
    CHECK_FALSE(m.flinging());
    CHECK(m.step(1.0f / 60, 100, 1e6f) == 0);
    m.release(t + 0.2, 600); // lifted where it pressed: the list stays
    CHECK_FALSE(m.flinging());
    CHECK_FALSE(m.press(t + 0.5, 600)); // nothing running: an ordinary press
}

namespace {

const char* const kList = "agreement-list";

/// A card wholly inside the list's view, at least `below` px under its top.
std::optional<std::pair<std::string, test::Rect>> cardInView(const HeadlessScreen& h, float below = 100) {
    const auto w = h.child(kList);
    REQUIRE(w);
    for (const auto& [name, r] : h.items())
        if (name.rfind("agreement.card.", 0) == 0 && r.y > w->pos.y + below &&
            r.bottom() < w->pos.y + w->size.y)
            return std::make_pair(name.substr(std::string("agreement.card.").size()), r);
    return std::nullopt;
}

bool detailOpen(const HeadlessScreen& h) {
    for (const auto& [name, r] : h.items())
        if (name.rfind("agreement.detail.", 0) == 0) return true;
    return false;
}

/// The list drawn at `frameSeconds` a frame (a slow device's), settled: the centre of a card in
/// view to flick from.
ImVec2 cardOnSlowFrames(HeadlessScreen& h, float frameSeconds) {
    ImGui::GetIO().DeltaTime = frameSeconds;
    h.frame();
    h.frame();
    const auto card = cardInView(h, 300);
    REQUIRE(card);
    return card->second.center();
}

/// SDL's clock (ms) for ImGui's time now, as the kiosk's loop reads both.
std::uint32_t ticksNow() {
    return static_cast<std::uint32_t>(std::lround(ImGui::GetTime() * 1000)) + 5000;
}

/// A flick up from `at`: 6 frames of 40 px (2400 px/s at the test's 60 frames a second), lifted.
void flick(HeadlessScreen& h, ImVec2 at) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    h.frame();
    io.MouseDown[0] = true;
    h.frame();
    for (int i = 0; i < 6; ++i) {
        io.MousePos.y -= 40;
        h.frame();
    }
    io.MouseDown[0] = false;
    h.frame();
}

} // namespace

TEST_CASE("a flicked list glides on after the finger lifts, then stops; the loop draws only meanwhile",
          "[ui][touch]") {
    HeadlessScreen h(ImVec2(1920, 1080), mixedBoard(60), std::make_unique<AgreementsScreen>());
    h.frame();
    h.frame();
    CHECK_FALSE(scrollAnimating());
    const auto card = cardInView(h, 300);
    REQUIRE(card);
    flick(h, card->second.center());
    h.frame(); // ImGui applies a SetScrollY in the next frame
    const float lifted = h.child(kList)->scroll.y;
    CHECK(lifted == Approx(240)); // it followed the finger
    CHECK(scrollAnimating());
    h.frame();
    float last = h.child(kList)->scroll.y;
    CHECK(last > lifted);
    int frames = 1;
    while (scrollAnimating() && frames < 600) {
        h.frame();
        ++frames;
        const float now = h.child(kList)->scroll.y;
        CHECK(now >= last); // on down, never back
        last = now;
    }
    CHECK_FALSE(scrollAnimating());
    // Over the last 100 ms the finger went 200 px (the lift frame did not move): 2000 px/s,
    // and a glide of 2000 px/s * tau = 650 px, less the last few px under the stop speed.
    CHECK(last - lifted == Approx(2000 * 0.325).epsilon(0.03));
    CHECK(frames < 60 * 2); // tau * ln(2000 / 20) = 1.5 s
    h.frame();
    CHECK(h.child(kList)->scroll.y == last);
    CHECK_FALSE(detailOpen(h));
}

TEST_CASE("a flick glides on a device whose frames are slow: the finger's path keeps its events' times",
          "[ui][touch]") {
    // 150 ms frames, as on the emulated appliance (a loaded Pi is not far from it). SDL stamps
    // an event when it takes it from the device, which is when the kiosk looks between two
    // frames: a 200 px flick of 190 ms arrives as the press, then most of its moves at once,
    // then the rest of the moves. Sampled at the frames' own times, the finger looked still for
    // 150 ms before it lifted, and the list did not glide. The lift comes either in the same
    // take as the last moves (the loop keeps it for a frame of its own, Kiosk::pumpEvents) or,
    // when the loop looked just before the feeder lifted, in the next take, a frame later: the
    // finger did not rest in between either way (seen on the appliance: the list stopped dead).
    const bool liftAlone = GENERATE(false, true);
    INFO((liftAlone ? "the lift taken alone, a frame after the last moves"
                    : "the lift taken with the last moves"));
    HeadlessScreen h(ImVec2(1920, 1080), mixedBoard(60), std::make_unique<AgreementsScreen>());
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 at = cardOnSlowFrames(h, 0.15f);
    // The kiosk's loop, on SDL's clock: each frame it takes what came (dated now), looks once
    // more and finds nothing, then hands the path to the frame (Kiosk::drawFrame).
    PointerPath pointer;
    std::function<void(std::uint32_t)> taken; // what the loop takes before this frame
    h.onNewFrame = [&] {
        const auto now = ticksNow();
        if (taken) taken(now);
        taken = nullptr;
        pointer.looked(now);
        setPointerSamples(pointer.take(now, ImGui::GetTime()));
    };
    io.MousePos = at;
    h.frame();
    io.MouseDown[0] = true; // the press
    taken = [&](std::uint32_t t) { pointer.press(t, at.y); };
    h.frame();
    taken = [&](std::uint32_t t) { // 150 ms of moves, taken at once
        for (int k = 1; k <= 9; ++k)
            pointer.move(t, at.y - 200.0f * float(k) / 12);
    };
    io.MousePos.y = at.y - 150;
    h.frame();
    std::uint32_t lastMoves = 0;
    taken = [&](std::uint32_t t) { // the last moves
        for (int k = 10; k <= 12; ++k)
            pointer.move(t, at.y - 200.0f * float(k) / 12);
        lastMoves = t;
    };
    io.MousePos.y = at.y - 200;
    h.frame();
    io.MouseDown[0] = false;
    taken = [&](std::uint32_t t) { pointer.lift(liftAlone ? t : lastMoves, at.y - 200); };
    h.frame();
    h.frame(); // ImGui applies a SetScrollY in the next frame
    const float lifted = h.child(kList)->scroll.y;
    CHECK(lifted == Approx(200).margin(1)); // it followed the finger
    CHECK(scrollAnimating());
    float last = lifted;
    for (int frames = 0; scrollAnimating() && frames < 100; ++frames) {
        h.frame();
        last = h.child(kList)->scroll.y;
    }
    CHECK_FALSE(scrollAnimating());
    // The speed over the last two takes (the last alone held only the flick's end): 200 px in
    // 300 ms, 667 px/s, a glide of about 667 * 0.325 = 217 px. (The finger's own speed was
    // 1050 px/s; SDL 2.26 gives no finer times than its takes.)
    INFO("glided " << last - lifted << " px");
    CHECK(last - lifted == Approx(667 * 0.325).epsilon(0.1));
    CHECK_FALSE(detailOpen(h));
}

TEST_CASE("a flick taken whole in one look (a frame slower than the flick) glides at least its travel "
          "over the time since the loop's last look",
          "[ui][touch]") {
    // Seen on the appliance under load: frames of 0.9 s, and the feeder's 250 ms flick taken
    // in one look, press, 15 moves and lift all dated alike. Dated only so, the finger had no
    // speed and the list stopped dead. It happened after the loop's look before, which found
    // nothing: its speed was at least its travel over that time.
    HeadlessScreen h(ImVec2(1920, 1080), mixedBoard(60), std::make_unique<AgreementsScreen>());
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 at = cardOnSlowFrames(h, 0.9f);
    PointerPath pointer;
    std::function<void()> handOut; // what the loop hands this frame, of what it took
    bool looks = true;             // the loop looks once more and finds nothing
    h.onNewFrame = [&] {
        if (handOut) handOut();
        handOut = nullptr;
        if (looks) pointer.looked(ticksNow());
        setPointerSamples(pointer.take(ticksNow(), ImGui::GetTime()));
    };
    io.MousePos = at;
    h.frame();
    const std::uint32_t lookedAt = ticksNow();
    // A slow frame later, one look takes the whole flick; the loop hands it out over three
    // frames (press | moves | lift, Kiosk::pumpEvents) and does not look in between.
    std::uint32_t taken = 0;
    handOut = [&] {
        taken = ticksNow();
        pointer.press(taken, at.y);
    };
    looks = false;
    io.MouseDown[0] = true;
    h.frame();
    REQUIRE(taken - lookedAt == 900);
    handOut = [&] {
        for (int k = 1; k <= 15; ++k)
            pointer.move(taken, at.y - 200.0f * float(k) / 15);
    };
    io.MousePos.y = at.y - 200;
    h.frame();
    handOut = [&] { pointer.lift(taken, at.y - 200); };
    io.MouseDown[0] = false;
    h.frame();
    h.frame(); // ImGui applies a SetScrollY in the next frame
    const float lifted = h.child(kList)->scroll.y;
    CHECK(lifted == Approx(200).margin(1)); // it followed the finger
    float last = lifted;
    for (int frames = 0; frames < 3; ++frames) { // the glide's first 0.9 s step is most of it
        h.frame();
        last = h.child(kList)->scroll.y;
    }
    CHECK_FALSE(scrollAnimating());
    // 200 px in at most 0.9 s: 222 px/s, a glide of about 222 * 0.325 = 72 px (less than the
    // finger's 800 px/s would give, never more).
    INFO("glided " << last - lifted << " px");
    CHECK(last - lifted == Approx(200 / 0.9 * 0.325).epsilon(0.1));
    CHECK_FALSE(detailOpen(h));
}

TEST_CASE("a whole press in one lump flings at its travel over the time since its earliest", "[ui][touch]") {
    ScrollMomentum m;
    SECTION("the press came after a look 0.9 s before: 200 px in at most 0.9 s") {
        m.press(10.0, 800, 9.1);
        for (int k = 1; k <= 15; ++k)
            m.move(10.0, 800 - 200.0f * float(k) / 15);
        m.release(10.0, 600);
        CHECK(m.velocity() == Approx(200 / 0.9).epsilon(0.01));
    }
    SECTION("a flick down scrolls back up") {
        m.press(10.0, 600, 9.5);
        m.move(10.0, 700);
        m.release(10.0, 800);
        CHECK(m.velocity() == Approx(-400).epsilon(0.01));
    }
    SECTION("with no earlier look known, nothing tells its speed: no fling") {
        m.press(10.0, 800);
        m.move(10.0, 700);
        m.release(10.0, 600);
        CHECK_FALSE(m.flinging());
    }
    SECTION("a tap taken whole never flings") {
        m.press(10.0, 800, 9.1);
        m.release(10.0, 795);
        CHECK_FALSE(m.flinging());
    }
    SECTION("spread over two lumps, the earliest is not used: the speed between them") {
        m.press(10.0, 800, 9.1);
        m.move(10.15, 700);
        m.release(10.15, 600);
        CHECK(m.velocity() == Approx(200 / 0.15).epsilon(0.01));
    }
}

TEST_CASE("a lift is dated at the earliest it can have happened: the last look that found nothing",
          "[ui][touch]") {
    PointerPath pointer;
    ScrollMomentum m;
    // A path as a frame gets it: from the press (if it holds one) to the lift (if it does).
    const auto feed = [&m](const std::vector<PointerSample>& path, bool pressed, bool lifted) {
        for (std::size_t i = 0; i < path.size(); ++i) {
            if (i == 0 && pressed)
                m.press(path[i].t, path[i].y);
            else if (i + 1 == path.size() && lifted)
                m.release(path[i].t, path[i].y);
            else
                m.move(path[i].t, path[i].y);
        }
    };
    pointer.press(1000, 900);
    for (std::uint32_t t = 1016; t <= 1192; t += 16)
        pointer.move(t, 900 - float(t - 1000)); // 1000 px/s
    SECTION("taken a frame late, after the flick's last moves: no rest, it flings") {
        pointer.looked(1192); // the loop looked after taking the last moves, then drew for 150 ms
        feed(pointer.take(1192, 1.192), true, false);
        pointer.lift(1342, 708);
        const auto path = pointer.take(1342, 1.342);
        REQUIRE(path.size() == 1);
        CHECK(path[0].t == Approx(1.192));
        feed(path, false, true);
        CHECK(m.velocity() == Approx(1000).epsilon(0.02));
    }
    SECTION("taken alone while the loop looked every 10 ms: the finger rested, no fling") {
        for (std::uint32_t t = 1192; t <= 1332; t += 10)
            pointer.looked(t);
        pointer.lift(1341, 708);
        const auto path = pointer.take(1341, 1.341);
        CHECK(path.back().t == Approx(1.332));
        feed(path, true, true);
        CHECK_FALSE(m.flinging());
    }
    SECTION("taken in the same look as the moves: their time") {
        pointer.looked(990);
        pointer.lift(1192, 708);
        const auto path = pointer.take(1192, 1.192);
        CHECK(path.back().t == Approx(1.192));
        feed(path, true, true);
        CHECK(m.velocity() == Approx(1000).epsilon(0.02));
    }
    SECTION("a press is dated after the loop's last look that found nothing") {
        PointerPath fresh;
        fresh.looked(2000);
        fresh.press(2900, 800);
        fresh.move(2900, 600);
        const auto path = fresh.take(2900, 10.0);
        CHECK(path[0].t == Approx(10.0));
        CHECK(path[0].earliest == Approx(9.1));
        CHECK(path[1].earliest == Approx(path[1].t)); // only a press has one
    }
    SECTION("a look dated after the press (SDL's wait: the event's time - 1) says nothing") {
        PointerPath fresh;
        fresh.looked(2901);
        fresh.press(2900, 800);
        CHECK(fresh.take(2900, 10.0)[0].earliest == Approx(10.0));
    }
    SECTION("SDL's clock wraps after 49 days: the same answer across the wrap") {
        PointerPath wrapped;
        const std::uint32_t base = 0xFFFFFF00u; // the flick's last move 0xC0 ms before the wrap
        wrapped.press(base, 900);
        wrapped.move(base + 0xC0, 708);
        wrapped.looked(base + 0xC0);
        (void)wrapped.take(base + 0xC0, 1.0);
        wrapped.lift(base + 0xC0 + 150, 708); // after the wrap
        CHECK(wrapped.take(base + 0xC0 + 150, 1.150)[0].t == Approx(1.0));
        wrapped.looked(0xFFFFFFF0u);
        wrapped.press(0x10, 800); // 32 ms after that look, across the wrap
        CHECK(wrapped.take(0x10, 2.0)[0].earliest == Approx(1.968));
    }
}

TEST_CASE("the press that stops a glide opens no card; the next tap does", "[ui][touch]") {
    HeadlessScreen h(ImVec2(1920, 1080), mixedBoard(60), std::make_unique<AgreementsScreen>());
    h.frame();
    h.frame();
    const auto start = cardInView(h, 300);
    REQUIRE(start);
    flick(h, start->second.center());
    h.frame();
    h.frame();
    REQUIRE(scrollAnimating());
    // Press on a card while the list glides, and lift without moving.
    const auto target = cardInView(h);
    REQUIRE(target);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = target->second.center();
    io.MouseDown[0] = true;
    h.frame();
    CHECK_FALSE(scrollAnimating()); // stopped at once
    CHECK(pressCaughtFling());
    const float stopped = h.child(kList)->scroll.y;
    io.MouseDown[0] = false;
    h.frame();
    h.frame();
    CHECK_FALSE(detailOpen(h));
    CHECK(h.child(kList)->scroll.y == stopped);
    // The list stands still now: a tap is a tap again.
    const auto again = cardInView(h);
    REQUIRE(again);
    h.tap(again->second.center());
    CHECK_FALSE(pressCaughtFling());
    h.frame();
    CHECK(h.find("agreement.detail." + again->first));
}

TEST_CASE("a glide stops at the end of the list", "[ui][touch]") {
    HeadlessScreen h(ImVec2(1920, 1080), mixedBoard(60), std::make_unique<AgreementsScreen>());
    for (int i = 0; i < 3; ++i) // the list's height settles once its cards are measured
        h.frame();
    const auto list = h.child(kList);
    REQUIRE(list);
    h.scrollTo(kList, list->scrollMax.y - 400); // the flick takes it 240 px on, the glide 650
    h.frame();
    const auto card = cardInView(h, 300);
    REQUIRE(card);
    flick(h, card->second.center());
    for (int i = 0; i < 30 && scrollAnimating(); ++i)
        h.frame();
    CHECK_FALSE(scrollAnimating());
    h.frame();
    INFO("scroll max " << h.child(kList)->scrollMax.y);
    CHECK(h.child(kList)->scroll.y == Approx(h.child(kList)->scrollMax.y).margin(1));
}
