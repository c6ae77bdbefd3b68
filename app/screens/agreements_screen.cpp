#include "agreements_screen.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <functional>

#include "format.hpp"
#include "i18n.hpp"
#include "panel.hpp"
#include "text_flow.hpp"
#include "touch_scroll.hpp"
#include "view_model.hpp"

#include <string>
#include <tuple>

namespace regiebord::ui {

namespace {

constexpr float kBarHeight = 26; // design units

/// Where the parts of one agreement card go, from its top left corner, at a width.
/// The list measures every card with it and draws the visible ones with it, so the
/// height it reserves for a card is exactly the height drawn.
struct CardLayout {
    std::string meta;    ///< theme, owner, mandate, deadline: wraps on narrow cards
    std::string figures; ///< realised + in progress / target unit: wraps with long units
    std::string title1;  ///< the title's first line
    std::string title2; ///< its second line, cut with "…" if even two lines do not hold it ("" when one does)
    float titleWidth = 0;
    float badgeWidth = 0;
    float width = 0;
    float pad = 0;
    float textX = 0; ///< left edge of the text, right of the status stripe
    float inner = 0; ///< width of the text column
    float metaY = 0;
    float barY = 0;
    float barWidth = 0;
    float figuresX = 0;
    float figuresY = 0;
    float figuresWidth = 0;
    float height = 0;
};

/// Needs no window: only the fonts and the style (it runs for every card, not only the visible ones).
CardLayout cardLayout(const UiContext& ctx, const BoardData& board, const Agreement& a, float width) {
    const float u = ctx.u;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = style.ItemSpacing.y;
    CardLayout c;
    const Party* owner = board.findParty(a.owner);
    c.meta = std::string(tr("theme." + std::string(toWire(a.theme)))) + "  \xC2\xB7  " + tr("owner") + ": " +
             (owner ? owner->shortName : a.owner.str()) + "  \xC2\xB7  " +
             tr("mandate." + std::string(toWire(a.mandate))) + "  \xC2\xB7  " + tr("deadline") + " " +
             formatDate(a.target.deadline);
    c.figures = formatNumber(a.progress.realised) + " " + tr("realised") + " + " +
                formatNumber(a.progress.inProgress) + " " + tr("in_progress") + " / " +
                formatNumber(a.target.quantity) + " " + a.target.unit;
    c.width = width;
    c.pad = style.WindowPadding.x;
    c.textX = c.pad + 10 * u;
    c.inner = std::max(1.0f, width - 2 * c.pad - 10 * u);
    // Title (the badge beside it) on one line, or wrapped to two before anything is cut;
    // then the meta line, then the bar with the figures: beside the bar on a wide card,
    // under it on a narrow one.
    const StatusLook l = look(a.status);
    ImFont* heading = ctx.fonts.heading;
    const std::string badgeText = std::string(l.icon) + " " + l.word;
    c.badgeWidth = heading->CalcTextSizeA(heading->FontSize, FLT_MAX, 0, badgeText.c_str()).x + 24 * u;
    c.titleWidth = std::max(1.0f, c.inner - c.badgeWidth - 20 * u);
    std::tie(c.title1, c.title2) = splitTitle(heading, a.title, c.titleWidth);
    const float titleLines = c.title2.empty() ? 1.0f : 2.0f;
    c.metaY = c.pad + heading->FontSize * titleLines + gap;
    const float rowY = c.metaY + paragraph(nullptr, {}, c.inner, ctx.fonts.body, 0, c.meta) + gap;
    const float barHeight = kBarHeight * u;
    if (width < 1100 * u) {
        c.barY = rowY;
        c.barWidth = c.inner;
        c.figuresX = c.textX;
        c.figuresY = rowY + barHeight + gap;
        c.figuresWidth = c.inner;
    } else {
        c.barWidth = c.inner * 0.55f;
        c.figuresX = c.textX + c.barWidth + style.ItemSpacing.x;
        c.figuresY = rowY;
        c.figuresWidth = std::max(1.0f, c.inner - c.barWidth - style.ItemSpacing.x);
        c.barY = rowY + std::max(0.0f, (ctx.fonts.body->FontSize - barHeight) * 0.5f); // on the first line
    }
    const float figuresHeight = paragraph(nullptr, {}, c.figuresWidth, ctx.fonts.body, 0, c.figures);
    c.height = std::max(c.barY + barHeight, c.figuresY + figuresHeight) + c.pad;
    return c;
}

/// Draws a card laid out by cardLayout() at the cursor.
void agreementCard(const UiContext& ctx, const Agreement& a, const CardLayout& c, std::string& opened) {
    const float u = ctx.u;
    const StatusLook l = look(a.status);
    ImGui::PushID(a.id.c_str());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const auto at = [&origin](float x, float y) { return ImVec2(origin.x + x, origin.y + y); };
    const bool clicked = ImGui::InvisibleButton("card", ImVec2(c.width, c.height));
    mark(ctx.uiMap, "agreement.card." + a.id, a.title);
    if (tapped(clicked, u)) opened = a.id;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, at(c.width, c.height), color::kPanel, 14 * u);
    dl->AddRectFilled(origin, at(10 * u, c.height), l.color, 14 * u, ImDrawFlags_RoundCornersLeft);
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::SetCursorScreenPos(at(c.textX, c.pad));
    ellipsisText(c.title1, c.titleWidth);
    if (!c.title2.empty()) {
        ImGui::SetCursorScreenPos(at(c.textX, c.pad + ctx.fonts.heading->FontSize));
        ellipsisText(c.title2, c.titleWidth);
    }
    ImGui::PopFont();
    mark(ctx.uiMap, "agreement." + a.id, a.title);
    ImGui::SetCursorScreenPos(at(c.width - c.pad - c.badgeWidth, c.pad));
    badge(l, ctx.fonts.heading, u);
    mark(ctx.uiMap, "agreement.status." + a.id, l.word);
    paragraph(dl, at(c.textX, c.metaY), c.inner, ctx.fonts.body, color::kTextDim, c.meta);
    const float q = a.target.quantity > 0 ? static_cast<float>(a.target.quantity) : 1.0f;
    ImGui::SetCursorScreenPos(at(c.textX, c.barY));
    progressBar(static_cast<float>(a.progress.realised) / q, static_cast<float>(a.progress.inProgress) / q,
                ImVec2(c.barWidth, kBarHeight * u), l.color);
    paragraph(dl, at(c.figuresX, c.figuresY), c.figuresWidth, ctx.fonts.body, color::kText, c.figures);
    ImGui::PopID();
}

/// Where the parts of one row of the compact list go: the title (up to two lines)
/// on the left; the bar, the share realised and the status on the right, or under
/// the title on a narrow row. Measured and drawn from the same layout, like a card.
struct RowLayout {
    std::string title1;
    std::string title2;
    std::string share; ///< "38 %": realised of the target
    float width = 0;
    float pad = 0;
    float top = 0; ///< the title's top: the pad, more in a row raised to a touch target's height
    float textX = 0;
    float titleWidth = 0;
    float sideX = 0; ///< left edge of bar, share and status
    float sideY = 0;
    float barWidth = 0;
    float shareWidth = 0;
    float height = 0;
};

/// The widest status badge: the badges line up in a column.
float widestBadge(const UiContext& ctx) {
    float widest = 0;
    for (int i = 0; i < 5; ++i) {
        const StatusLook l = look(static_cast<AgreementStatus>(i));
        const std::string text = std::string(l.icon) + " " + l.word;
        widest = std::max(
            widest, ctx.fonts.body->CalcTextSizeA(ctx.fonts.body->FontSize, FLT_MAX, 0, text.c_str()).x);
    }
    return widest + 24 * ctx.u;
}

RowLayout rowLayout(const UiContext& ctx, const Agreement& a, float width) {
    const float u = ctx.u;
    ImFont* font = ctx.fonts.body;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    RowLayout r;
    r.width = width;
    r.pad = 14 * u;
    r.textX = 10 * u + 2 * r.pad;
    const double q = a.target.quantity > 0 ? a.target.quantity : 1.0;
    r.share = formatNumber(std::floor(100.0 * a.progress.realised / q)) + " %";
    r.shareWidth = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, "100 %").x;
    r.barWidth = 180 * u;
    const float side = r.barWidth + gap + r.shareWidth + gap + widestBadge(ctx);
    const float inner = std::max(1.0f, width - r.textX - r.pad);
    const bool beside = inner - side >= 520 * u; // room for a title beside the figures
    r.titleWidth = beside ? inner - side - gap : inner;
    std::tie(r.title1, r.title2) = splitTitle(font, a.title, r.titleWidth);
    const float lines = r.title2.empty() ? 1.0f : 2.0f;
    const float badgeHeight = font->FontSize + 8 * u;
    if (beside) {
        r.sideX = width - r.pad - side;
        r.sideY = r.pad;
        r.height = 2 * r.pad + std::max(lines * font->FontSize, badgeHeight);
    } else {
        r.sideX = r.textX;
        r.sideY = r.pad + lines * font->FontSize + ImGui::GetStyle().ItemSpacing.y;
        r.height = r.sideY + badgeHeight + r.pad;
    }
    // A row is a touch target: never under kTouchPx, its content centred in what it gains.
    const float gain = std::max(0.0f, kTouchPx - r.height) * 0.5f;
    r.top = r.pad + gain;
    r.sideY += gain;
    r.height += 2 * gain;
    return r;
}

