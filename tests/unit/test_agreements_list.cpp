// The Afspraken list drawn for real, headless: an ImGui context without a window
// or GPU (ImGui's example_null), the built-in font at the kiosk's four sizes, and
// the real AgreementsScreen on a board whose cards have very different heights.
// The list is scrolled step by step; the ui map gives each drawn card's rectangle
// ("agreement.card.<id>"), which must sit at the same place in the list every
// time it is drawn, right under the card before it.

#include "screens/agreements_screen.hpp"
#include "theme.hpp"
#include "ui_map.hpp"
#include "view_model.hpp"

#include "protocol.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

using namespace regiebord;
using namespace regiebord::ui;
using nlohmann::json;

namespace {

struct NoCommands final : Commands {
    void holdDecision(const DecisionRequest&) override {}
    bool undoDecision(const std::string&) override { return false; }
    std::optional<int> heldSecondsLeft(const std::string&) const override { return std::nullopt; }
    std::string submittedKey(const std::string&) const override { return {}; }
    bool chairActive() const override { return false; }
    void requestChair() override {}
    void showScreen(const std::string& id) override { shown.push_back(id); }
    void syncNow() override {}
    std::vector<std::string> shown;
};

/// The demo board plus agreements whose cards differ in height: long and short
/// units, owners, themes and huge quantities make the meta line and the figures
/// wrap onto one, two or three lines.
std::shared_ptr<const BoardData> mixedBoard(int extra, const std::string& unitSuffix = {}) {
    json doc = json::parse(test::demoBoardText());
    const std::vector<std::string> units{"%", "woningen", "woningen met energielabel A of beter",
                                         "huishoudens uit de doelgroep van beleid", "m2"};
    const std::vector<std::string> owners{"gem-voorbeeldstad", "corp-fictief", "hvo-proefhoven",
                                          "gem-demodorp"};
    const std::vector<std::string> themes{"nieuwbouw_sociale_huur", "huisvesting_doelgroepen", "flexwonen",
                                          "verduurzaming", "middenhuur"};
    const std::vector<std::string> statuses{"op_koers", "risico", "achter", "gerealiseerd", "vervallen"};
    for (int i = 0; i < extra; ++i) {
        const auto pick = [i](const auto& list, int step) {
            return list[std::size_t(i * step) % list.size()];
        };
        std::string title = "Extra afspraak " + std::to_string(i);
        for (int k = 0; k < i % 7; ++k)
            title += " met een langere titel die niet op een regel past";
        const double quantity = i % 4 == 0 ? 1e12 : 100.0 * (i + 1); // 1e12: the most a board may hold
        std::string unit = pick(units, 1) + unitSuffix;
        unit.resize(std::min<std::size_t>(unit.size(), 40));
        doc["agreements"].push_back(
            {{"id", "pa-x" + std::to_string(i)},
             {"title", title.substr(0, 200)},
             {"theme", pick(themes, 3)},
             {"owner", pick(owners, 5)},
             {"parties", json::array({pick(owners, 5)})},
             {"mandate", i % 2 == 0 ? "bestuurlijk" : "ambtelijk"},
             {"target", {{"quantity", quantity}, {"unit", unit}, {"deadline", "2027-06-30"}}},
             {"progress", {{"realised", quantity * 0.3}, {"in_progress", quantity * 0.25}, {"planned", 0}}},
             {"status", pick(statuses, 1)},
             {"definitions", json::array()},
             {"projects", json::array()},
             {"updated_at", "2026-11-20T09:15:00Z"},
             {"updated_by", "Test"}});
    }
    auto parsed = parseBoard(doc.dump(), DocumentKind::Import);
    INFO((parsed ? std::string() : parsed.error().describe()));
    REQUIRE(parsed);
    return std::make_shared<const BoardData>(std::move(parsed.value()));
}

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float bottom() const { return y + h; }
    bool contains(const Rect& r) const {
        return r.x >= x - 0.5f && r.y >= y - 0.5f && r.x + r.w <= x + w + 0.5f &&
               r.bottom() <= bottom() + 0.5f;
    }
    ImVec2 center() const { return ImVec2(x + w / 2, y + h / 2); }
};

