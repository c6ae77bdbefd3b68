#include "kiosk.hpp"

#include "format.hpp"
#include "i18n.hpp"
#include "imgui_adapter.hpp"
#include "log.hpp"
#include "screens/panel.hpp"
#include "screens/touch_scroll.hpp"
#include "start_clock.hpp"

#include <malloc.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sstream>
#include <unistd.h>

namespace regiebord::ui {

namespace {
std::atomic<bool> g_quit{false};
std::atomic<bool> g_screenshot{false}; // SIGUSR1: write what the room sees
std::atomic<Uint32> g_wakeEvent{0};    // read by the sync thread

/// A gliding list's frames come this far apart (60 a second), not as fast as they can be drawn.
constexpr std::chrono::milliseconds kGlideFrame{16};

/// Panels fitting their text ask for frames in a row at most this many times (never a spin).
constexpr int kMaxRelayoutFrames = 12;

std::chrono::milliseconds untilNextMinute() {
    const auto now = std::chrono::system_clock::now();
    const auto next = std::chrono::ceil<std::chrono::minutes>(now + std::chrono::milliseconds(1));
    return std::chrono::duration_cast<std::chrono::milliseconds>(next - now) + std::chrono::milliseconds(20);
}

/// Whether SDL 2.26 sleeps in the kernel until an event comes: only where its video driver
/// has a WaitEventTimeout (X11, Wayland, Windows, macOS). Elsewhere, KMSDRM on the appliance
/// among them, SDL_WaitEventTimeout looks at its devices every millisecond (SDL_Delay(1)):
/// about 700-900 wake-ups a second while the board stands still (docs/performance.md, "At
/// rest on KMSDRM"), all of them the room's CPU.
bool sdlSleepsUntilEvent() {
    const char* driver = SDL_GetCurrentVideoDriver();
    if (driver == nullptr) return false;
    for (const char* sleeper : {"x11", "wayland", "windows", "cocoa"})
        if (std::strcmp(driver, sleeper) == 0) return true;
    return false;
}
} // namespace

void requestQuit() {
    g_quit = true;
    requestWake();
}

void requestScreenshot() {
    g_screenshot = true;
    requestWake();
}

void requestWake() {
    if (g_wakeEvent != 0) {
        SDL_Event e{};
        e.type = g_wakeEvent;
        SDL_PushEvent(&e); // thread-safe; wakes SDL_WaitEventTimeout
    }
}

Kiosk::Kiosk(Display& display, SyncEngine& engine, const ChairSettings& chair, const DeviceInfo& device)
    : m_display(display), m_engine(engine), m_screens(makeScreens(device)), m_chair(chair),
      m_supportContact(device.supportContact),
      m_roomScreenshot(device.stateDir.empty() ? std::string() : device.stateDir + "/screen.png") {
    m_wakeEvent = SDL_RegisterEvents(1);
    g_wakeEvent = m_wakeEvent;
    m_sdlSleeps = sdlSleepsUntilEvent();
}

Screen* Kiosk::current() {
    return m_screens.at(m_current).screen.get();
}

void Kiosk::holdDecision(const DecisionRequest& request) {
    m_chair.hold(request, std::chrono::steady_clock::now());
}

bool Kiosk::undoDecision(const std::string& subject) {
    return m_chair.undo(subject, std::chrono::steady_clock::now());
}

std::optional<int> Kiosk::heldSecondsLeft(const std::string& subject) const {
    return m_chair.heldSecondsLeft(subject, std::chrono::steady_clock::now());
}

std::string Kiosk::submittedKey(const std::string& subject) const {
    const auto it = m_submitted.find(subject);
    return it == m_submitted.end() ? std::string() : it->second;
}

bool Kiosk::chairActive() const {
    return m_chair.active(std::chrono::steady_clock::now());
}

void Kiosk::setCurrentItem(const std::string& meetingId, std::optional<int> order) {
    if (!chairActive()) return; // the screen offers it only in chair mode; this holds it
    logf(LogLevel::Info, "chair: agenda item %s of meeting %s marked current",
         order ? std::to_string(*order).c_str() : "(none)", meetingId.c_str());
    m_engine.setCurrentItem(meetingId, order);
}

void Kiosk::requestChair() {
    m_chair.requestKeypad();
}

void Kiosk::syncNow() {
    m_engine.requestSync();
}

void Kiosk::releaseDecisions() {
    for (const auto& request : m_chair.release(std::chrono::steady_clock::now()))
        m_submitted[subjectOf(request)] = m_engine.submitDecision(request);
}

void Kiosk::showScreen(const std::string& spec) {
    const auto colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    for (std::size_t i = 0; i < m_screens.size(); ++i) {
        Screen& screen = *m_screens[i].screen;
        if (name != screen.id()) continue;
        m_current = i;
        screen.reset();
        if (colon != std::string::npos) screen.openDetail(spec.substr(colon + 1));
        return;
    }
}

namespace {

/// As wide as ImGui lays the text out (it rounds up to whole pixels).
float textWidth(ImFont* font, const char* text) {
    return std::ceil(font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text).x);
}

/// How the tabs are drawn: the largest font and fullest labels that fit the
/// room, or two (three, four) rows of equal cells when even the smallest do not fit in one.
struct TabFit {
    ImFont* font = nullptr;
    bool shortLabels = false;
    float padX = 0;
    float spacing = 0; ///< between tabs
    int rows = 1;
    float cellWidth = 0;    ///< more rows: every tab this wide; one row: 0 (as wide as its label)
    std::size_t perRow = 0; ///< more rows: tabs per row; one row: 0 (all)
};

std::string tabLabelKey(const Screen& screen, bool shortLabel) {
    return std::string(screen.titleKey()) + (shortLabel ? ".short" : "");
}

/// A tab's width in one row: its label's, never under a touch target's.
float tabWidth(const TabFit& fit, const Screen& screen) {
    return std::max(textWidth(fit.font, tr(tabLabelKey(screen, fit.shortLabels))) + 2 * fit.padX, kTouchPx);
}

TabFit fitTabs(const std::vector<Screen*>& screens, const Fonts& fonts, float room, float u) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // One row if at all possible (a second row of touch-sized tabs costs a small screen a
    // tenth of its height): the smallest type packs its tabs closer.
    const TabFit candidates[] = {
        {fonts.heading, false, 20 * u, spacing, 1, 0}, {fonts.heading, true, 20 * u, spacing, 1, 0},
        {fonts.body, false, 16 * u, spacing, 1, 0},    {fonts.body, true, 16 * u, spacing, 1, 0},
        {fonts.small, true, 12 * u, spacing, 1, 0},    {fonts.small, true, 8 * u, spacing * 0.5f, 1, 0}};
    for (const TabFit& fit : candidates) {
        float width = 0;
        for (const auto& screen : screens)
            width += tabWidth(fit, *screen) + fit.spacing;
        if (width <= room) return fit;
    }
    for (int rows = 2; rows <= 4; ++rows) {
        const std::size_t perRow = (screens.size() + std::size_t(rows) - 1) / std::size_t(rows);
        const float cell = (room - spacing * float(perRow)) / float(perRow);
        for (ImFont* font : {fonts.heading, fonts.body, fonts.small}) {
            for (const bool shortLabels : {false, true}) {
                bool fits = true;
                for (const auto& screen : screens)
                    fits = fits && textWidth(font, tr(tabLabelKey(*screen, shortLabels))) + 16 * u <= cell;
                if (fits) return {font, shortLabels, 8 * u, spacing, rows, cell, perRow};
            }
        }
    }
    const std::size_t perRow = (screens.size() + 3) / 4;
    return {fonts.small, true, 4 * u, spacing, 4, (room - spacing * float(perRow)) / float(perRow),
            perRow}; // clipped, never overlapping
}

} // namespace

