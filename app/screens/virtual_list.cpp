#include "virtual_list.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace regiebord::ui {

namespace {

/// The first index in [0, count) where `before` turns false, given that it is true
/// for a first run of indices and false from there on (a binary search).
template <typename Before> std::size_t partitionPoint(std::size_t count, Before before) {
    std::size_t low = 0;
    std::size_t high = count;
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if (before(mid))
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

} // namespace

void VirtualList::measure(std::size_t count, float spacing, const std::function<float(std::size_t)>& height) {
    m_spacing = std::max(0.0f, spacing);
    m_heights.resize(count);
    m_tops.resize(count);
    double y = 0;
    for (std::size_t i = 0; i < count; ++i) {
        m_heights[i] = std::max(0.0f, height(i));
        m_tops[i] = y;
        y += double(m_heights[i]) + double(m_spacing);
    }
}

void VirtualList::clear() {
    m_heights.clear();
    m_tops.clear();
}

float VirtualList::totalHeight() const {
    return empty() ? 0.0f : bottom(size() - 1);
}

ItemRange VirtualList::visible(float scroll, float viewHeight) const {
    if (viewHeight <= 0) return {};
    // Tops and bottoms both grow with the index (heights and spacing are >= 0),
    // so each end of the range is one binary search.
    const double viewTop = scroll;
    const double viewBottom = double(scroll) + double(viewHeight);
    const std::size_t first =
        partitionPoint(size(), [&](std::size_t i) { return m_tops[i] + double(m_heights[i]) <= viewTop; });
    const std::size_t last = partitionPoint(size(), [&](std::size_t i) { return m_tops[i] < viewBottom; });
    return {first, std::max(first, last)};
}

void drawVisible(const VirtualList& list, const std::function<void(std::size_t)>& draw) {
    // Content coordinates (GetCursorPos* include the scroll): the list's top.
    const ImVec2 start = ImGui::GetCursorPos();
    const ItemRange range = list.visible(ImGui::GetScrollY() - start.y, ImGui::GetWindowHeight());
    for (std::size_t i = range.first; i < range.last; ++i) {
        ImGui::SetCursorPos(ImVec2(start.x, start.y + list.top(i)));
        draw(i);
    }
    // The whole list's height, rounded up: ImGui rounds the content size down (and an
    // item's size with the item spacing), which would leave the last item's bottom
    // row out of reach. SetCursorPos extends the content to exactly that point.
    ImGui::SetCursorPos(ImVec2(start.x, start.y + std::ceil(list.totalHeight())));
    ImGui::Dummy(ImVec2(0.0f, 0.0f));
}

} // namespace regiebord::ui