/// An ImGui frame loop without a backend that draws one screen the way the kiosk
/// does (a full-size window, a "screen" child) and reads back the ui map.
class Harness {
public:
    Harness(ImVec2 display, std::shared_ptr<const BoardData> board) : m_map(m_dir.file("ui-map.json")) {
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = display;
        io.DeltaTime = 1.0f / 60.0f;
        m_u = std::max(0.4f, std::min(display.x, display.y) / 1080.0f);
        ImFont* fonts[4] = {};
        const float sizes[4] = {34, 27, 42, 76}; // body, small, heading, big as in display.cpp
        for (int i = 0; i < 4; ++i) {
            ImFontConfig config;
            config.SizePixels = std::round(sizes[i] * m_u);
            fonts[i] = io.Fonts->AddFontDefault(&config);
        }
        io.Fonts->Build();
        io.FontDefault = fonts[0];
        m_fonts = {fonts[0], fonts[1], fonts[2], fonts[3]};
        applyStyle(m_u);
        m_snapshot.board = std::move(board);
    }
    ~Harness() { ImGui::DestroyContext(m_context); }
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    void setBoard(std::shared_ptr<const BoardData> board) { m_snapshot.board = std::move(board); }
    void setDisplay(ImVec2 size) { ImGui::GetIO().DisplaySize = size; }
    const BoardData& board() const { return *m_snapshot.board; }
    float u() const { return m_u; }

