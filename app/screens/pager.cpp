#include "pager.hpp"

#include "i18n.hpp"
#include "theme.hpp"
#include "touch_scroll.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace regiebord::ui {

std::vector<float> pageStarts(const std::vector<Span>& items, float viewHeight) {
    std::vector<float> starts;
    if (items.empty()) return starts;
    std::size_t i = 0;
    while (i < items.size()) {
        const float start = items[i].top;
        starts.push_back(start);
        ++i; // the first item is on the page even when it is taller than the view
        while (i < items.size() && items[i].bottom - start <= viewHeight)
            ++i;
    }
    return starts;
}

std::vector<Span> spansOf(const VirtualList& list, float listTop) {
    std::vector<Span> spans(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        spans[i] = {listTop + list.top(i), listTop + list.bottom(i)};
    return spans;
}

void SignagePager::beginList(const char* id, const char* pagesId) const {
    ImGui::BeginChild(m_page ? pagesId : id, ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);
    if (m_page)
        noteScrollable();
    else
        dragToScroll();
}

void SignagePager::drawIndicator(const UiContext& ctx) const {
    if (!m_page) return;
    const int shown = std::min(*m_page, m_pages - 1) + 1;
    const std::string text = std::string(tr("page")) + " " + std::to_string(shown) + " " + tr("page_of") +
                             " " + std::to_string(m_pages);
    ImGui::PushFont(ctx.fonts.body);
    const float width = ImGui::CalcTextSize(text.c_str()).x;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color::kTextDim), "%s", text.c_str());
    ImGui::PopFont();
    mark(ctx.uiMap, "signage.page", std::to_string(shown) + "/" + std::to_string(m_pages));
}

void SignagePager::apply(const std::vector<Span>& items) {
    if (!m_page) return;
    // The lists' child windows have no padding: the view is the window's height.
    const auto starts = pageStarts(items, ImGui::GetWindowHeight());
    m_pages = std::max<int>(1, static_cast<int>(starts.size()));
    const int page = std::min(*m_page, m_pages - 1);
    // Applied at the next frame's Begin (the carousel draws a few frames per step).
    if (!starts.empty()) ImGui::SetScrollY(starts[static_cast<std::size_t>(page)]);
}

} // namespace regiebord::ui
