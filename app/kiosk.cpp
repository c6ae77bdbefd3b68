#include "kiosk.hpp"

#include "format.hpp"

#include "i18n.hpp"
#include "screens/agreements_screen.hpp"
#include "screens/definitions_screen.hpp"
#include "screens/early_warning_screen.hpp"
#include "screens/escalations_screen.hpp"
#include "screens/meeting_screen.hpp"
#include "screens/overview_screen.hpp"
#include <imgui_internal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <sstream>
#include <unistd.h>

namespace regiebord::ui {

namespace {
std::atomic<bool> g_quit{false};
Uint32 g_wakeEvent = 0;

std::chrono::milliseconds untilNextMinute() {
    const auto now = std::chrono::system_clock::now();
    const auto next = std::chrono::ceil<std::chrono::minutes>(now + std::chrono::milliseconds(1));
    return std::chrono::duration_cast<std::chrono::milliseconds>(next - now) + std::chrono::milliseconds(20);
}
} // namespace

void requestQuit() {
    g_quit = true;
    requestWake();
}

void requestWake() {
    if (g_wakeEvent != 0) {
        SDL_Event e{};
        e.type = g_wakeEvent;
        SDL_PushEvent(&e); // thread-safe; wakes SDL_WaitEventTimeout
    }
}

Kiosk::Kiosk(Display& display, SyncEngine& engine, const ChairSettings& chair)
    : m_display(display), m_engine(engine), m_chair(chair) {
    // The one place where screens are registered, in tab order.
    m_screens.push_back(std::make_unique<OverviewScreen>());
    m_screens.push_back(std::make_unique<AgreementsScreen>());
    m_screens.push_back(std::make_unique<EarlyWarningScreen>());
    m_screens.push_back(std::make_unique<EscalationsScreen>());
    m_screens.push_back(std::make_unique<MeetingScreen>());
    m_screens.push_back(std::make_unique<DefinitionsScreen>());
    m_wakeEvent = SDL_RegisterEvents(1);
    g_wakeEvent = m_wakeEvent;
}

Screen* Kiosk::current() {
    return m_screens.at(m_current).get();
}

void Kiosk::holdDecision(const DecisionRequest& request) {
    m_chair.hold(request, std::chrono::steady_clock::now());
}

bool Kiosk::undoDecision(const std::string& escalationId) {
    return m_chair.undo(escalationId, std::chrono::steady_clock::now());
}

std::optional<int> Kiosk::heldSecondsLeft(const std::string& escalationId) const {
    return m_chair.heldSecondsLeft(escalationId, std::chrono::steady_clock::now());
}

std::string Kiosk::submittedKey(const std::string& escalationId) const {
    const auto it = m_submitted.find(escalationId);
    return it == m_submitted.end() ? std::string() : it->second;
}

bool Kiosk::chairActive() const {
    return m_chair.active(std::chrono::steady_clock::now());
}

void Kiosk::requestChair() {
    m_chair.requestKeypad();
}

void Kiosk::syncNow() {
    m_engine.requestSync();
}

void Kiosk::releaseDecisions() {
    for (const auto& request : m_chair.release(std::chrono::steady_clock::now()))
        m_submitted[request.escalationId] = m_engine.submitDecision(request);
}

void Kiosk::showScreen(const std::string& spec) {
    const auto colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    for (std::size_t i = 0; i < m_screens.size(); ++i) {
        if (name != m_screens[i]->id()) continue;
        m_current = i;
        m_screens[i]->reset();
        if (colon != std::string::npos) m_screens[i]->openDetail(spec.substr(colon + 1));
        return;
    }
}

namespace {

float textWidth(ImFont* font, const char* text) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text).x;
}

/// How the tabs are drawn: the largest font and fullest labels that fit the
/// room, or two rows of equal cells when even the smallest do not fit in one.
struct TabFit {
    ImFont* font = nullptr;
    bool shortLabels = false;
    float padX = 0;
    int rows = 1;
    float cellWidth = 0; ///< two rows: every tab this wide; one row: 0 (as wide as its label)
};

std::string tabLabelKey(const Screen& screen, bool shortLabel) {
    return std::string(screen.titleKey()) + (shortLabel ? ".short" : "");
}