void Kiosk::drawTopBar(const UiContext& ctx) {
    const float u = ctx.u;
    const BoardData* board = ctx.snapshot.board.get();
    const float rowHeight = tapSize(76, u);
    const std::string clock = formatClock(ctx.now);
    const float clockWidth = textWidth(ctx.fonts.heading, clock.c_str());
    const bool demo = board && board->board.demo;
    const float demoWidth = demo ? textWidth(ctx.fonts.heading, tr("demo")) + 48 * u : 0.0f;
    const float full = ImGui::GetContentRegionAvail().x;
    // The demo marker and the clock always show; the tabs take what is left
    // (in two rows on narrow screens); the board's name follows them on the first
    // row when it fits there whole, else it gets a line of its own under them.
    // The tabs this moment: the device screen only in chair mode. Their font and
    // labels are fitted for every tab, chair mode's too, so that opening chair
    // mode never changes what a tab is called.
    std::vector<Screen*> tabs;
    std::vector<Screen*> allTabs;
    std::vector<std::size_t> tabIndex;
    for (std::size_t i = 0; i < m_screens.size(); ++i) {
        Screen* screen = m_screens[i].screen.get();
        allTabs.push_back(screen);
        if (screen->requiresChair() && !m_chair.active(std::chrono::steady_clock::now())) continue;
        tabs.push_back(screen);
        tabIndex.push_back(i);
    }
    const TabFit fit = fitTabs(allTabs, ctx.fonts, full - clockWidth - demoWidth - 32 * u, u);
    const float spacingY = ImGui::GetStyle().ItemSpacing.y * 0.5f;
    // The board's name: beside the tabs when it fits there (one row of tabs), else on its own.
    const std::string boardName = board ? board->board.name : std::string();
    float tabsWidth = 0;
    if (fit.rows == 1)
        for (const auto* screen : tabs)
            tabsWidth += tabWidth(fit, *screen) + fit.spacing;
    const float besideRoom = full - tabsWidth - clockWidth - demoWidth - 48 * u;
    const bool nameBeside = fit.rows == 1 && textWidth(ctx.fonts.body, boardName.c_str()) <= besideRoom;
    const float nameHeight = boardName.empty() || nameBeside
                                 ? 0.0f
                                 : wrappedHeight(ctx.fonts.body, boardName.c_str(), full) + spacingY;
    // As tall as its content was last frame (the first frame: as computed here).
    const float barHeight = m_topBarHeight > 0 ? m_topBarHeight
                                               : float(fit.rows) * rowHeight +
                                                     float(fit.rows - 1) * spacingY + 8 * u + nameHeight;
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::BeginChild("topbar", ImVec2(0, barHeight), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
    ImGui::PushFont(fit.font);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(fit.padX, ImGui::GetStyle().FramePadding.y));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(fit.spacing, spacingY));
    const std::size_t perRow = fit.rows == 1 ? tabs.size() : fit.perRow;
    float rowEnd = 0;
    for (std::size_t t = 0; t < tabs.size(); ++t) {
        const std::size_t i = tabIndex[t];
        const bool active = i == m_current;
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::ColorConvertU32ToFloat4(active ? color::kAccent : color::kPanel));
        const float cell = fit.rows == 1 ? tabWidth(fit, *tabs[t]) : fit.cellWidth;
        if (ImGui::Button(tr(tabLabelKey(*tabs[t], fit.shortLabels)), ImVec2(cell, rowHeight))) {
            m_current = i;
            tabs[t]->reset();
        }
        ImGui::PopStyleColor();
        mark(ctx.uiMap, std::string("tab.") + tabs[t]->id(), tr(tabLabelKey(*tabs[t], fit.shortLabels)));
        if (t + 1 == perRow) rowEnd = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
        if ((t + 1) % perRow != 0) ImGui::SameLine();
    }
    ImGui::PopStyleVar(2);
    ImGui::PopFont();
    // Right side of the first row: demo marker and clock. The board's name in full:
    // beside the tabs, or wrapped on its own line under them.
    const float right = std::floor(ImGui::GetWindowContentRegionMax().x - clockWidth) - 1; // whole px inside
    if (!boardName.empty()) {
        const float tabsBottom = float(fit.rows) * rowHeight + float(fit.rows - 1) * spacingY + 8 * u;
        ImGui::SetCursorPos(nameBeside
                                ? ImVec2(rowEnd + 24 * u, (rowHeight - ctx.fonts.body->FontSize) * 0.5f)
                                : ImVec2(0, tabsBottom));
        wrappedText(ctx.fonts.body, color::kTextDim, boardName);
        mark(ctx.uiMap, "board.name", boardName);
    }
    if (demo) {
        ImGui::SetCursorPos(ImVec2(right - demoWidth, 14 * u));
        badge({color::kDemo, "", tr("demo")}, ctx.fonts.heading, u);
        mark(ctx.uiMap, "demo.badge");
    }
    ImGui::SetCursorPos(ImVec2(right, 14 * u));
    ImGui::TextUnformatted(clock.c_str());
    mark(ctx.uiMap, "clock", clock);
    const float content = std::ceil(imgui_adapter::currentContentHeight());
    if (std::abs(content - m_topBarHeight) > 0.5f) {
        m_topBarHeight = content;
        requestRelayout(); // drawn again at its height
    }
    ImGui::EndChild();
    ImGui::PopFont();
}