void agreementRow(const UiContext& ctx, const Agreement& a, const RowLayout& r, std::string& opened) {
    const float u = ctx.u;
    const StatusLook l = look(a.status);
    ImGui::PushID(a.id.c_str());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const auto at = [&origin](float x, float y) { return ImVec2(origin.x + x, origin.y + y); };
    const bool clicked = ImGui::InvisibleButton("card", ImVec2(r.width, r.height));
    mark(ctx.uiMap, "agreement.card." + a.id, a.title);
    if (tapped(clicked, u)) opened = a.id;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, at(r.width, r.height), color::kPanel, 10 * u);
    dl->AddRectFilled(origin, at(10 * u, r.height), l.color, 10 * u, ImDrawFlags_RoundCornersLeft);
    ImGui::PushFont(ctx.fonts.body);
    ImGui::SetCursorScreenPos(at(r.textX, r.top));
    ellipsisText(r.title1, r.titleWidth);
    if (!r.title2.empty()) {
        ImGui::SetCursorScreenPos(at(r.textX, r.top + ctx.fonts.body->FontSize));
        ellipsisText(r.title2, r.titleWidth);
    }
    mark(ctx.uiMap, "agreement." + a.id, a.title);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float lineMid = r.sideY + ctx.fonts.body->FontSize * 0.5f + 4 * u;
    const float q = a.target.quantity > 0 ? static_cast<float>(a.target.quantity) : 1.0f;
    ImGui::SetCursorScreenPos(at(r.sideX, lineMid - kBarHeight * u * 0.5f));
    progressBar(static_cast<float>(a.progress.realised) / q, static_cast<float>(a.progress.inProgress) / q,
                ImVec2(r.barWidth, kBarHeight * u), l.color);
    const float shareX = r.sideX + r.barWidth + gap;
    const float shareTextWidth = ImGui::CalcTextSize(r.share.c_str()).x;
    ImGui::SetCursorScreenPos(at(shareX + r.shareWidth - shareTextWidth, r.sideY + 4 * u));
    ImGui::TextUnformatted(r.share.c_str());
    noteTextFont(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ctx.fonts.body, ctx.fonts.body->FontSize);
    mark(ctx.uiMap, "agreement.share." + a.id, r.share);
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(at(shareX + r.shareWidth + gap, r.sideY));
    badge(l, ctx.fonts.body, u);
    mark(ctx.uiMap, "agreement.status." + a.id, l.word);
    ImGui::PopID();
}

} // namespace