TabFit fitTabs(const std::vector<std::unique_ptr<Screen>>& screens, const Fonts& fonts, float room, float u) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const TabFit candidates[] = {{fonts.heading, false, 20 * u, 1, 0},
                                 {fonts.heading, true, 20 * u, 1, 0},
                                 {fonts.body, false, 16 * u, 1, 0},
                                 {fonts.body, true, 16 * u, 1, 0},
                                 {fonts.small, true, 12 * u, 1, 0}};
    for (const TabFit& fit : candidates) {
        float width = 0;
        for (const auto& screen : screens)
            width += textWidth(fit.font, tr(tabLabelKey(*screen, fit.shortLabels))) + 2 * fit.padX + spacing;
        if (width <= room) return fit;
    }
    const int perRow = static_cast<int>((screens.size() + 1) / 2);
    const float cell = (room - spacing * float(perRow)) / float(perRow);
    for (ImFont* font : {fonts.heading, fonts.body, fonts.small}) {
        for (const bool shortLabels : {false, true}) {
            bool fits = true;
            for (const auto& screen : screens)
                fits = fits && textWidth(font, tr(tabLabelKey(*screen, shortLabels))) + 16 * u <= cell;
            if (fits) return {font, shortLabels, 8 * u, 2, cell};
        }
    }
    return {fonts.small, true, 4 * u, 2, cell}; // clipped by ImGui, never overlapping
}

} // namespace

void Kiosk::drawTopBar(const UiContext& ctx) {
    const float u = ctx.u;
    const BoardData* board = ctx.snapshot.board.get();
    const float rowHeight = 76 * u;
    const std::string clock = formatClock(ctx.now);
    const float clockWidth = textWidth(ctx.fonts.heading, clock.c_str());
    const bool demo = board && board->board.demo;
    const float demoWidth = demo ? textWidth(ctx.fonts.heading, tr("demo")) + 48 * u : 0.0f;
    const float full = ImGui::GetContentRegionAvail().x;
    // The demo marker and the clock always show; the tabs take what is left
    // (in two rows on narrow screens) and the board's name fills any rest.
    const TabFit fit = fitTabs(m_screens, ctx.fonts, full - clockWidth - demoWidth - 32 * u, u);
    const float spacingY = ImGui::GetStyle().ItemSpacing.y * 0.5f;
    const float barHeight = float(fit.rows) * rowHeight + float(fit.rows - 1) * spacingY + 8 * u;
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::BeginChild("topbar", ImVec2(0, barHeight), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
    ImGui::PushFont(fit.font);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(fit.padX, ImGui::GetStyle().FramePadding.y));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, spacingY));
    const std::size_t perRow = fit.rows == 1 ? m_screens.size() : (m_screens.size() + 1) / 2;
    float rowEnd = 0;
    for (std::size_t i = 0; i < m_screens.size(); ++i) {
        if (m_screens[i]->requiresChair() && !m_chair.active(std::chrono::steady_clock::now())) continue;
        const bool active = i == m_current;
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::ColorConvertU32ToFloat4(active ? color::kAccent : color::kPanel));
        if (ImGui::Button(tr(tabLabelKey(*m_screens[i], fit.shortLabels)),
                          ImVec2(fit.cellWidth, rowHeight))) {
            m_current = i;
            m_screens[i]->reset();
        }
        ImGui::PopStyleColor();
        mark(ctx.uiMap, std::string("tab.") + m_screens[i]->id(),
             tr(tabLabelKey(*m_screens[i], fit.shortLabels)));
        if (i + 1 == perRow) rowEnd = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
        if ((i + 1) % perRow != 0) ImGui::SameLine();
    }
    ImGui::PopStyleVar(2);
    ImGui::PopFont();
    // Right side of the first row: demo marker and clock; the board's name
    // fills the space between (on the second row when the tabs take two).
    const float right = ImGui::GetWindowContentRegionMax().x - clockWidth;
    if (board) {
        const float nameLeft = fit.rows == 1 ? rowEnd + 16 * u : right - demoWidth;
        const float nameY = fit.rows == 1 ? 14 * u : rowHeight + spacingY + 14 * u;
        const ImVec2 at(ImGui::GetWindowPos().x + nameLeft, ImGui::GetWindowPos().y + nameY);
        const float limit = fit.rows == 1 ? ImGui::GetWindowPos().x + right - demoWidth - 24 * u
                                          : ImGui::GetWindowPos().x + right + clockWidth;
        ImFont* nameFont = fit.rows == 1 ? ctx.fonts.body : ctx.fonts.small;
        ImGui::PushFont(nameFont);
        if (limit > at.x + 160 * u) // a name cut to a few letters says nothing
            ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), at, ImVec2(limit, at.y + rowHeight), limit,
                                      limit, board->board.name.c_str(), nullptr, nullptr);
        ImGui::PopFont();
    }
    if (demo) {
        ImGui::SetCursorPos(ImVec2(right - demoWidth, 14 * u));
        badge({color::kDemo, "", tr("demo")}, ctx.fonts.heading, u);
        mark(ctx.uiMap, "demo.badge");
    }
    ImGui::SetCursorPos(ImVec2(right, 14 * u));
    ImGui::TextUnformatted(clock.c_str());
    mark(ctx.uiMap, "clock", clock);
    ImGui::EndChild();
    ImGui::PopFont();
}