std::vector<Kiosk::StatusItem> Kiosk::statusItems(const UiContext& ctx, bool& alarm, bool& stale) const {
    const SyncStatus& s = ctx.snapshot.status;
    std::vector<StatusItem> items;
    alarm = s.reach == Reachability::Offline || s.reach == Reachability::Refused;
    const ImU32 onRed = IM_COL32(0xFF, 0xD6, 0xD6, 0xFF); // light on the red bar
    switch (s.reach) {
    case Reachability::Online:
        items.push_back({std::string("\u25CF ") + tr("online"), color::kGood, "status.online"});
        break;
    case Reachability::Offline:
        items.push_back({std::string("\u25CF ") + tr("offline"), onRed, "status.offline"});
        break;
    case Reachability::Refused:
        items.push_back(
            {std::string("\u25CF ") + refusalSentence(s.refusal, s.lastSuccess), onRed, "status.refused"});
        break;
    case Reachability::Unknown:
        items.push_back({std::string("\u25CF ") + tr("connecting"), color::kWarn, "status.connecting"});
        break;
    }
    // Freshness: "bijgewerkt om hh:mm (x min geleden)"; amber once older than the threshold.
    if (s.lastSuccess) {
        const auto age = std::chrono::duration_cast<std::chrono::seconds>(ctx.now - *s.lastSuccess);
        stale = age > m_staleAfter;
        items.push_back(
            {std::string(tr("updated_at")) + " " + formatClock(*s.lastSuccess) + " (" + formatAgo(age) + ")",
             stale && !alarm ? color::kWarn : color::kText, "status.freshness"});
    } else {
        stale = true;
        items.push_back({tr("never_synced"), color::kWarn, "status.freshness"});
    }
    if (!s.fault.empty())
        items.push_back({std::string("\u26A0 ") + tr("device_fault"), color::kWarn, "status.fault"});
    if (!s.clockTrusted)
        items.push_back(
            {std::string("\u26A0 ") + tr("clock_untrusted"), color::kWarn, "status.clock_untrusted"});
    int waiting = 0;
    for (const auto& item : ctx.snapshot.outbox)
        if (item.state == OutboxState::Queued || item.state == OutboxState::Sending) ++waiting;
    if (waiting > 0)
        items.push_back(
            {std::to_string(waiting) + " " + tr("decisions_waiting"), color::kWarn, "status.outbox"});
    return items;
}

