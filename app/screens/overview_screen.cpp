#include "overview_screen.hpp"

#include "format.hpp"
#include "i18n.hpp"
#include "panel.hpp"
#include "view_model.hpp"

#include <algorithm>
#include <string>

namespace regiebord::ui {

namespace {

void statusPanel(const UiContext& ctx, const BoardData& board, ImVec2 size) {
    beginPanel("status", size, tr("agreements_by_status"), ctx.fonts);
    const auto counts = countByStatus(board);
    const float u = ctx.u;
    const int total = std::max<int>(1, static_cast<int>(board.agreements.size()));
    // One stacked bar: the proportions at a glance.
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = 36 * u;
    float x = pos.x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const float w = width * float(counts[i]) / float(total);
        if (w <= 0) continue;
        dl->AddRectFilled(ImVec2(x, pos.y), ImVec2(x + w, pos.y + height),
                          look(static_cast<AgreementStatus>(i)).color);
        x += w;
    }
    ImGui::Dummy(ImVec2(width, height));
    ImGui::Spacing();
    ImGui::PushFont(ctx.fonts.body);
    // The legend in two columns where the panel is wide enough (the rows it saves go to the
    // lists below it); icons and counts in the heading font when its rows fit, else in the body font.
    const int columns = width >= 640 * u ? 2 : 1;
    const int rows = (static_cast<int>(counts.size()) + columns - 1) / columns;
    const float column = width / float(columns);
    const float headingRow = ctx.fonts.heading->FontSize + ImGui::GetStyle().ItemSpacing.y;
    ImFont* strong =
        ImGui::GetContentRegionAvail().y >= float(rows) * headingRow ? ctx.fonts.heading : ctx.fonts.body;
    const float top = ImGui::GetCursorPosY();
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const StatusLook l = look(static_cast<AgreementStatus>(i));
        const int col = static_cast<int>(i) / rows;
        const float left = ImGui::GetStyle().WindowPadding.x + float(col) * column;
        if (static_cast<int>(i) % rows == 0 && i > 0) ImGui::SetCursorPosY(top);
        ImGui::SetCursorPosX(left);
        ImGui::PushFont(strong);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(l.color), "%s", l.icon);
        ImGui::PopFont();
        ImGui::SameLine(left + 64 * u);
        ImGui::TextUnformatted(l.word);
        ImGui::SameLine(left + column - 90 * u);
        ImGui::PushFont(strong);
        ImGui::Text("%d", counts[i]);
        ImGui::PopFont();
        mark(ctx.uiMap,
             std::string("overview.status.") + std::string(toWire(static_cast<AgreementStatus>(i))),
             std::to_string(counts[i]));
    }
    ImGui::PopFont();
    endPanel();
}

void escalationPanel(const UiContext& ctx, const BoardData& board, ImVec2 size) {
    beginPanel("escalations", size, tr("open_escalations"), ctx.fonts);
    const auto levels = openByLevel(board);
    int open = 0;
    for (const int n : levels)
        open += n;
    ImGui::PushFont(ctx.fonts.big);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(open ? color::kWarn : color::kGood), "%d", open);
    ImGui::PopFont();
    mark(ctx.uiMap, "overview.open_escalations", std::to_string(open));
    ImGui::SameLine();
    // Per level, in one text that wraps beside the figure: the lines below are for the titles.
    std::string perLevel;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const auto level = static_cast<EscalationLevel>(i);
        if (!perLevel.empty()) perLevel += "  \u00B7  ";
        perLevel +=
            std::to_string(levels[i]) + "\u00A0" + tr(std::string("level.") + std::string(toWire(level)));
    }
    ImGui::BeginGroup();
    wrappedText(ctx.fonts.body, color::kText, perLevel);
    mark(ctx.uiMap, "overview.escalation_levels", perLevel);
    ImGui::EndGroup();
    ImGui::Spacing();
    const auto sorted = openEscalationsSorted(board);
    const float lineHeight = ctx.fonts.body->FontSize + ImGui::GetStyle().ItemSpacing.y;
    const auto room = static_cast<std::size_t>(std::max(0.0f, ImGui::GetContentRegionAvail().y / lineHeight));
    ImGui::PushFont(ctx.fonts.body);
    for (std::size_t i = 0; i < sorted.size() && i < room; ++i) {
        const StatusLook l = look(sorted[i]->severity);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(l.color), "%s", l.icon);
        ImGui::SameLine();
        ellipsisText(sorted[i]->title, ImGui::GetContentRegionAvail().x);
    }
    ImGui::PopFont();
    endPanel();
}

void shareBar(const UiContext& ctx, const char* label, double share, double norm) {
    const float u = ctx.u;
    const bool meets = share + 1e-9 >= norm;
    ImGui::PushFont(ctx.fonts.body);
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    const std::string figure = formatPercent(share) + "  (" + tr("norm") + " " + formatPercent(norm) + ")";
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(meets ? color::kGood : color::kWarn), "%s",
                       figure.c_str());
    ImGui::PopFont();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = 28 * u;
    progressBar(static_cast<float>(share), 0, ImVec2(width, height), meets ? color::kGood : color::kWarn);
    const float nx = pos.x + width * static_cast<float>(norm);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(nx, pos.y - 6 * u), ImVec2(nx, pos.y + height + 6 * u),
                                        color::kText, 4 * u);
}