void Kiosk::drawStatusLine(const UiContext& ctx) {
    const SyncStatus& s = ctx.snapshot.status;
    std::string freshness;
    if (s.lastSuccess) {
        const auto age = std::chrono::duration_cast<std::chrono::seconds>(ctx.now - *s.lastSuccess);
        freshness = std::string(tr("updated_at")) + " " + formatClock(*s.lastSuccess) + " (" +
                    formatAge(age) + (age.count() >= 60 ? std::string(" ") + tr("ago") : std::string()) + ")";
    } else {
        freshness = tr("never_synced");
    }
    ImU32 tone = color::kTextDim;
    std::string reach;
    std::string reachName;
    switch (s.reach) {
    case Reachability::Online:
        reach = tr("online");
        reachName = "online";
        tone = color::kGood;
        break;
    case Reachability::Offline:
        reach = tr("offline");
        reachName = "offline";
        tone = IM_COL32(0xFF, 0xD6, 0xD6, 0xFF); // light on the red bar
        break;
    case Reachability::Refused:
        reach = std::string(tr("refused_by_hub")) + ": " + s.lastError;
        reachName = "refused";
        tone = IM_COL32(0xFF, 0xD6, 0xD6, 0xFF);
        break;
    case Reachability::Unknown:
        reach = tr("connecting");
        reachName = "connecting";
        tone = color::kWarn;
        break;
    }
    int waiting = 0;
    for (const auto& item : ctx.snapshot.outbox)
        if (item.state == OutboxState::Queued || item.state == OutboxState::Sending) ++waiting;

    const float u = ctx.u;
    const float height = ctx.fonts.body->FontSize + 24 * u;
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - height - ImGui::GetStyle().WindowPadding.y);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool alarm = s.reach == Reachability::Offline || s.reach == Reachability::Refused;
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height),
                      alarm ? IM_COL32(0x5A, 0x16, 0x1E, 0xFF) : color::kPanel, 10 * u);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 20 * u, pos.y + 12 * u));
    ImGui::PushFont(ctx.fonts.body);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone), "\u25CF %s", reach.c_str());
    mark(ctx.uiMap, "status." + reachName, reach);
    ImGui::SameLine(0, 40 * u);
    ImGui::TextUnformatted(freshness.c_str());
    mark(ctx.uiMap, "status.freshness", freshness);
    if (!s.clockTrusted) {
        ImGui::SameLine(0, 40 * u);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color::kWarn), "\u26A0 %s", tr("clock_untrusted"));
        mark(ctx.uiMap, "status.clock_untrusted");
    }
    if (waiting > 0) {
        ImGui::SameLine(0, 40 * u);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color::kWarn), "%d %s", waiting,
                           tr("decisions_waiting"));
        mark(ctx.uiMap, "status.outbox", std::to_string(waiting));
    }
    // Right end: the chair button (open chair mode, or show how long it stays open and close it).
    const auto now = std::chrono::steady_clock::now();
    const bool chair = m_chair.active(now);
    std::string chairText = tr(chair ? "chair_active" : "chair");
    if (chair) {
        const auto left = m_chair.secondsLeft(now).count();
        char clock[48];
        std::snprintf(clock, sizeof clock, " %lld:%02lld", static_cast<long long>(left / 60),
                      static_cast<long long>(left % 60));
        chairText += clock;
    }
    const float buttonWidth = ImGui::CalcTextSize(chairText.c_str()).x + 48 * u;
    ImGui::SetCursorScreenPos(ImVec2(pos.x + width - buttonWidth - 6 * u, pos.y + 4 * u));
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(chair ? color::kAccent : color::kPanelHigh));
    const bool pressed = ImGui::Button(chairText.c_str(), ImVec2(buttonWidth, height - 8 * u));
    ImGui::PopStyleColor();
    mark(ctx.uiMap, chair ? "chair.close" : "chair.button", chairText);
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
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("regiebord", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    UiContext ctx{snapshot,     std::chrono::system_clock::now(), m_display.scale(), m_display.fonts(), *this,
                  m_uiMap.get()};
    drawTopBar(ctx);
    const float statusHeight = ctx.fonts.body->FontSize + 24 * ctx.u + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("screen", ImVec2(0, ImGui::GetContentRegionAvail().y - statusHeight), false,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    if (snapshot.board) {
        current()->draw(ctx);
    } else {
        wrappedText(ctx.fonts.heading, color::kTextDim, tr("no_data"));
        mark(ctx.uiMap, "screen.no_data");
    }
    ImGui::EndChild();
    drawStatusLine(ctx);
    m_chair.drawKeypad(ctx, std::chrono::steady_clock::now());
    ImGui::End();
    m_display.endFrame();
    ++m_framesDrawn;
    if (m_uiMap) m_uiMap->endFrame(static_cast<int>(m_framesDrawn), current()->id());
}

namespace {
/// Milliseconds since the kernel started this process (field 22 of
/// /proc/self/stat against CLOCK_BOOTTIME), so start-up includes the loader.
double msSinceProcessStart() {
    std::FILE* f = std::fopen("/proc/self/stat", "r");
    if (!f) return -1;
    char buffer[1024] = {};
    const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
    std::fclose(f);
    const std::string stat(buffer, n);
    const auto close = stat.rfind(')'); // the command name may hold spaces
    if (close == std::string::npos) return -1;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
    }
    const double startTicks = std::strtod(field.c_str(), nullptr);
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
    return nowMs - startTicks * 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
}
} // namespace

