// The Afspraken list drawn for real, headless (tests/support/headless_ui.hpp) on a
// board whose cards have very different heights. The list is scrolled step by
// step; the ui map gives each drawn card's rectangle ("agreement.card.<id>"),
// which must sit at the same place in the list every time it is drawn, right
// under the card before it.

#include "screens/agreements_screen.hpp"
#include "view_model.hpp"

#include "support/headless_ui.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;
using namespace regiebord::ui;
using namespace regiebord::test;

namespace {

std::vector<std::string> ids(const std::vector<const Agreement*>& agreements) {
    std::vector<std::string> out;
    for (const Agreement* a : agreements)
        out.push_back(a->id);
    return out;
}

const ListSpec kCards{"agreement-list",
                      [](const std::string& id) { return "agreement.card." + id; },
                      {[](const std::string& id) { return "agreement." + id; },
                       [](const std::string& id) { return "agreement.status." + id; }}};

HeadlessScreen afspraken(ImVec2 display, std::shared_ptr<const BoardData> board) {
    return HeadlessScreen(display, std::move(board), std::make_unique<AgreementsScreen>());
}

} // namespace

TEST_CASE(
    "scrolling the Afspraken list (rows, then cards) draws every one once, in order, without overlap or gaps",
    "[ui][vlist]") {
    const auto board = mixedBoard(90);
    const auto all = ids(filterAgreements(*board, {}));
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1000, 760), ImVec2(1080, 1920)}) {
        INFO("display " << size.x << "x" << size.y);
        HeadlessScreen h = afspraken(size, board);
        std::set<float> heights;
        const auto problems = scrollThrough(h, kCards, all, &heights);
        INFO(joined(problems));
        CHECK(problems.empty());
        CHECK(heights.size() >= 2); // the compact list's rows: titles on one line or two
        // The cards, chosen by tapping their chip.
        h.scrollTo(kCards.window, 0);
        h.frame();
        REQUIRE(h.find("view.cards"));
        h.tap(h.find("view.cards")->center());
        h.frame();
        if (size.x >= 1800) {
            // Wide enough for two columns of cards (this harness draws at 1 px per design
            // unit): the first two side by side, the third under them.
            const auto first = h.find("agreement.card." + all[0]);
            const auto second = h.find("agreement.card." + all[1]);
            const auto third = h.find("agreement.card." + all[2]);
            REQUIRE((first && second && third));
            CHECK(second->y == first->y);
            CHECK(second->x > first->x + first->w);
            CHECK(third->x == first->x);
            CHECK(third->y > std::max(first->bottom(), second->bottom()));
            continue;
        }
        heights.clear();
        const auto cardProblems = scrollThrough(h, kCards, all, &heights);
        INFO(joined(cardProblems));
        CHECK(cardProblems.empty());
        CHECK(heights.size() >= 3); // the cards do differ in height
    }
}

TEST_CASE("the Afspraken list is laid out again after a new board, a resize and a filter", "[ui][vlist]") {
    HeadlessScreen h = afspraken(ImVec2(1920, 1080), mixedBoard(60));
    CHECK(scrollThrough(h, kCards, ids(filterAgreements(h.board(), {}))).empty());

    SECTION("a new board whose cards are taller") {
        h.setBoard(mixedBoard(70, " en nog veel meer woorden erachter"));
        const auto problems = scrollThrough(h, kCards, ids(filterAgreements(h.board(), {})));
        INFO(joined(problems));
        CHECK(problems.empty());
    }
    SECTION("a narrower window") {
        h.setDisplay(ImVec2(1000, 1080));
        const auto problems = scrollThrough(h, kCards, ids(filterAgreements(h.board(), {})));
        INFO(joined(problems));
        CHECK(problems.empty());
    }
    SECTION("a filter chosen by tapping its chips") {
        h.scrollTo(kCards.window, 0);
        h.frame();
        REQUIRE(h.find("filter.status"));
        h.tap(h.find("filter.status")->center());
        REQUIRE(h.find("chip.status.risico"));
        h.tap(h.find("chip.status.risico")->center());
        AgreementFilter risk;
        risk.status = AgreementStatus::Risico;
        const auto shown = ids(filterAgreements(h.board(), risk));
        REQUIRE(shown.size() >= 5);
        REQUIRE(shown.size() < h.board().agreements.size());
        const auto problems = scrollThrough(h, kCards, shown);
        INFO(joined(problems));
        CHECK(problems.empty());
    }
}

TEST_CASE("a tap on a card in a scrolled list opens that card, a drag scrolls without opening",
          "[ui][vlist]") {
    HeadlessScreen h = afspraken(ImVec2(1920, 1080), mixedBoard(60));
    h.frame();
    h.frame();
    const auto list = h.child(kCards.window);
    REQUIRE(list);
    h.scrollTo(kCards.window, list->scrollMax.y * 0.6f);
    h.frame();
    // A card wholly in view, away from the top.
    std::optional<std::pair<std::string, Rect>> target;
    const auto w = h.child(kCards.window);
    REQUIRE(w);
    for (const auto& [name, r] : h.items())
        if (name.rfind("agreement.card.", 0) == 0 && r.y > w->pos.y + 100 &&
            r.bottom() < w->pos.y + w->size.y) {
            target = {name.substr(std::string("agreement.card.").size()), r};
            break;
        }
    REQUIRE(target);

    SECTION("tap") {
        h.tap(target->second.center());
        h.frame();
        CHECK(h.find("agreement.detail." + target->first));
    }
    SECTION("drag") {
        ImGuiIO& io = ImGui::GetIO();
        const float before = h.child(kCards.window)->scroll.y;
        io.MousePos = target->second.center();
        h.frame();
        io.MouseDown[0] = true;
        for (int i = 0; i < 10; ++i) {
            h.frame();
            io.MousePos.y -= 20;
        }
        io.MouseDown[0] = false;
        h.frame();
        h.frame();
        CHECK(h.child(kCards.window)->scroll.y > before + 100);
        CHECK_FALSE(h.find("agreement.detail." + target->first));
        for (const auto& [name, r] : h.items())
            CHECK(name.rfind("agreement.detail.", 0) != 0);
    }
}