bool AgreementsScreen::openDetail(const std::string& agreementId) {
    m_openId = agreementId;
    return true;
}

void AgreementsScreen::reset() {
    m_openId.clear();
    m_chooser = Chooser::None;
}

void AgreementsScreen::drawFilterBar(const UiContext& ctx, const BoardData& board, std::size_t shown) {
    const float u = ctx.u;
    ImGui::PushFont(ctx.fonts.body);
    const Party* party = m_filter.party ? board.findParty(*m_filter.party) : nullptr;
    const std::vector<std::pair<Chooser, std::string>> buttons{
        {Chooser::Status, std::string(tr("filter.status")) + ": " +
                              (m_filter.status ? look(*m_filter.status).word : tr("filter.all"))},
        {Chooser::Theme,
         std::string(tr("filter.theme")) + ": " +
             (m_filter.theme ? tr("theme." + std::string(toWire(*m_filter.theme))) : tr("filter.all"))},
        {Chooser::Party,
         std::string(tr("filter.party")) + ": " + (party ? party->shortName : tr("filter.all"))}};
    bool first = true;
    for (const auto& [which, label] : buttons) {
        if (!first) flow(chipWidth(ctx, label));
        first = false;
        const char* names[] = {"", "filter.party", "filter.theme", "filter.status"};
        if (chip(ctx, label, m_chooser == which, names[static_cast<int>(which)]))
            m_chooser = m_chooser == which ? Chooser::None : which;
    }
    if (!m_filter.empty()) {
        const std::string clear = std::string("\xE2\x9C\x97 ") + tr("filter.clear");
        flow(chipWidth(ctx, clear));
        if (chip(ctx, clear, false, "filter.clear")) {
            m_filter = {};
            m_chooser = Chooser::None;
        }
    }
    // The compact list (a row each, the default) or the cards (with owner, mandate and figures).
    const std::string views[] = {tr("view.list"), tr("view.cards")};
    for (const View which : {View::List, View::Cards}) {
        const std::string& label = views[static_cast<int>(which)];
        flow(chipWidth(ctx, label));
        if (chip(ctx, label, m_view == which, which == View::List ? "view.list" : "view.cards"))
            m_view = which;
    }
    const std::string count = std::to_string(shown) + " / " + std::to_string(board.agreements.size()) + " " +
                              tr("agreements_shown");
    flow(ImGui::CalcTextSize(count.c_str()).x);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 14 * u);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color::kTextDim), "%s", count.c_str());
    mark(ctx.uiMap, "filter.count", count);
    ImGui::PopFont();
    if (m_chooser != Chooser::None) drawChooser(ctx, board);
}

