#include "chair_ui.hpp"

#include "i18n.hpp"
#include "log.hpp"
#include "screens/panel.hpp"
#include "theme.hpp"

#include <imgui.h>

#include <array>
#include <fstream>

namespace regiebord::ui {

std::string readPinHashFile(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    return line;
}

ChairMode::ChairMode(const ChairSettings& settings)
    : m_settings(settings), m_session(settings.idleTimeout), m_pending(settings.undoWindow) {
    try {
        m_guard = std::make_unique<PinGuard>(settings.guardFile, readPinHashFile(settings.pinFile));
    } catch (const std::exception& e) {
        // Without its lockout file the PIN cannot be guarded: no chair mode. The reason
        // (a path, an errno) is for IT: the journal; the keypad says it in a sentence.
        m_guardBroken = true;
        logLine(LogLevel::Error, std::string("chair mode unavailable: ") + e.what());
    }
}

void ChairMode::hold(const DecisionRequest& request, SteadyTime now) {
    m_heldBySubject[subjectOf(request)] = m_pending.add(request, now);
}

bool ChairMode::undo(const std::string& subject, SteadyTime now) {
    const auto it = m_heldBySubject.find(subject);
    if (it == m_heldBySubject.end()) return false;
    const bool undone = m_pending.undo(it->second, now);
    m_heldBySubject.erase(it);
    return undone;
}

std::optional<int> ChairMode::heldSecondsLeft(const std::string& subject, SteadyTime now) const {
    const auto it = m_heldBySubject.find(subject);
    if (it == m_heldBySubject.end()) return std::nullopt;
    for (const auto& p : m_pending.pending(now))
        if (p.id == it->second) return static_cast<int>(p.secondsLeft.count());
    return std::nullopt;
}

void ChairMode::tryPin(SteadyTime now, WallTime wall) {
    PinGuard::Attempt result{};
    try {
        result = m_guard->attempt(m_entry, wall);
    } catch (const std::exception& e) {
        // The PIN could not be checked (the lockout file failed): not a wrong PIN; the
        // reason goes to the journal.
        m_entry.clear();
        logLine(LogLevel::Error, std::string("chair PIN not checked: ") + e.what());
        m_message = tr("pin_unavailable");
        m_messageIsError = true;
        return;
    }
    m_entry.clear();
    switch (result.result) {
    case PinGuard::Attempt::Ok:
        m_session.open(now);
        m_message.clear();
        ImGui::CloseCurrentPopup();
        return;
    case PinGuard::Attempt::Wrong:
        m_message = result.retryAfter.count() > 0
                        ? std::string(tr("pin_wrong")) + " " + tr("pin_locked_for") + " " +
                              std::to_string(result.retryAfter.count()) + " s"
                        : std::string(tr("pin_wrong"));
        break;
    case PinGuard::Attempt::Locked:
        m_message =
            std::string(tr("pin_locked_for")) + " " + std::to_string(result.retryAfter.count()) + " s";
        break;
    case PinGuard::Attempt::NotConfigured:
        m_message = tr("pin_not_configured");
        break;
    }
    m_messageIsError = true;
}

void ChairMode::drawKeypad(const UiContext& ctx, SteadyTime now) {
    const float u = ctx.u;
    if (m_keypadRequested) {
        m_keypadRequested = false;
        m_entry.clear();
        m_message.clear();
        if (!m_guard || !m_guard->configured()) {
            m_message = m_guardBroken ? tr("pin_unavailable") : tr("pin_not_configured");
            m_messageIsError = true;
        } else if (const auto locked = m_guard->lockedFor(ctx.now)) {
            m_message = std::string(tr("pin_locked_for")) + " " + std::to_string(locked->count()) + " s";
            m_messageIsError = true;
        }
        ImGui::OpenPopup("chair-pin");
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    // Keys of at least a touch target; the pad fits 800x480 and portrait.
    const float key = std::clamp(std::min(display.x / 5.0f, display.y / 8.5f), tapSize(48, u), 132.0f * u);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float padWidth = 3 * key + 2 * spacing;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    const float dialogWidth =
        std::min(display.x * 0.95f, std::max(padWidth, 360 * u) + 2 * ImGui::GetStyle().WindowPadding.x);
    // Fixed width, height from the content.
    ImGui::SetNextWindowSizeConstraints(ImVec2(dialogWidth, 0), ImVec2(dialogWidth, display.y));
    if (!ImGui::BeginPopupModal("chair-pin", nullptr,
                                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoScrollbar))
        return;
    mark(ctx.uiMap, "pin.dialog");
    wrappedText(ctx.fonts.heading, color::kAccent, tr("pin_title"));
    // The digits are never shown; one dot per digit entered.
    std::string dots;
    for (std::size_t i = 0; i < m_entry.size(); ++i)
        dots += "\xE2\x97\x8F "; // U+25CF BLACK CIRCLE
    ImGui::PushFont(ctx.fonts.big);
    ImGui::TextUnformatted(dots.empty() ? " " : dots.c_str());
    ImGui::PopFont();
    mark(ctx.uiMap, "pin.entry", std::to_string(m_entry.size()));
    // The message line is always there (blank when empty), so the dialog never changes height.
    wrappedText(ctx.fonts.body, m_messageIsError ? color::kBad : color::kTextDim,
                m_message.empty() ? std::string(" ") : m_message);
    if (!m_message.empty()) mark(ctx.uiMap, "pin.message", m_message);
    const bool usable = m_guard && m_guard->configured();
    ImGui::PushFont(ctx.fonts.heading);
    constexpr std::array<const char*, 12> kKeys{"1", "2", "3", "4",   "5", "6",
                                                "7", "8", "9", "del", "0", "ok"};
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
        const std::string k = kKeys[i];
        const char* label = k == "del" ? tr("pin_delete") : k == "ok" ? tr("pin_ok") : kKeys[i];
        ImGui::BeginDisabled(!usable);
        const bool pressed = ImGui::Button(label, ImVec2(key, std::max(key * 0.8f, kTouchPx)));
        ImGui::EndDisabled();
        mark(ctx.uiMap, "pin.key." + k);
        if (i % 3 != 2) ImGui::SameLine();
        if (!pressed) continue;
        if (k == "del") {
            if (!m_entry.empty()) m_entry.pop_back();
        } else if (k == "ok") {
            if (!m_entry.empty()) tryPin(now, ctx.now);
        } else if (m_entry.size() < 8) {
            m_entry += k;
        }
    }
    ImGui::Spacing();
    const bool cancel = ImGui::Button(tr("cancel"), ImVec2(padWidth, std::max(key * 0.7f, kTouchPx)));
    ImGui::PopFont();
    mark(ctx.uiMap, "pin.cancel");
    if (cancel) {
        m_entry.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace regiebord::ui
