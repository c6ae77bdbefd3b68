// Signage between meetings: the carousel after idle minutes, office hours with
// a dimmed or black screen that a touch wakes, and the slow pixel shift.

#include "carousel.hpp"
#include "screens/pager.hpp"
#include "signage.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <vector>

using namespace regiebord::ui;
using namespace std::chrono_literals;

namespace {

std::tm at(int wday, int hour, int minute) {
    std::tm t{};
    t.tm_wday = wday; // 0 = Sunday
    t.tm_hour = hour;
    t.tm_min = minute;
    return t;
}

const auto t0 = std::chrono::steady_clock::time_point{} + 1000h;

} // namespace

TEST_CASE("office hours parse as HH:MM-HH:MM with the start first", "[ui][signage]") {
    CHECK(parseOfficeHours("07:30-18:30") == std::make_pair(450, 1110));
    CHECK(parseOfficeHours("00:00-24:00") == std::make_pair(0, 1440));
    CHECK_FALSE(parseOfficeHours("18:30-07:30"));
    CHECK_FALSE(parseOfficeHours("7:30-18:30"));
    CHECK_FALSE(parseOfficeHours("07:30-18:60"));
    CHECK_FALSE(parseOfficeHours("07:30-18:30x"));
    CHECK_FALSE(parseOfficeHours(""));
}

TEST_CASE("the carousel starts after the idle minutes, cycles, and a touch stops it", "[ui][signage]") {
    SignageSettings s;
    s.idleBeforeCarousel = 5min;
    s.carouselStep = 30s;
    Signage signage(s, t0);
    const std::tm tuesdayNoon = at(2, 12, 0);
    CHECK_FALSE(signage.state(t0 + 4min, tuesdayNoon).carouselTurn);
    CHECK(signage.state(t0 + 5min, tuesdayNoon).carouselTurn == 0);
    CHECK(signage.state(t0 + 5min + 30s, tuesdayNoon).carouselTurn == 1);
    CHECK(signage.state(t0 + 5min + 60s, tuesdayNoon).carouselTurn == 2);
    CHECK(signage.state(t0 + 5min + 90s, tuesdayNoon).carouselTurn ==
          3); // the kiosk takes it modulo its 3 carousel screens
    // The loop wakes in time for the next step.
    CHECK(signage.nextChange(t0 + 5min + 10s) == t0 + 5min + 30s);
    signage.touched(t0 + 6min);
    CHECK_FALSE(signage.state(t0 + 7min, tuesdayNoon).carouselTurn);
    CHECK(signage.nextChange(t0 + 7min) <= t0 + 11min);

    s.idleBeforeCarousel = 0s; // off
    CHECK_FALSE(Signage(s, t0).state(t0 + 10h, tuesdayNoon).carouselTurn);
}

TEST_CASE("outside office hours the screen dims or goes black and a touch wakes it", "[ui][signage]") {
    SignageSettings s;
    s.scheduleEnabled = true;
    s.officeStartMinute = 7 * 60 + 30;
    s.officeEndMinute = 18 * 60 + 30;
    s.wakeFor = 10min;
    Signage signage(s, t0);
    const auto later = t0 + 1h;
    CHECK(signage.state(later, at(2, 12, 0)).dim == Dim::None);
    CHECK(signage.state(later, at(2, 7, 29)).dim == Dim::Dimmed);
    CHECK(signage.state(later, at(2, 18, 30)).dim == Dim::Dimmed);
    CHECK(signage.state(later, at(6, 12, 0)).dim == Dim::Dimmed); // Saturday
    signage.touched(later);
    CHECK(signage.state(later + 9min, at(2, 22, 0)).dim == Dim::None); // woken
    CHECK(signage.state(later + 10min, at(2, 22, 0)).dim == Dim::Dimmed);

    s.blackOutsideHours = true;
    s.weekdaysOnly = false;
    Signage black(s, t0);
    CHECK(black.state(later, at(2, 23, 0)).dim == Dim::Black);
    CHECK(black.state(later, at(0, 12, 0)).dim == Dim::None); // Sunday counts when weekdaysOnly is off

    s.scheduleEnabled = false;
    CHECK(Signage(s, t0).state(later, at(0, 3, 0)).dim == Dim::None);
}