void productionPanel(const UiContext& ctx, const BoardData& board, ImVec2 size) {
    const auto summary = production(board);
    std::string title = tr("production");
    if (summary) title.append(" ").append(std::to_string(summary->year));
    beginPanel("production", size, title.c_str(), ctx.fonts);
    if (summary) {
        ImGui::PushFont(ctx.fonts.big);
        ImGui::TextUnformatted(formatNumber(double(summary->realised)).c_str());
        ImGui::PopFont();
        mark(ctx.uiMap, "overview.production.realised", std::to_string(summary->realised));
        ImGui::SameLine();
        ImGui::PushFont(ctx.fonts.body);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color::kTextDim), "%s  /  %s %s", tr("realised"),
                           formatNumber(double(summary->planned)).c_str(), tr("planned"));
        ImGui::PopFont();
        const double fraction = summary->planned ? double(summary->realised) / double(summary->planned) : 0.0;
        progressBar(static_cast<float>(fraction), 0, ImVec2(ImGui::GetContentRegionAvail().x, 28 * ctx.u),
                    color::kAccent);
        // The two shares against their norms, each when it fits whole (a tall status bar
        // leaves less room): the social share goes first, then the affordable one.
        const float scale = ImGui::GetFontSize() / ImGui::GetFont()->FontSize;
        const float row = 2 * ImGui::GetStyle().ItemSpacing.y + ctx.fonts.body->FontSize * scale + 34 * ctx.u;
        const float room = ImGui::GetContentRegionAvail().y;
        const int shown = room >= 2 * row ? 2 : room >= row ? 1 : 0;
        if (shown >= 1) {
            ImGui::Spacing();
            shareBar(ctx, tr("affordable_share"), summary->affordableShare(), kAffordableNorm);
        }
        if (shown >= 2) {
            ImGui::Spacing();
            shareBar(ctx, tr("social_share"), summary->socialShare(), kSocialRentNorm);
        }
        panelLeftOut(float(2 - shown) * row);
    }
    endPanel();
}

void meetingPanel(const UiContext& ctx, const BoardData& board, ImVec2 size) {
    beginPanel("meeting", size, tr("next_meeting"), ctx.fonts);
    const Meeting* m = nextMeeting(board, ctx.now);
    if (!m) {
        wrappedText(ctx.fonts.body, color::kTextDim, tr("no_meeting"));
    } else {
        wrappedText(ctx.fonts.heading, color::kText, formatDateTime(m->startsAt));
        mark(ctx.uiMap, "overview.meeting", m->id);
        // The title and the place when they fit whole: the date says the most.
        const float width = ImGui::GetContentRegionAvail().x;
        const float spacing = ImGui::GetStyle().ItemSpacing.y;
        const std::string where =
            m->location + " · " + std::to_string(m->agenda.size()) + " " + tr("agenda_items");
        for (const auto& [text, tone] :
             {std::pair{m->title, color::kText}, std::pair{where, color::kTextDim}}) {
            if (wrappedHeight(ctx.fonts.body, text.c_str(), width) *
                    (ImGui::GetFontSize() / ImGui::GetFont()->FontSize) >
                ImGui::GetContentRegionAvail().y - spacing)
                break;
            wrappedText(ctx.fonts.body, tone, text);
        }
        ImGui::Spacing();
        const float lineHeight = ctx.fonts.small->FontSize + ImGui::GetStyle().ItemSpacing.y;
        const auto room =
            static_cast<std::size_t>(std::max(0.0f, ImGui::GetContentRegionAvail().y / lineHeight));
        ImGui::PushFont(ctx.fonts.small);
        for (std::size_t i = 0; i < m->agenda.size() && i < room; ++i) {
            std::string line = std::to_string(m->agenda[i].order);
            line += ".  ";
            line += m->agenda[i].title;
            ellipsisText(line, ImGui::GetContentRegionAvail().x);
        }
        ImGui::PopFont();
    }
    endPanel();
}

} // namespace

void OverviewScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float spacingY = ImGui::GetStyle().ItemSpacing.y;
    const bool portrait = avail.y > avail.x;
    // Production and the status counts get the height they need at full text size; the
    // escalations and the meeting are lists that show more in more room: they share the
    // rest, and need at least their heading and key figure (the list lines come with room).
    // (the figure's counts per level may wrap to a line below it: one body line more).
    const float listMinimum = ctx.fonts.heading->FontSize + ctx.fonts.big->FontSize +
                              ctx.fonts.body->FontSize + 3 * spacingY + 2 * ImGui::GetStyle().WindowPadding.y;
    const float top = std::max(panelNeed("production"), panelNeed("status"));
    const float half = (avail.x - gap) / 2;
    if (portrait) {
        // Production and status over the full width; the two lists side by side below.
        const auto h =
            splitByNeed(avail.y, spacingY, {panelNeed("production"), panelNeed("status"), listMinimum},
                        {false, false, true});
        productionPanel(ctx, board, ImVec2(avail.x, h[0]));
        statusPanel(ctx, board, ImVec2(avail.x, h[1]));
        escalationPanel(ctx, board, ImVec2(half, h[2]));
        ImGui::SameLine();
        meetingPanel(ctx, board, ImVec2(half, h[2]));
        return;
    }
    const auto h = splitByNeed(avail.y, spacingY, {top, listMinimum}, {false, true});
    productionPanel(ctx, board, ImVec2(half, h[0]));
    ImGui::SameLine();
    statusPanel(ctx, board, ImVec2(half, h[0]));
    escalationPanel(ctx, board, ImVec2(half, h[1]));
    ImGui::SameLine();
    meetingPanel(ctx, board, ImVec2(half, h[1]));
}

} // namespace regiebord::ui
