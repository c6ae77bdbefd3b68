#include "early_warning_screen.hpp"

#include "format.hpp"
#include "i18n.hpp"
#include "panel.hpp"
#include "text_flow.hpp"
#include "touch_scroll.hpp"
#include "view_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

namespace regiebord::ui {

namespace {

constexpr ImU32 kDarkText = IM_COL32(0x10, 0x14, 0x20, 0xFF);

/// "120 woningen", "7%": units that start with % follow the number directly.
std::string quantity(double value, const std::string& unit) {
    const std::string number = formatNumber(value);
    if (unit.empty()) return number;
    return number + (unit.front() == '%' ? "" : " ") + unit;
}

/// Hatching for the "in progress" part: diagonal lines, so it is told apart
/// from the solid "realised" part without relying on colour.
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 line, float u) {
    const float step = 12 * u;
    dl->PushClipRect(a, b, true);
    for (float x = a.x - (b.y - a.y); x < b.x; x += step)
        dl->AddLine(ImVec2(x, b.y), ImVec2(x + (b.y - a.y), a.y), line, 3 * u);
    dl->PopClipRect();
}

/// A number inside a bar segment when it fits there.
void segmentLabel(ImDrawList* dl, ImFont* font, ImVec2 a, ImVec2 b, ImU32 c, const std::string& text,
                  float u) {
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str());
    if (size.x + 16 * u > b.x - a.x || size.y > b.y - a.y) return;
    dl->AddText(font, font->FontSize, ImVec2(a.x + 8 * u, a.y + (b.y - a.y - size.y) * 0.5f), c,
                text.c_str());
}

/// Realised (solid), in progress (hatched) and missing (empty, outlined) against the target.
void breakdownBar(const UiContext& ctx, ImDrawList* dl, ImVec2 pos, ImVec2 size, const EarlyWarning& w) {
    const float u = ctx.u;
    const Agreement& a = *w.agreement;
    const auto frac = [&](double v) { return static_cast<float>(std::clamp(v / w.target, 0.0, 1.0)); };
    const float xr = pos.x + size.x * frac(a.progress.realised);
    const float xf = pos.x + size.x * frac(w.forecast);
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    const float r = 8 * u;
    dl->AddRectFilled(pos, end, color::kBackground, r);
    if (xr > pos.x)
        dl->AddRectFilled(pos, ImVec2(xr, end.y), color::kAccent, r, ImDrawFlags_RoundCornersLeft);
    if (xf > xr) {
        dl->AddRectFilled(ImVec2(xr, pos.y), ImVec2(xf, end.y), IM_COL32(0x4C, 0x9A, 0xFF, 0x50));
        hatch(dl, ImVec2(xr, pos.y), ImVec2(xf, end.y), color::kAccent, u);
    }
    // Missing: left empty inside a heavy border (filled shapes: crisper than a thick outline).
    const ImDrawFlags corners = xf <= pos.x ? ImDrawFlags_RoundCornersAll : ImDrawFlags_RoundCornersRight;
    const float t = 4 * u;
    if (end.x - xf > 2 * t) {
        dl->AddRectFilled(ImVec2(xf, pos.y), end, color::kBad, r, corners);
        dl->AddRectFilled(ImVec2(xf + t, pos.y + t), ImVec2(end.x - t, end.y - t), color::kBackground, r - t,
                          corners);
    }
    ImFont* f = ctx.fonts.small;
    segmentLabel(dl, f, pos, ImVec2(xr, end.y), kDarkText, formatNumber(a.progress.realised), u);
    segmentLabel(dl, f, ImVec2(xr, pos.y), ImVec2(xf, end.y), color::kText,
                 formatNumber(a.progress.inProgress), u);
    segmentLabel(dl, f, ImVec2(xf, pos.y), end, color::kText, formatNumber(w.shortfall), u);
}

