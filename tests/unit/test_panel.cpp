// The screens' grids: how a screen's height is split over panels by what they need.

#include "screens/panel.hpp"

#include <catch2/catch.hpp>

#include <numeric>

using namespace regiebord::ui;

TEST_CASE("panels get the height they need; the lists get the rest; too little is shared out",
          "[ui][layout]") {
    // Room to spare: fixed parts get their need, the flexible ones share the rest.
    auto h = splitByNeed(1000, 10, {300, 200, 100}, {false, false, true});
    CHECK(h == std::vector<float>{300, 200, 480});
    h = splitByNeed(1000, 10, {300, 100, 100}, {false, true, true});
    CHECK(h[0] == 300);
    CHECK(h[1] == Approx(340));
    CHECK(h[2] == Approx(340));
    // Nothing flexible: the spare is shared by all.
    h = splitByNeed(620, 10, {300, 300}, {false, false});
    CHECK(h == std::vector<float>{305, 305});
    // Too little room: each part the same share of its need, and together exactly the room.
    h = splitByNeed(410, 10, {600, 200}, {false, true});
    CHECK(h[0] == Approx(300));
    CHECK(h[1] == Approx(100));
    CHECK(std::accumulate(h.begin(), h.end(), 0.0f) + 10 == Approx(410));
    // A part not measured yet (its first frame): equal parts.
    h = splitByNeed(210, 10, {0, 300}, {false, true});
    CHECK(h == std::vector<float>{100, 100});
    CHECK(splitByNeed(100, 10, {}, {}).empty());
}