int Kiosk::run(const RunOptions& options) {
    if (!options.uiMapPath.empty()) m_uiMap = std::make_unique<UiMap>(options.uiMapPath);
    showScreen(options.screen);
    const bool screenshot = !options.screenshotPath.empty();
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };

    std::uint64_t drawnVersion = 0;
    int framesPending = 2;
    auto lastMinute = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    int screenshotFrames = 0;
    while (!g_quit) {
        int timeout = framesPending > 0 || options.redrawAlways
                                ? 0
                                : static_cast<int>(screenshot ? 50 : untilNextMinute().count());
        if (timeout > 0 && (m_chair.active(std::chrono::steady_clock::now()) || m_chair.holding()))
            timeout = std::min(timeout, 250);
        SDL_Event event;
        bool have = timeout == 0 ? SDL_PollEvent(&event) != 0 : SDL_WaitEventTimeout(&event, timeout) != 0;
        while (have) {
            if (event.type == SDL_QUIT) g_quit = true;
            if (m_display.processEvent(event)) {
                framesPending = std::max(framesPending, 3);
                m_chair.touched(std::chrono::steady_clock::now());
            }
            have = SDL_PollEvent(&event) != 0;
        }
        if (g_quit) break;

        releaseDecisions();
        // Chair mode and the undo window count down on screen: one frame a second while they run.
        const auto nowSteady = std::chrono::steady_clock::now();
        const bool counting = m_chair.active(nowSteady) || m_chair.holding();
        if (counting && nowSteady - m_lastTick >= std::chrono::seconds(1)) {
            m_lastTick = nowSteady;
            framesPending = std::max(framesPending, 1);
        }
        if (!m_chair.active(nowSteady) && current()->requiresChair()) m_current = 0;
        const auto snapshot = m_engine.snapshot();
        if (snapshot && snapshot->version != drawnVersion) framesPending = std::max(framesPending, 2);
        const auto minute = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
        if (minute != lastMinute) {
            lastMinute = minute;
            framesPending = std::max(framesPending, 1);
        }
        if (ImGui::GetIO().MouseDown[0]) framesPending = std::max(framesPending, 1); // dragging
        if (options.redrawAlways) framesPending = std::max(framesPending, 1);
        if (options.exitAfterSeconds > 0 && elapsed() > options.exitAfterSeconds) break;

        if (screenshot) {
            // Wait for data (cache or hub) and the first answer from the hub, within limits.
            const bool hasData = snapshot && snapshot->board;
            const bool settled = hasData && (snapshot->status.lastAttempt.has_value() || elapsed() > 5);
            if (!settled && elapsed() < options.waitForDataSeconds) continue;
            framesPending = 1;
        }
        if (framesPending <= 0 || !snapshot) continue;
        drawFrame(*snapshot);
        drawnVersion = snapshot->version;
        --framesPending;
        if (screenshot && ++screenshotFrames >= 3) {
            // Several frames so that layouts and popups settle before capture.
            std::string error;
            const bool ok = m_display.savePng(options.screenshotPath, error);
            if (!ok)
                std::fprintf(stderr, "regiebord: %s\n", error.c_str());
            else
                std::printf("regiebord: screenshot written to %s\n", options.screenshotPath.c_str());
            return ok ? 0 : 1;
        }
        m_display.present();
        if (m_framesDrawn == 1)
            std::fprintf(stderr, "regiebord: first frame %.0f ms after process start\n", msSinceProcessStart());
    }
    return 0;
}

} // namespace regiebord::ui