void AgreementsScreen::drawChooser(const UiContext& ctx, const BoardData& board) {
    // The chips of one filter, flowing over as many lines as they need.
    ImGui::PushFont(ctx.fonts.body);
    std::vector<std::pair<std::string, std::string>> chips; // label, map name
    std::vector<std::function<void()>> choose;
    chips.emplace_back(tr("filter.all"), "chip.all");
    if (m_chooser == Chooser::Status) {
        choose.emplace_back([this] { m_filter.status.reset(); });
        for (int i = 0; i < 5; ++i) {
            const auto s = static_cast<AgreementStatus>(i);
            chips.emplace_back(std::string(look(s).icon) + " " + look(s).word,
                               "chip.status." + std::string(toWire(s)));
            choose.emplace_back([this, s] { m_filter.status = s; });
        }
    } else if (m_chooser == Chooser::Theme) {
        choose.emplace_back([this] { m_filter.theme.reset(); });
        for (const Theme t : themesInUse(board)) {
            chips.emplace_back(tr("theme." + std::string(toWire(t))), "chip.theme." + std::string(toWire(t)));
            choose.emplace_back([this, t] { m_filter.theme = t; });
        }
    } else {
        choose.emplace_back([this] { m_filter.party.reset(); });
        for (const Party* p : partiesInUse(board)) {
            chips.emplace_back(p->shortName, "chip.party." + p->id);
            const std::string id = p->id;
            choose.emplace_back([this, id] { m_filter.party = id; });
        }
    }
    for (std::size_t i = 0; i < chips.size(); ++i) {
        if (i > 0) flow(chipWidth(ctx, chips[i].first));
        if (chip(ctx, chips[i].first, false, chips[i].second)) {
            choose[i]();
            m_chooser = Chooser::None;
        }
    }
    ImGui::PopFont();
}

