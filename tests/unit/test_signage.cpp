// Signage between meetings: the carousel after idle minutes, office hours with
// a dimmed or black screen that a touch wakes, and the slow pixel shift.

#include "signage.hpp"

#include <catch2/catch.hpp>

#include <set>

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
