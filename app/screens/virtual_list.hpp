#pragma once
// A scrolling list of items of different heights that draws only the items in
// view. ImGuiListClipper (1.86) assumes one height for every item; here each
// item's top is a prefix sum of the heights before it and the items in view are
// found by binary search. The heights are measured once and kept until what they
// depend on changes (LayoutKey). Only drawVisible() calls ImGui: the rest is
// arithmetic, tested on its own.

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace regiebord::ui {

/// Items [first, last) of a list.
struct ItemRange {
    std::size_t first = 0;
    std::size_t last = 0;
    bool empty() const { return first >= last; }
    std::size_t size() const { return empty() ? 0 : last - first; }
    bool operator==(const ItemRange&) const = default;
};

/// Items one below the other, `spacing` apart, with their measured heights.
class VirtualList {
public:
    /// Lays out `count` items; height(i) gives the height of item i.
    void measure(std::size_t count, float spacing, const std::function<float(std::size_t)>& height);
    void clear();

    std::size_t size() const { return m_heights.size(); }
    bool empty() const { return m_heights.empty(); }
    float spacing() const { return m_spacing; }
    /// Top of item i, measured from the top of the list (the first item's top is 0).
    float top(std::size_t i) const { return static_cast<float>(m_tops[i]); }
    float height(std::size_t i) const { return m_heights[i]; }
    float bottom(std::size_t i) const { return static_cast<float>(m_tops[i] + m_heights[i]); }
    /// From the first item's top to the last item's bottom; 0 for an empty list.
    float totalHeight() const;
    /// The items that show in a view of viewHeight whose top is `scroll` below the
    /// list's top (negative when the list starts lower in the view). The gap between
    /// two items belongs to neither. Empty when nothing shows.
    ItemRange visible(float scroll, float viewHeight) const;

private:
    // Tops as doubles: summed over 100k items, float prefix sums drift by pixels.
    std::vector<double> m_tops;
    std::vector<float> m_heights;
    float m_spacing = 0;
};

/// What a list's measured heights were made for: the data they came from, the
/// width they were laid out at and anything else that changes them (a filter, the
/// fonts). The data is held weakly: a new board that reuses the address of a freed
/// one is still seen as new, and an old board is not kept alive for the cache.
template <typename Extra> class LayoutKey {
public:
    /// True when any part differs from the previous call (or there was none);
    /// remembers the new values either way.
    bool changed(const std::shared_ptr<const void>& source, float width, const Extra& extra) {
        const bool same =
            m_valid && source && m_source.lock() == source && m_width == width && m_extra == extra;
        m_valid = true;
        m_source = source;
        m_width = width;
        m_extra = extra;
        return !same;
    }
    /// Forgets the key: the next changed() is true.
    void reset() { m_valid = false; }

private:
    bool m_valid = false;
    std::weak_ptr<const void> m_source;
    float m_width = 0;
    Extra m_extra{};
};

/// Draws the items of `list` that show in the current ImGui window, starting at
/// the cursor: the cursor is set to each item's top before draw(i) is called.
/// Then reserves the list's whole height, so that the scroll range and the
/// scrollbar are those of the full list, and leaves the cursor below it.
void drawVisible(const VirtualList& list, const std::function<void(std::size_t)>& draw);

} // namespace regiebord::ui