    /// Draws one frame and reads the ui map it wrote.
    void frame() {
        ImGui::NewFrame();
        m_map.beginFrame();
        const ImGuiIO& io = ImGui::GetIO();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("regiebord", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
        const UiContext ctx{m_snapshot, std::chrono::system_clock::now(), m_u, m_fonts, m_commands, &m_map};
        ImGui::BeginChild("screen", ImVec2(0, 0), false,
                          ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
        m_screen.draw(ctx);
        ImGui::EndChild();
        ImGui::End();
        ImGui::Render();
        m_map.endFrame(++m_frames, m_screen.id());
        std::ifstream in(m_dir.file("ui-map.json"));
        const json doc = json::parse(in);
        m_items.clear();
        for (const auto& item : doc["items"])
            m_items.emplace_back(item["name"].get<std::string>(),
                                 Rect{item["x"].get<float>(), item["y"].get<float>(), item["w"].get<float>(),
                                      item["h"].get<float>()});
    }

    /// The items of the last frame, in the order they were marked.
    const std::vector<std::pair<std::string, Rect>>& items() const { return m_items; }
    std::optional<Rect> find(const std::string& name) const {
        for (const auto& [n, r] : m_items)
            if (n == name) return r;
        return std::nullopt;
    }

    /// The list's child window as ImGui left it after the last frame.
    ImGuiWindow* list() const {
        for (ImGuiWindow* w : GImGui->Windows)
            if (w->Active && std::string(w->Name).find("/agreement-list_") != std::string::npos) return w;
        return nullptr;
    }
    void scrollListTo(float y) {
        ImGuiWindow* w = list();
        REQUIRE(w != nullptr);
        ImGui::SetScrollY(w, y);
    }

    /// A press and release at a point, without moving: a tap.
    void tap(ImVec2 at) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
    }

private:
    test::TempDir m_dir;
    UiMap m_map;
    ImGuiContext* m_context = nullptr;
    float m_u = 1;
    Fonts m_fonts;
    Snapshot m_snapshot;
    NoCommands m_commands;
    AgreementsScreen m_screen;
    int m_frames = 0;
    std::vector<std::pair<std::string, Rect>> m_items;
};

/// Where a card was drawn, in the list's own coordinates (0 = the list's top).
struct Placed {
    float top = 0;
    float bottom = 0;
};

/// Scrolls the list from top to bottom in steps of a fraction of its height and
/// checks every frame: the cards drawn are consecutive entries of `expected`, in
/// order, one item spacing apart, each where it was in every other frame, with no
/// card missing at the edges of the view. Returns what went wrong (empty: nothing).
std::vector<std::string> scrollThrough(Harness& h, const std::vector<std::string>& expected,
                                       std::set<float>* heights = nullptr) {
    std::vector<std::string> problems;
    std::size_t count = 0;
    const auto problem = [&](const std::string& text) {
        if (++count <= 30) problems.push_back(text);
    };
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < expected.size(); ++i)
        index[expected[i]] = i;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    std::map<std::size_t, Placed> placed; // by index in expected
    h.frame();                            // the first frame sizes the windows: ImGui settles on the second
    h.scrollListTo(0);
    h.frame();
    float scroll = 0;
    for (int step = 0; step < 10000; ++step) {
        const ImGuiWindow* w = h.list();
        if (!w) {
            problem("no list window");
            break;
        }
        const float view = w->Size.y;
        const float s = w->Scroll.y;
        std::vector<std::pair<std::size_t, Placed>> drawn;
        for (const auto& [name, r] : h.items()) {
            if (name.rfind("agreement.card.", 0) != 0) continue;
            const std::string id = name.substr(std::string("agreement.card.").size());
            const auto it = index.find(id);
            if (it == index.end()) {
                problem("scroll " + std::to_string(s) + ": " + id + " is not in the filtered list");
                continue;
            }
            drawn.push_back({it->second, {r.y - w->Pos.y + s, r.bottom() - w->Pos.y + s}});
            if (heights) heights->insert(r.h);
            const auto title = h.find("agreement." + id);
            if (!title || !r.contains(*title)) problem(id + ": its title is not inside its card");
            const auto badge = h.find("agreement.status." + id);
            if (!badge || !r.contains(*badge)) problem(id + ": its status badge is not inside its card");
        }
        const std::string at = "scroll " + std::to_string(s) + ": ";
        if (drawn.empty() && !expected.empty()) problem(at + "no card drawn");
        for (std::size_t k = 0; k < drawn.size(); ++k) {
            const auto& [i, p] = drawn[k];
            const auto [it, fresh] = placed.emplace(i, p);
            if (!fresh &&
                (std::abs(it->second.top - p.top) > 0.5f || std::abs(it->second.bottom - p.bottom) > 0.5f))
                problem(at + expected[i] + " drawn at " + std::to_string(p.top) + ".." +
                        std::to_string(p.bottom) + ", before at " + std::to_string(it->second.top) + ".." +
                        std::to_string(it->second.bottom));
            if (k == 0) continue;
            const auto& [j, q] = drawn[k - 1];
            if (i != j + 1)
                problem(at + expected[i] + " (#" + std::to_string(i) + ") drawn after " + expected[j] +
                        " (#" + std::to_string(j) + ")");
            else if (std::abs(p.top - q.bottom - spacing) > 0.01f)
                problem(at + expected[i] + " starts " + std::to_string(p.top - q.bottom) + " px below " +
                        expected[j] + " (spacing " + std::to_string(spacing) + ")");
        }
        if (!drawn.empty()) {
            const auto& [first, firstAt] = drawn.front();
            const auto& [last, lastAt] = drawn.back();
            if (first == 0 && std::abs(firstAt.top) > 0.01f)
                problem(at + "the first card starts at " + std::to_string(firstAt.top));
            if (first > 0 && firstAt.top - spacing > s + 0.5f)
                problem(at + expected[first - 1] + " (#" + std::to_string(first - 1) +
                        ") is in view but not drawn");
            if (last + 1 < expected.size() && lastAt.bottom + spacing < s + view - 0.5f)
                problem(at + expected[last + 1] + " (#" + std::to_string(last + 1) +
                        ") is in view but not drawn");
            // ImGui keeps the content size in whole pixels.
            if (last + 1 == expected.size() &&
                (w->ContentSize.y < lastAt.bottom - 0.01f || w->ContentSize.y >= lastAt.bottom + 1.0f))
                problem(at + "the list is " + std::to_string(w->ContentSize.y) +
                        " px tall but its last card ends at " + std::to_string(lastAt.bottom));
        }
        if (s >= w->ScrollMax.y) break;
        scroll = std::min(s + view * 0.37f, w->ScrollMax.y);
        h.scrollListTo(scroll);
        h.frame();
    }
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (!placed.contains(i)) problem(expected[i] + " (#" + std::to_string(i) + ") was never drawn");
    if (count > problems.size())
        problems.push_back("... " + std::to_string(count) + " problems in all, " +
                           std::to_string(expected.size() - placed.size()) + " of " +
                           std::to_string(expected.size()) + " cards never drawn");
    return problems;
}