/// Draws one card at the cursor (or only measures it when draw is false); returns its height.
float warningCard(const UiContext& ctx, const BoardData& board, const EarlyWarning& w, float width,
                  bool draw) {
    const float u = ctx.u;
    const Agreement& a = *w.agreement;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float pad = 28 * u;
    const float gap = style.ItemSpacing.y;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = draw ? ImGui::GetWindowDrawList() : nullptr;
    const ImU32 tone = w.overdue ? color::kBad : color::kWarn;

    // The shortfall sits in a column on the right when the card is wide, under the bar when not.
    const float inner = width - 2 * pad - 10 * u;
    const bool wide = inner > 1150 * u;
    const float rightWidth = wide ? std::max(440 * u, inner * 0.3f) : inner;
    const float leftWidth = wide ? inner - rightWidth - pad : inner;
    const float x = pos.x + pad + 10 * u;
    float y = pos.y + pad;

    const ImVec2 titleAt(x, y);
    y += paragraph(dl, titleAt, leftWidth, ctx.fonts.heading, color::kText, a.title) + gap * 0.5f;
    if (draw) mark(ctx.uiMap, "warning." + a.id + ".title", titleAt, ImVec2(x + leftWidth, y), a.title);

    const Party* owner = board.findParty(a.owner);
    std::vector<TextRun> meta{
        {ctx.fonts.body, color::kTextDim,
         std::string(tr("owner")) + ": " + (owner ? owner->shortName : a.owner.str())},
        {ctx.fonts.body, color::kTextDim, "\u00B7"},
        {ctx.fonts.body, color::kTextDim, std::string(tr("deadline")) + " " + formatDate(a.target.deadline)}};
    if (w.daysLeft) {
        meta.push_back({ctx.fonts.body, color::kTextDim, "\u00B7"});
        meta.push_back({ctx.fonts.body, w.overdue ? color::kBad : color::kText,
                        (w.overdue ? std::string("\u26A0 ") + tr("overdue") + ": " : std::string()) +
                            formatDaysLeft(*w.daysLeft)});
    }
    y += flowRuns(dl, ImVec2(x, y), leftWidth, meta, 12 * u) + gap;

    const float barHeight = 44 * u;
    if (draw) {
        breakdownBar(ctx, dl, ImVec2(x, y), ImVec2(leftWidth, barHeight), w);
        mark(ctx.uiMap, "warning." + a.id + ".bar", ImVec2(x, y), ImVec2(x + leftWidth, y + barHeight));
    }
    y += barHeight + gap * 0.6f;
    // The legend repeats the bar's patterns as glyphs, with numbers and words.
    const std::vector<TextRun> legend{
        {ctx.fonts.small, color::kAccent, "\u25A0"},
        {ctx.fonts.small, color::kText, formatNumber(a.progress.realised) + " " + tr("realised")},
        {ctx.fonts.small, color::kAccent, "  \u25A8"},
        {ctx.fonts.small, color::kText, formatNumber(a.progress.inProgress) + " " + tr("in_progress")},
        {ctx.fonts.small, color::kBad, "  \u25A1"},
        {ctx.fonts.small, color::kText, formatNumber(w.shortfall) + " " + tr("missing")},
        {ctx.fonts.small, color::kTextDim,
         "  / " + std::string(tr("target")) + " " + quantity(w.target, a.target.unit)}};
    y += flowRuns(dl, ImVec2(x, y), leftWidth, legend, 8 * u) + gap;

    // The shortfall, big: readable from the back of the room.
    const float rx = wide ? x + leftWidth + pad : x;
    float ry = wide ? pos.y + pad : y;
    const std::vector<TextRun> shortfall{
        {ctx.fonts.heading, tone, tr("shortfall")},
        {ctx.fonts.big, tone, formatNumber(w.shortfall)},
        {ctx.fonts.heading, tone, a.target.unit},
        {ctx.fonts.heading, color::kText, "(" + formatPercent(w.shortfallShare) + ")"}};
    const ImVec2 shortfallAt(rx, ry);
    ry += flowRuns(dl, shortfallAt, rightWidth, shortfall, 14 * u) + gap * 0.5f;
    if (draw)
        mark(ctx.uiMap, "warning." + a.id + ".shortfall", shortfallAt, ImVec2(rx + rightWidth, ry),
             std::string(tr("shortfall")) + " " + quantity(w.shortfall, a.target.unit) + " (" +
                 formatPercent(w.shortfallShare) + ")");
    const ImVec2 hintAt(rx, ry);
    ry += paragraph(dl, hintAt, rightWidth, ctx.fonts.body, color::kWarn, tr("ew_hint")) + gap;
    if (draw)
        mark(ctx.uiMap, "warning." + a.id + ".hint", hintAt, ImVec2(rx + rightWidth, ry), tr("ew_hint"));

    const float height = std::max(y, ry) - pos.y + pad - gap;
    if (draw) {
        // Background behind what was drawn: the channels keep the order right.
        dl->ChannelsSetCurrent(0);
        dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), color::kPanel, 14 * u);
        dl->AddRectFilled(pos, ImVec2(pos.x + 10 * u, pos.y + height), tone, 14 * u,
                          ImDrawFlags_RoundCornersLeft);
        dl->ChannelsSetCurrent(1);
    }
    return height;
}