std::string Kiosk::refusalSentence(HubRefusal refusal,
                                   std::optional<std::chrono::system_clock::time_point> lastGood) const {
    // Only IT can mend a token: the room is told whom to call.
    const std::string whom = m_supportContact.empty()
                                 ? std::string(tr("call_it"))
                                 : std::string(tr("call")) + " " + m_supportContact + ".";
    switch (refusal) {
    case HubRefusal::Disconnected:
        return std::string(tr("hub_disconnected")) + " " + whom;
    case HubRefusal::WrongBoard:
        return std::string(tr("hub_wrong_board")) + " " + whom;
    case HubRefusal::Unusable:
        // The room is told what it is looking at: the last good data, and from when.
        return lastGood ? std::string(tr("hub_unusable_since")) + " " + formatClock(*lastGood) + "."
                        : std::string(tr("hub_unusable"));
    default:
        return tr("refused_by_hub");
    }
}

float Kiosk::languageButtonWidth(const UiContext& ctx) const {
    return textWidth(ctx.fonts.body, tr("language.other")) + 40 * ctx.u;
}

std::string Kiosk::chairLabel() const {
    const auto now = std::chrono::steady_clock::now();
    if (!m_chair.active(now)) return tr("chair");
    const auto left = m_chair.secondsLeft(now).count();
    char clock[48];
    std::snprintf(clock, sizeof clock, " %lld:%02lld", static_cast<long long>(left / 60),
                  static_cast<long long>(left % 60));
    return tr("chair_active") + std::string(clock);
}

/// Places the status items left to right, wrapping to a new row when one does not
/// fit; the first row keeps room for the chair button. Returns the x of each item
/// (relative) and its row.
Kiosk::StatusLine Kiosk::layoutStatusLine(const UiContext& ctx, float width) const {
    // The items left to right, wrapping to a new row when one does not fit; the
    // first row keeps room for the chair button.
    StatusLine line;
    line.items = statusItems(ctx, line.alarm, line.stale);
    line.width = width;
    const float u = ctx.u;
    const float gap = 40 * u;
    const float button =
        textWidth(ctx.fonts.body, chairLabel().c_str()) + 48 * u + 12 * u + languageButtonWidth(ctx) + 12 * u;
    int row = 0;
    float x = 20 * u;
    const float rowHeight = ctx.fonts.body->FontSize + 12 * u;
    for (const auto& item : line.items) {
        const float w = textWidth(ctx.fonts.body, item.text.c_str());
        float limit = width - (row == 0 ? button : 0) - 12 * u;
        if (x > 20 * u && x + w > limit) {
            ++row;
            x = 20 * u;
            limit = width - 12 * u;
        }
        // An item longer than a whole row wraps inside it: the bar grows, it never runs off.
        const float wrap = x + w > limit ? limit - x : 0.0f;
        line.places.push_back({x, row, wrap});
        if (wrap > 0) {
            // It takes as many rows as it has lines; the next item starts on a fresh row.
            const float lines =
                wrappedHeight(ctx.fonts.body, item.text.c_str(), wrap) / ctx.fonts.body->FontSize;
            row += static_cast<int>(std::ceil(lines - 0.01f));
            x = 20 * u;
        } else {
            x += w + gap;
        }
    }
    const bool endsOnFreshRow = line.places.empty() ? false : line.places.back().wrap > 0;
    const int rows = endsOnFreshRow ? row : row + 1;
    // The first row holds the chair and language buttons: touch targets, so never under
    // kTouchPx; the row grows with them and its text is centred beside them.
    line.buttonHeight = tapSize((rowHeight + 4 * u) / u, u);
    line.firstRowGain = std::max(0.0f, line.buttonHeight - (rowHeight + 4 * u));
    line.height = float(rows) * rowHeight + 12 * u + line.firstRowGain;
    return line;
}

