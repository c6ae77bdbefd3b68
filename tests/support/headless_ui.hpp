#pragma once
// Screens drawn for real without a display: an ImGui context without a backend
// (ImGui's example_null), the built-in font at the kiosk's four sizes, the
// kiosk's style, and a ui map read back after every frame. For the UI tests
// (link regiebord_ui).

#include "imgui_adapter.hpp"
#include "screens/screen.hpp"
#include "theme.hpp"
#include "ui_map.hpp"

#include "protocol.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace regiebord::test {

using ui::Commands;
using ui::Fonts;
using ui::Screen;
using ui::UiContext;
using ui::UiMap;

/// Commands that do nothing, remembering the screens asked for.
struct NoCommands final : Commands {
    void holdDecision(const DecisionRequest&) override {}
    bool undoDecision(const std::string&) override { return false; }
    std::optional<int> heldSecondsLeft(const std::string&) const override { return std::nullopt; }
    std::string submittedKey(const std::string&) const override { return {}; }
    bool chairActive() const override { return false; }
    void requestChair() override {}
    void setCurrentItem(const std::string& meetingId, std::optional<int> order) override {
        currentItems.emplace_back(meetingId, order);
    }
    std::vector<std::pair<std::string, std::optional<int>>> currentItems;
    void showScreen(const std::string& id) override { shown.push_back(id); }
    void syncNow() override {}
    std::vector<std::string> shown;
};