void AgreementsScreen::drawDetail(const UiContext& ctx, const BoardData& board, const Agreement& a) {
    const float u = ctx.u;
    ImGui::PushFont(ctx.fonts.body);
    if (ImGui::Button((std::string("\xE2\x86\x90 ") + tr("back")).c_str(), ImVec2(0, tapSize(64, u))))
        m_openId.clear();
    ImGui::PopFont();
    mark(ctx.uiMap, "agreement.back");
    ImGui::SameLine();
    badge(look(a.status), ctx.fonts.heading, u);
    ImGui::BeginChild("agreement-detail", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    dragToScroll();
    wrappedText(ctx.fonts.heading, color::kText, a.title);
    mark(ctx.uiMap, "agreement.detail." + a.id, a.title);
    const Party* owner = board.findParty(a.owner);
    wrappedText(ctx.fonts.body, color::kTextDim,
                std::string(tr("theme." + std::string(toWire(a.theme)))) + "  \xC2\xB7  " + tr("owner") +
                    ": " + (owner ? owner->name : a.owner.str()) + "  \xC2\xB7  " +
                    tr("mandate." + std::string(toWire(a.mandate))) + "  \xC2\xB7  " + tr("deadline") + " " +
                    formatDate(a.target.deadline));
    std::string parties;
    for (const auto& id : a.parties) {
        const Party* p = board.findParty(id);
        parties += (parties.empty() ? "" : ", ") + (p ? p->shortName : id.str());
    }
    if (!parties.empty())
        wrappedText(ctx.fonts.body, color::kTextDim, std::string(tr("parties")) + ": " + parties);
    ImGui::Spacing();
    const float q = a.target.quantity > 0 ? static_cast<float>(a.target.quantity) : 1.0f;
    progressBar(static_cast<float>(a.progress.realised) / q, static_cast<float>(a.progress.inProgress) / q,
                ImVec2(ImGui::GetContentRegionAvail().x, 36 * u), look(a.status).color);
    wrappedText(ctx.fonts.body, color::kText,
                formatNumber(a.progress.realised) + " " + tr("realised") + " + " +
                    formatNumber(a.progress.inProgress) + " " + tr("in_progress") + " / " +
                    formatNumber(a.target.quantity) + " " + a.target.unit);
    if (!a.updatedAt.empty())
        wrappedText(ctx.fonts.small, color::kTextDim,
                    std::string(tr("updated")) + " " + formatDateTime(a.updatedAt) + " \xC2\xB7 " +
                        a.updatedBy);
    ImGui::Spacing();
    wrappedText(ctx.fonts.heading, color::kAccent, tr("escalations"));
    const auto escalations = escalationsFor(board, a.id);
    if (escalations.empty()) wrappedText(ctx.fonts.body, color::kTextDim, tr("none"));
    for (const Escalation* e : escalations) {
        ImGui::PushFont(ctx.fonts.body);
        const std::string label = e->title + "  (" + tr("escstatus." + std::string(toWire(e->status))) + ")";
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0, 0.5f));
        const bool go =
            ImGui::Button(label.c_str(), ImVec2(ImGui::GetContentRegionAvail().x, tapSize(64, u)));
        ImGui::PopStyleVar();
        ImGui::PopFont();
        mark(ctx.uiMap, "agreement.escalation." + e->id, label);
        if (tapped(go, u)) ctx.commands.showScreen("escalaties:" + e->id);
    }
    ImGui::Spacing();
    wrappedText(ctx.fonts.heading, color::kAccent, tr("definitions"));
    if (a.definitions.empty()) wrappedText(ctx.fonts.body, color::kTextDim, tr("none"));
    for (const auto& id : a.definitions) {
        const Definition* d = board.findDefinition(id);
        if (!d) continue;
        wrappedText(ctx.fonts.body, color::kText, d->term);
        wrappedText(ctx.fonts.small, color::kTextDim, d->text);
        mark(ctx.uiMap, "agreement.definition." + d->id, d->term);
    }
    ImGui::Spacing();
    wrappedText(ctx.fonts.heading, color::kAccent, tr("projects"));
    if (a.projects.empty()) wrappedText(ctx.fonts.body, color::kTextDim, tr("none"));
    for (const auto& id : a.projects) {
        const Project* p = board.findProject(id);
        if (!p) continue;
        wrappedText(ctx.fonts.body, color::kText, p->name);
        wrappedText(ctx.fonts.small, color::kTextDim,
                    std::string(tr("phase." + std::string(toWire(p->phase)))) + " \xC2\xB7 " +
                        formatNumber(double(p->homes.total())) + " " + tr("homes") + " \xC2\xB7 " +
                        tr("delivery") + " " + formatDate(p->forecastDelivery.value_or(p->plannedDelivery)));
        mark(ctx.uiMap, "agreement.project." + p->id, p->name);
    }
    ImGui::EndChild();
}