void Kiosk::drawStatusLine(const UiContext& ctx, const StatusLine& status) {
    const float u = ctx.u;
    const auto& items = status.items;
    const auto& places = status.places;
    const bool alarm = status.alarm;
    const bool stale = status.stale;
    const float width = status.width;
    const float height = status.height;
    const float line = ctx.fonts.body->FontSize + 12 * u;
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - height - ImGui::GetStyle().WindowPadding.y);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Red when the hub cannot be reached or refuses us, amber when the data is older
    // than the threshold: stale data is never shown as live.
    const ImU32 bar = alarm   ? IM_COL32(0x5A, 0x16, 0x1E, 0xFF)
                      : stale ? IM_COL32(0x4A, 0x38, 0x0C, 0xFF)
                              : color::kPanel;
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), bar, 10 * u);
    mark(ctx.uiMap, alarm ? "status.bar.red" : stale ? "status.bar.amber" : "status.bar.normal");
    ImGui::PushFont(ctx.fonts.body);
    for (std::size_t i = 0; i < items.size(); ++i) {
        const float gain = places[i].row == 0 ? status.firstRowGain * 0.5f : status.firstRowGain;
        ImGui::SetCursorScreenPos(
            ImVec2(pos.x + places[i].x, pos.y + 6 * u + gain + float(places[i].row) * line));
        if (places[i].wrap > 0) ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + places[i].wrap);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(items[i].tone), "%s", items[i].text.c_str());
        if (places[i].wrap > 0) ImGui::PopTextWrapPos();
        mark(ctx.uiMap, items[i].mapName, items[i].text);
    }
    // Right end of the first row: the chair button (open chair mode, or its countdown and close).
    const bool chair = m_chair.active(std::chrono::steady_clock::now());
    const std::string chairText = chairLabel();
    const float buttonWidth = textWidth(ctx.fonts.body, chairText.c_str()) + 48 * u;
    ImGui::SetCursorScreenPos(ImVec2(pos.x + width - buttonWidth - 6 * u, pos.y + 4 * u));
    ImGui::PushStyleColor(ImGuiCol_Button,
                          ImGui::ColorConvertU32ToFloat4(chair ? color::kAccent : color::kPanelHigh));
    const float buttonHeight = status.buttonHeight;
    const bool pressed = ImGui::Button(chairText.c_str(), ImVec2(buttonWidth, buttonHeight));
    ImGui::PopStyleColor();
    mark(ctx.uiMap, chair ? "chair.close" : "chair.button", chairText);
    // Left of it: the switch to the other language, for a visitor (back to the configured
    // one when the carousel next starts).
    const float languageWidth = languageButtonWidth(ctx);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + width - buttonWidth - languageWidth - 18 * u, pos.y + 4 * u));
    if (ImGui::Button(tr("language.other"), ImVec2(languageWidth, buttonHeight))) {
        setLanguage(language() == Language::Dutch ? Language::English : Language::Dutch);
        wantFrames(2);
    }
    mark(ctx.uiMap, "language.toggle", tr("language.other"));
    if (pressed) {
        if (chair)
            m_chair.close();
        else
            m_chair.requestKeypad();
    }
    ImGui::PopFont();
}

void Kiosk::drawFrame(const Snapshot& snapshot) {
    m_display.beginFrame();
    if (m_uiMap) m_uiMap->beginFrame();
    setScrollScale(m_display.scale());
    setPointerSamples(m_display.takePointerPath());
    const ImGuiIO& io = ImGui::GetIO();
    // Pixel shift against burn-in: the whole picture moves a few pixels inside a fixed margin.
    const float margin =
        m_signage.settings().pixelShift ? float(m_signage.settings().pixelShiftMax) * m_display.scale() : 0;
    ImGui::SetNextWindowPos(
        ImVec2(margin + float(m_shiftX) * m_display.scale(), margin + float(m_shiftY) * m_display.scale()));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x - 2 * margin, io.DisplaySize.y - 2 * margin));
    ImGui::Begin("regiebord", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    UiContext ctx{snapshot,     std::chrono::system_clock::now(), m_display.scale(), m_display.fonts(), *this,
                  m_uiMap.get()};
    drawTopBar(ctx);
    // Laid out once per frame: its height decides how much room the screen gets.
    const StatusLine status = layoutStatusLine(ctx, ImGui::GetContentRegionAvail().x);
    const float statusSpace = status.height + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("screen", ImVec2(0, ImGui::GetContentRegionAvail().y - statusSpace), false,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    if (snapshot.board) {
        current()->draw(ctx);
    } else {
        wrappedText(ctx.fonts.heading, color::kTextDim, tr("no_data"));
        mark(ctx.uiMap, "screen.no_data");
    }
    ImGui::EndChild();
    drawStatusLine(ctx, status);
    m_chair.drawKeypad(ctx, std::chrono::steady_clock::now());
    ImGui::End();
    if (m_dim != Dim::None) {
        // Outside office hours: dimmed or black; a touch wakes it.
        ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), io.DisplaySize,
                                                      m_dim == Dim::Black ? IM_COL32(0, 0, 0, 255)
                                                                          : IM_COL32(0, 0, 0, 200));
        mark(m_uiMap.get(), m_dim == Dim::Black ? "signage.black" : "signage.dimmed");
    }
    m_display.endFrame();
    ++m_framesDrawn;
}

namespace {
bool isTouch(const SDL_Event& e) {
    return e.type == SDL_FINGERDOWN || e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_KEYDOWN;
}
} // namespace

void Kiosk::applySignage(bool screenshot) {
    const auto now = std::chrono::steady_clock::now();
    // Office hours by the Dutch clock the room sees in the status bar, not the device's zone.
    const SignageState st = m_signage.state(now, dutchTime(std::chrono::system_clock::now()));
    if (st.dim != m_dim || st.shiftX != m_shiftX || st.shiftY != m_shiftY) {
        m_dim = st.dim;
        m_shiftX = st.shiftX;
        m_shiftY = st.shiftY;
        wantFrames(1);
    }
    // Unattended again: a visitor's language switch ends, the room's language returns.
    if (st.carouselTurn && language() != m_homeLanguage) {
        setLanguage(m_homeLanguage);
        wantFrames(2);
    }
    applyCarousel(st, screenshot);
}

