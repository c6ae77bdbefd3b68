#pragma once
// Colours, sizes and the few drawing helpers every screen shares. Sizes are in
// design units: 1 unit = 1 px on a 1080-line screen, scaled with the display.

#include "model.hpp"
#include "outbox.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace regiebord::ui {

struct Fonts {
    ImFont* body = nullptr;    ///< running text, readable from 4 m on a 1080p screen
    ImFont* small = nullptr;   ///< secondary labels
    ImFont* heading = nullptr; ///< screen and card titles (bold)
    ImFont* big = nullptr;     ///< key figures (bold)
};

namespace color {
inline constexpr ImU32 kBackground = IM_COL32(0x14, 0x1B, 0x2D, 0xFF);
inline constexpr ImU32 kPanel = IM_COL32(0x1F, 0x29, 0x40, 0xFF);
inline constexpr ImU32 kPanelHigh = IM_COL32(0x2A, 0x37, 0x55, 0xFF);
inline constexpr ImU32 kText = IM_COL32(0xF2, 0xF4, 0xF8, 0xFF);
inline constexpr ImU32 kTextDim = IM_COL32(0xB4, 0xBD, 0xCE, 0xFF);
inline constexpr ImU32 kAccent = IM_COL32(0x4C, 0x9A, 0xFF, 0xFF);
inline constexpr ImU32 kGood = IM_COL32(0x2F, 0xB3, 0x6B, 0xFF);
inline constexpr ImU32 kWarn = IM_COL32(0xF0, 0xAD, 0x1C, 0xFF);
inline constexpr ImU32 kBad = IM_COL32(0xE5, 0x4B, 0x4B, 0xFF);
inline constexpr ImU32 kDone = IM_COL32(0x5B, 0x8D, 0xEF, 0xFF);
inline constexpr ImU32 kMuted = IM_COL32(0x7A, 0x84, 0x99, 0xFF);
inline constexpr ImU32 kDemo = IM_COL32(0xC8, 0x5C, 0xE6, 0xFF);
} // namespace color

/// Status shown by colour, icon and word together (colour-blind safe).
struct StatusLook {
    ImU32 color;
    const char* icon;
    const char* word;
};
StatusLook look(AgreementStatus status);
StatusLook look(Severity severity);
/// Where a decision stands in this kiosk's outbox: the words and the colour the room sees.
const char* outboxStateText(OutboxState state);
ImU32 outboxStateColor(OutboxState state);

/// The least size of anything a finger taps, in px: a target is drawn at its design size
/// (48 units or more) but never under 48 px, which is 9 mm on the 7" 800x480 touch panel
/// where the scale alone would give 5 mm.
inline constexpr float kTouchPx = 48.0f;
/// A tap target's height (or width) in px for a design size of `units` at the scale u.
inline float tapSize(float units, float u) {
    return std::max(units * u, kTouchPx);
}

/// Applies the kiosk's ImGui style for the scale u.
void applyStyle(float u);

/// Draws a filled badge with icon + word at the cursor; returns its width.
float badge(const StatusLook& look, ImFont* font, float u);
/// A horizontal bar: realised (solid) and in progress (hatched lighter) against 1.0.
void progressBar(float realised, float inProgress, ImVec2 size, ImU32 color);
/// Text that wraps inside the current column.
void wrappedText(ImFont* font, ImU32 color, const std::string& text);
/// One line of text in the current font, cut with "…" to fit maxWidth.
void ellipsisText(const std::string& text, float maxWidth);
/// Colour from a party's 0xRRGGBB.
ImU32 partyColor(std::uint32_t rgb);

} // namespace regiebord::ui