std::vector<std::string> ids(const std::vector<const Agreement*>& agreements) {
    std::vector<std::string> out;
    for (const Agreement* a : agreements)
        out.push_back(a->id);
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

} // namespace

TEST_CASE("scrolling the Afspraken list draws every card once, in order, without overlap or gaps",
          "[ui][vlist]") {
    const auto board = mixedBoard(90);
    const auto all = ids(filterAgreements(*board, {}));
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1000, 760), ImVec2(1080, 1920)}) {
        INFO("display " << size.x << "x" << size.y);
        Harness h(size, board);
        std::set<float> heights;
        const auto problems = scrollThrough(h, all, &heights);
        INFO(joined(problems));
        CHECK(problems.empty());
        CHECK(heights.size() >= 3); // the cards do differ in height
    }
}

TEST_CASE("the Afspraken list is laid out again after a new board, a resize and a filter", "[ui][vlist]") {
    Harness h(ImVec2(1920, 1080), mixedBoard(60));
    CHECK(scrollThrough(h, ids(filterAgreements(h.board(), {}))).empty());

    SECTION("a new board whose cards are taller") {
        h.setBoard(mixedBoard(70, " en nog veel meer woorden erachter"));
        const auto problems = scrollThrough(h, ids(filterAgreements(h.board(), {})));
        INFO(joined(problems));
        CHECK(problems.empty());
    }
    SECTION("a narrower window") {
        h.setDisplay(ImVec2(1000, 1080));
        const auto problems = scrollThrough(h, ids(filterAgreements(h.board(), {})));
        INFO(joined(problems));
        CHECK(problems.empty());
    }
    SECTION("a filter chosen by tapping its chips") {
        h.scrollListTo(0);
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
        const auto problems = scrollThrough(h, shown);
        INFO(joined(problems));
        CHECK(problems.empty());
    }
}

TEST_CASE("a tap on a card in a scrolled list opens that card, a drag scrolls without opening",
          "[ui][vlist]") {
    Harness h(ImVec2(1920, 1080), mixedBoard(60));
    h.frame();
    h.frame();
    h.scrollListTo(h.list()->ScrollMax.y * 0.6f);
    h.frame();
    // A card wholly in view, away from the top.
    std::optional<std::pair<std::string, Rect>> target;
    const ImGuiWindow* w = h.list();
    for (const auto& [name, r] : h.items())
        if (name.rfind("agreement.card.", 0) == 0 && r.y > w->Pos.y + 100 &&
            r.bottom() < w->Pos.y + w->Size.y) {
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
        const float before = h.list()->Scroll.y;
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
        CHECK(h.list()->Scroll.y > before + 100);
        CHECK_FALSE(h.find("agreement.detail." + target->first));
        for (const auto& [name, r] : h.items())
            CHECK(name.rfind("agreement.detail.", 0) != 0);
    }
}