void Kiosk::applyCarousel(const SignageState& st, bool screenshot) {
    // The carousel: never in chair mode, never over an open dialog, never in a screenshot.
    const bool wanted = st.carouselTurn && !screenshot && !m_chair.active(std::chrono::steady_clock::now()) &&
                        !imgui_adapter::modalPopupOpen();
    if (!wanted) {
        if (!m_carousel.running()) return;
        // A touch: back to the screen the person left, as they left it.
        m_current = m_carousel.stop();
        for (auto& entry : m_screens)
            entry.screen->setSignagePage(std::nullopt);
        wantFrames(3);
        return;
    }
    const std::size_t screen = m_carousel.screen();
    const int page = m_carousel.page();
    if (!m_carousel.running()) {
        std::vector<std::size_t> carousel;
        for (std::size_t i = 0; i < m_screens.size(); ++i)
            if (m_screens[i].carousel) carousel.push_back(i);
        if (carousel.empty()) return;
        m_carousel.start(std::move(carousel), m_current, *st.carouselTurn);
    } else {
        const bool cycled = m_carousel.advance(
            *st.carouselTurn, [this](std::size_t i) { return m_screens[i].screen->signagePages(); });
        if (cycled) reportCycle();
        if (m_carousel.screen() == screen && m_carousel.page() == page) return;
    }
    m_current = m_carousel.screen();
    m_screens[m_current].screen->setSignagePage(m_carousel.page());
    wantFrames(3); // the page's scroll applies a frame after it is asked for
}

void Kiosk::reportCycle() {
    const auto& cycle = m_carousel.lastCycle();
    if (!cycle) return;
    const std::string text =
        describeCycle(*cycle, static_cast<int>(m_signage.settings().carouselStep.count()),
                      [this](std::size_t i) { return std::string(m_screens[i].screen->id()); });
    // Once per change (a board with more agreements, another screen size), not every cycle.
    if (text == m_loggedCycle) return;
    m_loggedCycle = text;
    logLine(LogLevel::Notice, "signage: a full carousel cycle shows " + text);
}

int Kiosk::sleepBudget(const RunOptions& options, double elapsed) const {
    if (m_loop.framesPending > 0 || options.redrawAlways) return 0;
    const auto now = std::chrono::steady_clock::now();
    int timeout = static_cast<int>(!options.screenshotPath.empty() ? 50 : untilNextMinute().count());
    // Chair mode and the undo window count down on screen.
    if (m_chair.active(now) || m_chair.holding()) timeout = std::min(timeout, 250);
    // A list gliding after a fling: its next frame one glide frame after the last one drawn.
    if (scrollAnimating()) {
        const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_loop.lastFrameAt);
        timeout = std::min(timeout, std::max(1, static_cast<int>((kGlideFrame - since).count())));
    }
    if (options.exitAfterSeconds > 0) // wake in time to quit when asked to
        timeout = std::clamp(static_cast<int>((options.exitAfterSeconds - elapsed) * 1000) + 5, 1, timeout);
    const auto untilSignage =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_signage.nextChange(now) - now);
    timeout = std::clamp(static_cast<int>(untilSignage.count()) + 5, 1, timeout);
    if (options.maxSleep.count() < timeout) timeout = std::max(1, static_cast<int>(options.maxSleep.count()));
    return timeout;
}

namespace {
/// A finger or button going down or up.
bool isPressOrRelease(const SDL_Event& e) {
    return e.type == SDL_FINGERDOWN || e.type == SDL_FINGERUP || e.type == SDL_MOUSEBUTTONDOWN ||
           e.type == SDL_MOUSEBUTTONUP;
}
bool isPointerMotion(const SDL_Event& e) {
    return e.type == SDL_FINGERMOTION || e.type == SDL_MOUSEMOTION;
}
} // namespace

bool Kiosk::pollEvent(SDL_Event& event) {
    if (SDL_PollEvent(&event) != 0) return true;
    m_display.lookedForEvents(SDL_GetTicks());
    return false;
}

bool Kiosk::waitEvent(SDL_Event& event, int timeout) {
    if (m_sdlSleeps) {
        // SDL's own wait looks at the devices all along (every millisecond, or its window
        // system's wait): an event that came while it waited was taken as it came.
        const Uint32 before = SDL_GetTicks();
        if (SDL_WaitEventTimeout(&event, timeout) == 0) {
            m_display.lookedForEvents(SDL_GetTicks());
            return false;
        }
        if (Sint32(event.common.timestamp - before) > 0)
            m_display.lookedForEvents(event.common.timestamp - 1);
        return true;
    }
    // SDL would look every millisecond: 700-900 wake-ups a second with nothing to do. Look
    // every 10 ms for 2 s after the last event (a finger on the glass, the sync thread's
    // wake-up), then every 40 ms: a first touch waits at most a few frames' time.
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + milliseconds(timeout);
    for (;;) {
        const auto now = steady_clock::now();
        if (pollEvent(event)) {
            m_lastEventAt = now;
            return true;
        }
        if (now >= deadline) return false;
        const milliseconds step(now - m_lastEventAt < seconds(2) ? 10 : 40);
        const auto left = duration_cast<milliseconds>(deadline - now) + milliseconds(1);
        SDL_Delay(static_cast<Uint32>(std::min(step, left).count()));
    }
}

