// The Vroegsignalering list drawn for real, headless (tests/support/headless_ui.hpp):
// warning cards differ in height (titles wrap, the shortfall moves under the bar
// on a narrow screen). Scrolled step by step, every card must be drawn, in order,
// at the same place every time, one item spacing below the card before it.

#include "screens/early_warning_screen.hpp"
#include "view_model.hpp"

#include "support/headless_ui.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;
using namespace regiebord::ui;
using namespace regiebord::test;

namespace {

std::vector<std::string> ids(const std::vector<EarlyWarning>& warnings) {
    std::vector<std::string> out;
    for (const EarlyWarning& w : warnings)
        out.push_back(w.agreement->id);
    return out;
}

// The compact list (the default): a row each.
const ListSpec kWarningRows{"warning-list",
                            [](const std::string& id) { return "warning." + id; },
                            {[](const std::string& id) { return "warning." + id + ".title"; },
                             [](const std::string& id) { return "warning." + id + ".bar"; },
                             [](const std::string& id) { return "warning." + id + ".shortfall"; },
                             [](const std::string& id) { return "warning." + id + ".when"; }}};

// The cards (a chip away).
const ListSpec kWarningCards{"warning-list",
                             [](const std::string& id) { return "warning." + id; },
                             {[](const std::string& id) { return "warning." + id + ".title"; },
                              [](const std::string& id) { return "warning." + id + ".bar"; },
                              [](const std::string& id) { return "warning." + id + ".shortfall"; },
                              [](const std::string& id) { return "warning." + id + ".hint"; }}};

HeadlessScreen vroegsignalering(ImVec2 display, std::shared_ptr<const BoardData> board) {
    return HeadlessScreen(display, std::move(board), std::make_unique<EarlyWarningScreen>());
}

// 1 December 2026: before most deadlines of the demo board.
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1796083200));

} // namespace

TEST_CASE("scrolling the Vroegsignalering list (rows, then cards) draws every one once, in order, without "
          "overlap or gaps",
          "[ui][vlist]") {
    const auto board = mixedBoard(90);
    const auto expected = ids(earlyWarnings(*board, kNow));
    REQUIRE(expected.size() >= 30);
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1000, 760), ImVec2(1080, 1920)}) {
        INFO("display " << size.x << "x" << size.y);
        HeadlessScreen h = vroegsignalering(size, board);
        h.setNow(kNow);
        std::set<float> heights;
        const auto problems = scrollThrough(h, kWarningRows, expected, &heights);
        INFO(joined(problems));
        CHECK(problems.empty());
        CHECK(heights.size() >= 2); // rows with a title on one line or two
        // The cards, chosen by tapping their chip.
        h.scrollTo(kWarningRows.window, 0);
        h.frame();
        REQUIRE(h.find("view.cards"));
        h.tap(h.find("view.cards")->center());
        heights.clear();
        const auto cardProblems = scrollThrough(h, kWarningCards, expected, &heights);
        INFO(joined(cardProblems));
        CHECK(cardProblems.empty());
        CHECK(heights.size() >= 3); // the cards do differ in height
    }
}

TEST_CASE("the Vroegsignalering list is laid out again after a new board, a new day and a resize",
          "[ui][vlist]") {
    HeadlessScreen h = vroegsignalering(ImVec2(1920, 1080), mixedBoard(40));
    h.setNow(kNow);
    CHECK(scrollThrough(h, kWarningRows, ids(earlyWarnings(h.board(), kNow))).empty());

    SECTION("a new board") {
        h.setBoard(mixedBoard(70, " en nog veel meer woorden erachter"));
        const auto problems = scrollThrough(h, kWarningRows, ids(earlyWarnings(h.board(), kNow)));
        INFO(joined(problems));
        CHECK(problems.empty());
    }
    SECTION("a year later: deadlines passed, the cards say overdue") {
        const auto later = kNow + std::chrono::days(400);
        h.setNow(later);
        const auto expected = ids(earlyWarnings(h.board(), later));
        const auto problems = scrollThrough(h, kWarningRows, expected);
        INFO(joined(problems));
        CHECK(problems.empty());
    }
    SECTION("a narrower window") {
        h.setDisplay(ImVec2(1000, 1080));
        const auto problems = scrollThrough(h, kWarningRows, ids(earlyWarnings(h.board(), kNow)));
        INFO(joined(problems));
        CHECK(problems.empty());
    }
}