TEST_CASE("the pixel shift walks a few pixels around the centre", "[ui][signage]") {
    SignageSettings s;
    s.pixelShiftMax = 4;
    s.pixelShiftEvery = 3min;
    Signage signage(s, t0);
    std::set<std::pair<int, int>> seen;
    for (int i = 0; i < 9; ++i) {
        const auto st = signage.state(t0 + 3min * i, at(2, 12, 0));
        CHECK(std::abs(st.shiftX) <= 4);
        CHECK(std::abs(st.shiftY) <= 4);
        seen.emplace(st.shiftX, st.shiftY);
    }
    CHECK(seen.size() == 9);
    s.pixelShift = false;
    const auto still = Signage(s, t0).state(t0 + 7min, at(2, 12, 0));
    CHECK(still.shiftX == 0);
    CHECK(still.shiftY == 0);
}

TEST_CASE("signage pages hold whole items; an item taller than the view has a page of its own",
          "[ui][signage]") {
    CHECK(pageStarts({}, 100).empty());
    CHECK(pageStarts({{0, 40}, {50, 90}}, 100) == std::vector<float>{0}); // it all fits: one page
    // Items 40 high, 10 apart, in a view of 100: two per page.
    std::vector<Span> items;
    for (int i = 0; i < 5; ++i)
        items.push_back({50.0f * float(i), 50.0f * float(i) + 40});
    CHECK(pageStarts(items, 100) == std::vector<float>{0, 100, 200});
    // A page starts at the first item that did not fit whole on the previous one.
    CHECK(pageStarts({{0, 60}, {70, 130}, {140, 150}}, 100) == std::vector<float>{0, 70});
    CHECK(pageStarts({{0, 30}, {40, 300}, {310, 330}}, 100) == std::vector<float>{0, 40, 310});
    // The list need not start at 0 (a heading above it in the same window).
    CHECK(pageStarts({{20, 60}, {70, 130}}, 100) == std::vector<float>{20, 70});
}

TEST_CASE("the carousel steps through every page of every carousel screen, reports the cycle and "
          "returns to where the person was",
          "[ui][signage]") {
    Carousel c;
    CHECK_FALSE(c.running());
    std::map<std::size_t, int> pages{{0, 1}, {1, 3}, {3, 2}};
    const auto pagesOf = [&](std::size_t i) { return pages[i]; };
    c.start({0, 1, 3}, 4, 10); // the person was on screen 4
    REQUIRE(c.running());
    std::vector<std::pair<std::size_t, int>> shown{{c.screen(), c.page()}};
    bool cycled = false;
    for (std::size_t turn = 11; turn <= 16; ++turn) {
        cycled = c.advance(turn, pagesOf);
        shown.emplace_back(c.screen(), c.page());
        CHECK(cycled == (turn == 16));
    }
    CHECK(shown ==
          std::vector<std::pair<std::size_t, int>>{{0, 0}, {1, 0}, {1, 1}, {1, 2}, {3, 0}, {3, 1}, {0, 0}});
    REQUIRE(c.lastCycle());
    CHECK(c.lastCycle()->total() == 6);
    CHECK(describeCycle(*c.lastCycle(), 30, [](std::size_t i) { return "s" + std::to_string(i); }) ==
          "6 pages, 180 s (s0 1, s1 3, s3 2)");
    // The same turn again moves nothing; a skipped turn (a slow frame) moves two steps.
    CHECK_FALSE(c.advance(16, pagesOf));
    c.advance(18, pagesOf);
    CHECK(std::make_pair(c.screen(), c.page()) == std::make_pair(std::size_t(1), 1));
    // A list that shrank while its page showed: the next step goes on to the next screen.
    pages[1] = 1;
    c.advance(19, pagesOf);
    CHECK(c.screen() == 3);
    CHECK(c.stop() == 4);
    CHECK_FALSE(c.running());
}