void Kiosk::pumpEvents(int timeout) {
    // ImGui 1.86 sees one pointer state per frame. When a frame is slow (a loaded Pi, the
    // emulated appliance: 150 ms), a whole flick (down, moves, up) can arrive between two
    // frames; taken at once it is a press and release at its end point: a tap that opens the
    // item there. So a press or release gets a frame of its own, and the moves between them
    // another: down | moves | up. (What ImGui 1.87's input queue does.)
    SDL_Event event;
    bool have = false;
    if (m_heldEvent) {
        event = *m_heldEvent;
        m_heldEvent.reset();
        have = true;
    } else {
        have = timeout == 0 ? pollEvent(event) : waitEvent(event, timeout);
    }
    bool moved = false;   // pointer moves taken this frame
    bool pressed = false; // a press or release taken this frame
    while (have) {
        const bool edge = isPressOrRelease(event);
        const bool motion = isPointerMotion(event);
        if ((edge && (moved || pressed)) || (motion && pressed)) {
            m_heldEvent = event; // the next frame's
            wantFrames(2);
            break;
        }
        pressed = pressed || edge;
        moved = moved || motion;
        if (event.type == SDL_QUIT) g_quit = true;
        const auto at = std::chrono::steady_clock::now();
        if ((m_dim != Dim::None || m_carousel.running()) && isTouch(event)) {
            // A touch on a dimmed or black screen, or on the carousel, only wakes it (back
            // to where the person was): it presses nothing.
            m_signage.touched(at);
            wantFrames(2);
        } else if (m_display.processEvent(event)) {
            wantFrames(3);
            m_chair.touched(at);
            if (isTouch(event)) m_signage.touched(at);
        }
        have = pollEvent(event);
    }
}

void Kiosk::noteChanges(const std::shared_ptr<const Snapshot>& snapshot, const RunOptions& options) {
    // Chair mode and the undo window count down on screen: one frame a second while they run.
    const auto now = std::chrono::steady_clock::now();
    if ((m_chair.active(now) || m_chair.holding()) && now - m_lastTick >= std::chrono::seconds(1)) {
        m_lastTick = now;
        wantFrames(1);
    }
    if (!m_chair.active(now) && current()->requiresChair()) m_current = 0;
    // Sync problems go to the journal once per change, not once per poll.
    if (snapshot && snapshot->status.lastError != m_loop.loggedError) {
        if (snapshot->status.lastError.empty())
            logLine(LogLevel::Notice, "sync: the hub answers again");
        else
            logLine(LogLevel::Warning, "sync: " + snapshot->status.lastError);
        m_loop.loggedError = snapshot->status.lastError;
    }
    if (snapshot && snapshot->version != m_loop.drawnVersion) wantFrames(2);
    const auto minute = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    if (minute != m_loop.lastMinute) {
        m_loop.lastMinute = minute;
        wantFrames(1);
    }
    if (ImGui::GetIO().MouseDown[0]) wantFrames(1); // dragging
    if (scrollAnimating()) wantFrames(1);           // gliding on after a fling, until it stops
    if (options.redrawAlways) wantFrames(1);
}

void Kiosk::trimHeap(const Snapshot& snapshot) {
    // Give freed heap back to the system: once the start-up is over (the first parse, and the
    // font atlas's build buffers: ~5 MB at 1080p) and then after each new board: parsing it
    // left the previous board and the download's buffers freed.
    // glibc keeps freed memory in its arenas otherwise; on a Pi that memory is the room's.
    // A trim took 0.6-4 ms here (docs/performance.md); new boards come at most once a poll.
    if (m_framesDrawn == 3 || (m_framesDrawn > 3 && m_loop.trimmedBoard.lock() != snapshot.board)) {
        malloc_trim(0);
        m_loop.trimmedBoard = snapshot.board;
    }
}

void Kiosk::recordHeldDecisions() {
    // Stopping (SIGTERM from an upgrade, a reboot): decisions the chair confirmed but could still
    // undo go to the outbox now instead of being lost with the process.
    std::size_t released = 0;
    for (const auto& request : m_chair.release(std::chrono::steady_clock::now() + std::chrono::hours(1))) {
        m_submitted[subjectOf(request)] = m_engine.submitDecision(request);
        ++released;
    }
    if (released > 0)
        logf(LogLevel::Notice, "stopping: %zu confirmed decision(s) still in their undo window recorded now",
             released);
}

