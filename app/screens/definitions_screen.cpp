#include "definitions_screen.hpp"

#include "format.hpp"
#include "i18n.hpp"
#include "text_flow.hpp"
#include "touch_scroll.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace regiebord::ui {

namespace {

std::string agreedBy(const BoardData& board, const Definition& d) {
    std::string out;
    for (const auto& id : d.agreedBy) {
        if (!out.empty()) out += ", ";
        const Party* p = board.findParty(id);
        out += p ? p->shortName : id;
    }
    return out;
}

/// Draws one definition at pos (or only measures it when dl is null); returns its height.
float definitionCard(const UiContext& ctx, const BoardData& board, const Definition& d, ImDrawList* dl,
                     ImVec2 pos, float width) {
    const float u = ctx.u;
    const float pad = 28 * u;
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    const float x = pos.x + pad;
    const float inner = width - 2 * pad;
    float y = pos.y + pad;
    const ImVec2 termAt(x, y);
    y += paragraph(dl, termAt, inner, ctx.fonts.heading, color::kAccent, d.term);
    if (dl) mark(ctx.uiMap, "definition." + d.id + ".term", termAt, ImVec2(x + inner, y), d.term);
    y += gap * 0.5f;
    const ImVec2 textAt(x, y);
    y += paragraph(dl, textAt, inner, ctx.fonts.body, color::kText, d.text);
    if (dl) mark(ctx.uiMap, "definition." + d.id + ".text", textAt, ImVec2(x + inner, y), d.text);
    if (!d.criteria.empty()) y += gap * 0.5f;
    // Bullets with a hanging indent: wrapped lines align with the text, not the bullet.
    const float indent = 36 * u;
    for (const auto& c : d.criteria) {
        if (dl)
            dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(x + 8 * u, y), color::kAccent,
                        "\u2022");
        y += paragraph(dl, ImVec2(x + indent, y), inner - indent, ctx.fonts.body, color::kText, c) + 6 * u;
    }
    y += gap * 0.5f;
    const std::vector<TextRun> footer{
        {ctx.fonts.small, color::kTextDim, std::string(tr("valid_from")) + " " + formatDate(d.validFrom)},
        {ctx.fonts.small, color::kTextDim, "\u00B7"},
        {ctx.fonts.small, color::kTextDim, std::string(tr("agreed_by")) + ":"},
        {ctx.fonts.small, color::kTextDim, agreedBy(board, d)}};
    const ImVec2 footerAt(x, y);
    y += flowRuns(dl, footerAt, inner, footer, 10 * u);
    if (dl) mark(ctx.uiMap, "definition." + d.id + ".footer", footerAt, ImVec2(x + inner, y));
    return y + pad - pos.y;
}

} // namespace

void DefinitionsScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    if (board.definitions.empty()) {
        wrappedText(ctx.fonts.heading, color::kTextDim, tr("no_definitions"));
        mark(ctx.uiMap, "definitions.none", tr("no_definitions"));
        return;
    }
    ImGui::BeginChild("definitions", ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);
    dragToScroll();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float u = ctx.u;
    const float width = ImGui::GetContentRegionAvail().x;
    // Two columns only when each stays a comfortable reading width.
    const int columns = width >= 1500 * u ? 2 : 1;
    const float columnWidth = (width - style.ItemSpacing.x * float(columns - 1)) / float(columns);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    // Masonry: each card goes to the shorter column, in order, so reading stays top-down.
    std::vector<float> bottoms(static_cast<std::size_t>(columns), 0.0f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const Definition& d : board.definitions) {
        const auto column =
            static_cast<std::size_t>(std::min_element(bottoms.begin(), bottoms.end()) - bottoms.begin());
        const ImVec2 pos(origin.x + float(column) * (columnWidth + style.ItemSpacing.x),
                         origin.y + bottoms[column]);
        const float height = definitionCard(ctx, board, d, nullptr, pos, columnWidth);
        const ImVec2 end(pos.x + columnWidth, pos.y + height);
        if (ImGui::IsRectVisible(pos, end)) {
            dl->AddRectFilled(pos, end, color::kPanel, 14 * u);
            definitionCard(ctx, board, d, dl, pos, columnWidth);
        }
        mark(ctx.uiMap, "definition." + d.id, pos, end, d.term);
        bottoms[column] += height + style.ItemSpacing.y;
    }
    ImGui::Dummy(ImVec2(width, *std::max_element(bottoms.begin(), bottoms.end())));
    ImGui::EndChild();
}

} // namespace regiebord::ui