/// One warning as a row of the compact list (or only measured when draw is false); returns
/// its height: the title (two lines before an ellipsis) on the left; the breakdown bar,
/// the shortfall and the time left on the right, or under the title on a narrow row.
/// The shortfall's and the time left's text, as a row shows them.
std::pair<std::string, std::string> rowTexts(const EarlyWarning& w) {
    const Agreement& a = *w.agreement;
    std::string shortfall = std::string(tr("shortfall")) + " " + quantity(w.shortfall, a.target.unit) + " (" +
                            formatPercent(w.shortfallShare) + ")";
    std::string when =
        w.daysLeft ? (w.overdue ? std::string("\u26A0 ") : std::string()) + formatDaysLeft(*w.daysLeft)
                   : formatDate(a.target.deadline);
    return {shortfall, when};
}

/// The widths of the rows' shortfall and time-left columns: the widest of the list, so that
/// the columns line up.
std::pair<float, float> rowColumns(const UiContext& ctx, const std::vector<EarlyWarning>& warnings) {
    ImFont* font = ctx.fonts.body;
    float shortfall = 0, when = 0;
    for (const EarlyWarning& w : warnings) {
        const auto [s, t] = rowTexts(w);
        shortfall = std::max(shortfall, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x);
        when = std::max(when, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.c_str()).x);
    }
    return {shortfall, when};
}

float warningRow(const UiContext& ctx, const EarlyWarning& w, float width, std::pair<float, float> columns,
                 bool draw) {
    const float u = ctx.u;
    const Agreement& a = *w.agreement;
    ImFont* font = ctx.fonts.body;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float pad = 14 * u;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImU32 tone = w.overdue ? color::kBad : color::kWarn;
    const auto [shortfall, when] = rowTexts(w);
    const float barWidth = 200 * u;
    const float shortfallWidth = columns.first;
    const float whenWidth = columns.second;
    const float side = barWidth + gap + shortfallWidth + gap + whenWidth;
    const float textX = pos.x + 10 * u + 2 * pad;
    const float inner = std::max(1.0f, width - (textX - pos.x) - pad);
    const bool beside = inner - side >= 480 * u;
    const float titleWidth = beside ? inner - side - gap : inner;
    const auto [title1, title2] = splitTitle(font, a.title, titleWidth);
    const float lines = title2.empty() ? 1.0f : 2.0f;
    const float sideX = beside ? pos.x + width - pad - side : textX;
    const float sideY = beside ? pos.y + pad : pos.y + pad + lines * font->FontSize + gap;
    // The side's parts go under each other when even a row of their own is too narrow: the bar
    // and the shortfall on one line when they fit there, the time left below; the texts wrap
    // at the row's width (long units, huge numbers).
    const bool stacked = !beside && side > inner;
    const bool paired = stacked && barWidth + gap + shortfallWidth <= inner;
    const float shortfallLine = !stacked || paired ? shortfallWidth : inner;
    const float whenLine = stacked ? inner : whenWidth;
    const float shortfallHeight = paragraph(nullptr, {}, shortfallLine, font, 0, shortfall);
    const float whenHeight = paragraph(nullptr, {}, whenLine, font, 0, when);
    const float firstLine = paired ? std::max(font->FontSize, shortfallHeight) : font->FontSize;
    const float sideHeight = !stacked ? std::max(font->FontSize, shortfallHeight)
                             : paired ? firstLine + gap + whenHeight
                                      : firstLine + gap + shortfallHeight + gap + whenHeight;
    const float height =
        beside ? 2 * pad + std::max(lines * font->FontSize, sideHeight) : (sideY - pos.y) + sideHeight + pad;
    if (!draw) return height;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), color::kPanel, 10 * u);
    dl->AddRectFilled(pos, ImVec2(pos.x + 10 * u, pos.y + height), tone, 10 * u,
                      ImDrawFlags_RoundCornersLeft);
    ImGui::PushFont(font);
    ImGui::SetCursorScreenPos(ImVec2(textX, pos.y + pad));
    ellipsisText(title1, titleWidth);
    if (!title2.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(textX, pos.y + pad + font->FontSize));
        ellipsisText(title2, titleWidth);
    }
    mark(ctx.uiMap, "warning." + a.id + ".title", ImVec2(textX, pos.y + pad),
         ImVec2(textX + titleWidth, pos.y + pad + lines * font->FontSize), a.title);
    float x = sideX;
    float y = sideY;
    const ImVec2 barAt(x, y + font->FontSize * 0.5f - 14 * u);
    breakdownBar(ctx, dl, barAt, ImVec2(barWidth, 28 * u), w);
    mark(ctx.uiMap, "warning." + a.id + ".bar", barAt, ImVec2(barAt.x + barWidth, barAt.y + 28 * u));
    if (!stacked || paired)
        x += barWidth + gap;
    else
        y += firstLine + gap;
    paragraph(dl, ImVec2(x, y), shortfallLine, font, tone, shortfall);
    mark(ctx.uiMap, "warning." + a.id + ".shortfall", ImVec2(x, y),
         ImVec2(x + shortfallLine, y + shortfallHeight), shortfall);
    if (!stacked) {
        x += shortfallWidth + gap;
    } else {
        x = sideX;
        y += (paired ? firstLine : shortfallHeight) + gap;
    }
    paragraph(dl, ImVec2(x, y), whenLine, font, w.overdue ? color::kBad : color::kText, when);
    mark(ctx.uiMap, "warning." + a.id + ".when", ImVec2(x, y), ImVec2(x + whenLine, y + whenHeight), when);
    ImGui::PopFont();
    return height;
}

} // namespace

void EarlyWarningScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    // Worked out and measured again only when the board, the day (days left), the width
    // or the fonts changed: with thousands of warnings, a frame costs what a screenful costs.
    const auto day = std::chrono::floor<std::chrono::days>(ctx.now).time_since_epoch().count();
    if (m_warningsKey.changed(ctx.snapshot.board, 0, day)) {
        m_warnings = earlyWarnings(board, ctx.now);
        m_cardsKey.reset();
    }
    const bool signage = m_pager.active();
    if (!signage && !m_warnings.empty()) {
        ImGui::PushFont(ctx.fonts.body);
        if (chip(ctx, tr("view.list"), !m_cardsView, "view.list")) m_cardsView = false;
        ImGui::SameLine();
        if (chip(ctx, tr("view.cards"), m_cardsView, "view.cards")) m_cardsView = true;
        ImGui::PopFont();
    }
    wrappedText(ctx.fonts.body, color::kTextDim, tr("ew_intro"));
    mark(ctx.uiMap, "warnings.intro", tr("ew_intro"));
    if (signage && !m_warnings.empty()) m_pager.drawIndicator(ctx);
    if (m_warnings.empty()) {
        ImGui::Spacing();
        wrappedText(ctx.fonts.heading, color::kGood, std::string("\u2713 ") + tr("ew_none"));
        mark(ctx.uiMap, "warnings.none", tr("ew_none"));
        return;
    }
    m_pager.beginList("warning-list", "warning-pages");
    const float width = ImGui::GetContentRegionAvail().x;
    // The compact list (a row each) by default and always in signage; the cards a tap away.
    const bool cards = m_cardsView && !signage;
    if (m_cardsKey.changed(
            ctx.snapshot.board, width,
            {ctx.u, ctx.fonts.body, ctx.fonts.small, ctx.fonts.heading, ctx.fonts.big, cards})) {
        m_columns = rowColumns(ctx, m_warnings);
        m_cards.measure(m_warnings.size(), ImGui::GetStyle().ItemSpacing.y, [&](std::size_t i) {
            return cards ? warningCard(ctx, board, m_warnings[i], width, false)
                         : warningRow(ctx, m_warnings[i], width, m_columns, false);
        });
    }
    const float listTop = ImGui::GetCursorPosY();
    drawVisible(m_cards, [&](std::size_t i) {
        const EarlyWarning& w = m_warnings[i];
        if (cards) {
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->ChannelsSplit(2);
            dl->ChannelsSetCurrent(1);
            warningCard(ctx, board, w, width, true);
            dl->ChannelsMerge();
        } else {
            const ImVec2 top = ImGui::GetCursorScreenPos();
            warningRow(ctx, w, width, m_columns, true);
            ImGui::SetCursorScreenPos(top); // the row's item below starts at its top
        }
        ImGui::Dummy(ImVec2(width, m_cards.height(i)));
        mark(ctx.uiMap, "warning." + w.agreement->id, w.agreement->title);
    });
    if (signage) m_pager.apply(spansOf(m_cards, listTop));
    ImGui::EndChild();
}

} // namespace regiebord::ui