int Kiosk::run(const RunOptions& options) {
    if (!options.uiMapPath.empty()) {
        m_uiMap = std::make_unique<UiMap>(options.uiMapPath);
        m_uiMap->setTypeScale(m_display.bodyCapPx(), m_display.minCapPx(), m_display.scale());
    }
    m_staleAfter = options.staleAfter;
    m_homeLanguage = language();
    const bool screenshot = !options.screenshotPath.empty();
    SignageSettings signage = options.signage;
    if (screenshot) {
        signage.scheduleEnabled = false; // a screenshot shows the screen, whatever the hour
        signage.idleBeforeCarousel = std::chrono::seconds(0);
        // The same picture whenever it is taken: the pixel shift stands still at the centre of
        // its walk, its margin kept, so that the picture is laid out exactly as the room's is.
        signage.pixelShiftEvery = std::chrono::seconds(0);
    }
    m_signage = Signage(signage, std::chrono::steady_clock::now());
    showScreen(options.screen);
    m_loop = LoopState{};
    m_loop.lastMinute = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    int screenshotFrames = 0;
    bool running = false;
    while (!g_quit) {
        const int timeout = sleepBudget(options, elapsed());
        if (!running) {
            running = true;
            if (options.onRunning) options.onRunning();
        }
        if (options.onLoop) options.onLoop(std::chrono::steady_clock::now());
        pumpEvents(timeout);
        if (g_quit) break;
        if (g_screenshot || m_engine.screenshotAsked()) wantFrames(1);
        applySignage(screenshot);
        releaseDecisions();
        const auto snapshot = m_engine.snapshot();
        noteChanges(snapshot, options);
        if (options.exitAfterSeconds > 0 && elapsed() > options.exitAfterSeconds) break;
        if (screenshot) {
            // Wait for data (cache or hub) and the first answer from the hub, within limits.
            const bool hasData = snapshot && snapshot->board;
            const bool settled = hasData && (snapshot->status.lastAttempt.has_value() || elapsed() > 5);
            if (!settled && elapsed() < options.waitForDataSeconds) continue;
            m_loop.framesPending = 1;
        }
        if (m_loop.framesPending <= 0 || !snapshot) continue;
        m_loop.lastFrameAt = std::chrono::steady_clock::now();
        drawFrame(*snapshot);
        // A dialog that opened, closed or is still finding its size and place: ImGui sizes a
        // window from its content, and a dialog's content wraps to the window's width, so it
        // can take several frames. Frames until it stands still (bounded: never a spin), or it
        // would wait half-placed for the next touch, and that touch would land where the
        // button was. (ImGui lays a new dialog out once unseen, at a provisional place; the
        // ui map leaves that frame out: UiMap::mark.)
        if (auto modal = imgui_adapter::modalPopupRect(); modal != m_loop.modalRect) {
            const bool openedOrClosed = modal.has_value() != m_loop.modalRect.has_value();
            m_loop.modalRect = modal;
            if (openedOrClosed)
                wantFrames(3); // sized in one frame, placed in the next
            else if (++m_loop.modalFrames <= kMaxRelayoutFrames)
                wantFrames(2);
        } else {
            m_loop.modalFrames = 0;
        }
        m_loop.drawnVersion = snapshot->version;
        --m_loop.framesPending;
        // A panel resized its text to fit: lay the frame out again before anything of it is
        // drawn or shown (bounded, so it can never spin). The room never sees text at a size it
        // is about to lose, a screenshot or the ui map only a settled layout, and the GPU draws
        // only frames that are shown (at start-up two were laid out again: on the emulated
        // appliance, where Mesa draws in software, each drawn frame cost 0.5-0.9 s).
        if (takeRelayout() && ++m_relayoutFrames <= kMaxRelayoutFrames) {
            wantFrames(1);
            continue;
        }
        m_relayoutFrames = 0;
        m_display.renderFrame();
        if (m_uiMap) m_uiMap->endFrame(static_cast<int>(m_framesDrawn), current()->id());
        if (++m_framesShown == 1) traceStart("first frame drawn");
        if (screenshot && ++screenshotFrames >= 3) // several frames: layouts and popups settle first
            return writeScreenshot(options.screenshotPath);
        // IT asked what the room sees (SIGUSR1): the next settled frame (not one in which a
        // panel is still fitting its text), into the state directory.
        const bool settled = m_relayoutFrames == 0 || m_relayoutFrames > kMaxRelayoutFrames;
        if (!screenshot && settled && !m_roomScreenshot.empty() && g_screenshot.exchange(false))
            writeScreenshot(m_roomScreenshot);
        if (!screenshot && settled && !m_loop.modalRect) m_picture.offer(m_display, m_engine);
        m_display.present();
        if (m_framesShown == 1) {
            traceStart("first frame presented");
            logf(LogLevel::Info, "first frame %.0f ms after process start", msSinceProcessStart());
        }
        trimHeap(*snapshot);
    }
    recordHeldDecisions();
    return 0;
}

int Kiosk::writeScreenshot(const std::string& path) {
    std::string error;
    if (!m_display.savePng(path, error)) {
        logLine(LogLevel::Error, error);
        return 1;
    }
    std::printf("regiebord: screenshot written to %s\n", path.c_str());
    return 0;
}

} // namespace regiebord::ui