void AgreementsScreen::setSignagePage(std::optional<int> page) {
    m_pager.setPage(page);
}

void AgreementsScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    // Signage pages through every agreement in the compact list, whatever a person left
    // open or filtered (that comes back with the first touch).
    const bool signage = m_pager.active();
    if (!m_openId.empty() && !signage) {
        if (const Agreement* a = board.findAgreement(m_openId)) {
            drawDetail(ctx, board, *a);
            return;
        }
        m_openId.clear(); // it left the board
    }
    const AgreementFilter filter = signage ? AgreementFilter{} : m_filter;
    const View view = signage ? View::List : m_view;
    // Filtered and measured again only when the board, the filter or the width changed:
    // with 10k agreements, a frame costs what a screenful of cards costs.
    if (m_shownKey.changed(ctx.snapshot.board, 0, filter)) {
        m_shown = filterAgreements(board, filter);
        m_cardsKey.reset();
    }
    if (signage) {
        const std::string count = std::to_string(board.agreements.size()) + " " + tr("agreements_shown");
        wrappedText(ctx.fonts.body, color::kTextDim, count);
        mark(ctx.uiMap, "filter.count", count);
        ImGui::SameLine();
        m_pager.drawIndicator(ctx);
    } else {
        drawFilterBar(ctx, board, m_shown.size()); // may change the filter: the list follows next frame
    }
    m_pager.beginList("agreement-list", "agreement-pages");
    std::string opened;
    if (m_shown.empty()) wrappedText(ctx.fonts.body, color::kTextDim, tr("filter.nothing"));
    const float width = ImGui::GetContentRegionAvail().x;
    // More columns where the screen is physically wide enough (the type scale is the
    // room's, so a bigger panel, not only a sharper one, shows more at once).
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float least = (view == View::List ? 1000.0f : 900.0f) * ctx.u;
    const int columns = std::clamp(static_cast<int>((width + spacing) / (least + spacing)), 1, 4);
    const float columnWidth = (width - spacing * float(columns - 1)) / float(columns);
    const auto itemHeight = [&](std::size_t i) {
        return view == View::List ? rowLayout(ctx, *m_shown[i], columnWidth).height
                                  : cardLayout(ctx, board, *m_shown[i], columnWidth).height;
    };
    const std::size_t rows = (m_shown.size() + std::size_t(columns) - 1) / std::size_t(columns);
    if (m_cardsKey.changed(ctx.snapshot.board, width,
                           {ctx.u, ctx.fonts.body, ctx.fonts.heading, static_cast<int>(view)})) {
        m_cards.measure(rows, ImGui::GetStyle().ItemSpacing.y, [&](std::size_t r) {
            float height = 0;
            for (std::size_t i = r * std::size_t(columns); i < std::min(m_shown.size(), (r + 1) * columns);
                 ++i)
                height = std::max(height, itemHeight(i));
            return height;
        });
    }
    const float listTop = ImGui::GetCursorPosY();
    // Rows differ in height (ImGuiListClipper would assume one): each visible row goes to
    // its own offset, and only those are laid out and drawn.
    drawVisible(m_cards, [&](std::size_t r) {
        const ImVec2 rowStart = ImGui::GetCursorPos();
        for (std::size_t c = 0; c < std::size_t(columns); ++c) {
            const std::size_t i = r * std::size_t(columns) + c;
            if (i >= m_shown.size()) break;
            ImGui::SetCursorPos(ImVec2(rowStart.x + float(c) * (columnWidth + spacing), rowStart.y));
            const Agreement& a = *m_shown[i];
            if (view == View::List)
                agreementRow(ctx, a, rowLayout(ctx, a, columnWidth), opened);
            else
                agreementCard(ctx, a, cardLayout(ctx, board, a, columnWidth), opened);
        }
    });
    if (signage) m_pager.apply(spansOf(m_cards, listTop));
    ImGui::EndChild();
    if (!opened.empty() && !signage) m_openId = opened;
}

} // namespace regiebord::ui
