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
    // Icons and counts in the heading font when five such rows fit, else in the body font.
    const float headingRow = ctx.fonts.heading->FontSize + ImGui::GetStyle().ItemSpacing.y;
    ImFont* strong = ImGui::GetContentRegionAvail().y >= 5 * headingRow ? ctx.fonts.heading : ctx.fonts.body;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const StatusLook l = look(static_cast<AgreementStatus>(i));
        ImGui::PushFont(strong);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(l.color), "%s", l.icon);
        ImGui::PopFont();
        const float pad = ImGui::GetStyle().WindowPadding.x;
        ImGui::SameLine(pad + 64 * u);
        ImGui::TextUnformatted(l.word);
        ImGui::SameLine(pad + width - 70 * u);
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
    ImGui::BeginGroup();
    ImGui::PushFont(ctx.fonts.body);
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const auto level = static_cast<EscalationLevel>(i);
        ImGui::Text("%d  %s", levels[i], tr(std::string("level.") + std::string(toWire(level))));
    }
    ImGui::PopFont();
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
        ImGui::Spacing();
        shareBar(ctx, tr("affordable_share"), summary->affordableShare(), kAffordableNorm);
        ImGui::Spacing();
        shareBar(ctx, tr("social_share"), summary->socialShare(), kSocialRentNorm);
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
        wrappedText(ctx.fonts.body, color::kText, m->title);
        wrappedText(ctx.fonts.body, color::kTextDim,
                    m->location + " · " + std::to_string(m->agenda.size()) + " " + tr("agenda_items"));
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
    const bool portrait = avail.y > avail.x;
    const int cols = portrait ? 1 : 2;
    const int rows = portrait ? 4 : 2;
    const ImVec2 cell((avail.x - gap * float(cols - 1)) / float(cols),
                      (avail.y - ImGui::GetStyle().ItemSpacing.y * float(rows - 1)) / float(rows));
    productionPanel(ctx, board, cell);
    if (!portrait) ImGui::SameLine();
    statusPanel(ctx, board, cell);
    escalationPanel(ctx, board, cell);
    if (!portrait) ImGui::SameLine();
    meetingPanel(ctx, board, cell);
}

} // namespace regiebord::ui