/// The demo board plus agreements whose cards differ in height: long and short
/// titles, units, owners and themes and huge quantities make titles, meta lines
/// and figures wrap onto one, two or three lines.
inline std::shared_ptr<const BoardData> mixedBoard(int extra, const std::string& unitSuffix = {}) {
    nlohmann::json doc = nlohmann::json::parse(demoBoardText());
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
             {"parties", nlohmann::json::array({pick(owners, 5)})},
             {"mandate", i % 2 == 0 ? "bestuurlijk" : "ambtelijk"},
             {"target", {{"quantity", quantity}, {"unit", unit}, {"deadline", "2027-06-30"}}},
             {"progress", {{"realised", quantity * 0.3}, {"in_progress", quantity * 0.25}, {"planned", 0}}},
             {"status", pick(statuses, 1)},
             {"definitions", nlohmann::json::array()},
             {"projects", nlohmann::json::array()},
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
class HeadlessScreen {
public:
    HeadlessScreen(ImVec2 display, std::shared_ptr<const BoardData> board, std::unique_ptr<Screen> screen)
        : m_map(m_dir.file("ui-map.json")), m_screen(std::move(screen)) {
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
        ui::applyStyle(m_u);
        m_snapshot.board = std::move(board);
    }
    ~HeadlessScreen() { ImGui::DestroyContext(m_context); }
    HeadlessScreen(const HeadlessScreen&) = delete;
    HeadlessScreen& operator=(const HeadlessScreen&) = delete;

    void setBoard(std::shared_ptr<const BoardData> board) { m_snapshot.board = std::move(board); }
    void setDisplay(ImVec2 size) { ImGui::GetIO().DisplaySize = size; }
    void setNow(std::chrono::system_clock::time_point now) { m_now = now; }
    Screen& screen() { return *m_screen; }
    const BoardData& board() const { return *m_snapshot.board; }
    float u() const { return m_u; }

    /// Draws one frame and reads the ui map it wrote.
    void frame() {
        ImGui::NewFrame();
        if (onNewFrame) onNewFrame();
        m_map.beginFrame();
        const ImGuiIO& io = ImGui::GetIO();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("regiebord", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
        const UiContext ctx{m_snapshot, m_now, m_u, m_fonts, m_commands, &m_map};
        ImGui::BeginChild("screen", ImVec2(0, 0), false,
                          ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
        m_screen->draw(ctx);
        ImGui::EndChild();
        ImGui::End();
        ImGui::Render();
        m_map.endFrame(++m_frames, m_screen->id());
        std::ifstream in(m_dir.file("ui-map.json"));
        const nlohmann::json doc = nlohmann::json::parse(in);
        m_items.clear();
        for (const auto& item : doc["items"])
            m_items.emplace_back(item["name"].get<std::string>(),
                                 Rect{item["x"].get<float>(), item["y"].get<float>(), item["w"].get<float>(),
                                      item["h"].get<float>()});
    }

    /// Called in each frame right after ImGui::NewFrame(), where the kiosk hands the frame
    /// its input (setPointerSamples()).
    std::function<void()> onNewFrame;

    /// The items of the last frame, in the order they were marked.
    const std::vector<std::pair<std::string, Rect>>& items() const { return m_items; }
    std::optional<Rect> find(const std::string& name) const {
        for (const auto& [n, r] : m_items)
            if (n == name) return r;
        return std::nullopt;
    }

    /// A child window (BeginChild(name)) as ImGui left it after the last frame.
    std::optional<ui::imgui_adapter::WindowState> child(const std::string& name) const {
        return ui::imgui_adapter::activeChild(name);
    }
    /// Scrolls a child window from the next frame on.
    void scrollTo(const std::string& name, float y) {
        const auto w = child(name);
        REQUIRE(w);
        ui::imgui_adapter::setScrollY(w->id, y);
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
    std::unique_ptr<Screen> m_screen;
    std::chrono::system_clock::time_point m_now = std::chrono::system_clock::now();
    int m_frames = 0;
    std::vector<std::pair<std::string, Rect>> m_items;
};

/// Where a card was drawn, in the list's own coordinates (0 = the list's top).
struct Placed {
    float top = 0;
    float bottom = 0;
};

/// A scrolling list of cards on a screen, as the ui map shows it.
struct ListSpec {
    std::string window;                                     ///< its BeginChild name
    std::function<std::string(const std::string& id)> card; ///< ui map name of a card's rectangle
    std::vector<std::function<std::string(const std::string& id)>> parts; ///< must lie inside the card
};

/// Scrolls the list from top to bottom in steps of a fraction of its height and
/// checks every frame: the cards drawn are consecutive entries of `expected` (ids),
/// in order, one item spacing apart, each where it was in every other frame, with
/// no card missing at the edges of the view, and the scroll range ends at the last
/// card. Returns what went wrong (empty: nothing); heights collects the card heights.
inline std::vector<std::string> scrollThrough(HeadlessScreen& h, const ListSpec& list,
                                              const std::vector<std::string>& expected,
                                              std::set<float>* heights = nullptr) {
    std::vector<std::string> problems;
    std::size_t count = 0;
    const auto problem = [&](const std::string& text) {
        if (++count <= 30) problems.push_back(text);
    };
    std::map<std::string, std::size_t> index; // by card name
    for (std::size_t i = 0; i < expected.size(); ++i)
        index[list.card(expected[i])] = i;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    std::map<std::size_t, Placed> placed; // by index in expected
    h.frame();                            // the first frame sizes the windows: ImGui settles on the second
    h.scrollTo(list.window, 0);
    h.frame();
    float scroll = 0;
    for (int step = 0; step < 10000; ++step) {
        const auto w = h.child(list.window);
        if (!w) {
            problem("no list window");
            break;
        }
        const float view = w->size.y;
        const float s = w->scroll.y;
        std::vector<std::pair<std::size_t, Placed>> drawn;
        for (const auto& [name, r] : h.items()) {
            const auto it = index.find(name);
            if (it == index.end()) continue;
            const std::string& id = expected[it->second];
            drawn.push_back({it->second, {r.y - w->pos.y + s, r.bottom() - w->pos.y + s}});
            if (heights) heights->insert(r.h);
            // A card's parts exist only when it is in view (a list may mark every card).
            if (r.bottom() <= w->pos.y || r.y >= w->pos.y + view) continue;
            for (const auto& part : list.parts) {
                const auto inside = h.find(part(id));
                if (!inside || !r.contains(*inside)) problem(part(id) + " is not inside its card");
            }
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
                (w->contentSize.y < lastAt.bottom - 0.01f || w->contentSize.y >= lastAt.bottom + 1.0f))
                problem(at + "the list is " + std::to_string(w->contentSize.y) +
                        " px tall but its last card ends at " + std::to_string(lastAt.bottom));
        }
        if (s >= w->scrollMax.y) break;
        scroll = std::min(s + view * 0.37f, w->scrollMax.y);
        h.scrollTo(list.window, scroll);
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

inline std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

} // namespace regiebord::test
