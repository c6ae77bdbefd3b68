#pragma once
// Signage paging: between meetings the carousel shows every item of a list, a page
// at a time, instead of the screenful a person would scroll. A page holds whole
// items only; the list's own scroll position (where a person left it) is untouched.

#include "screen.hpp"
#include "virtual_list.hpp"

#include <optional>
#include <vector>

namespace regiebord::ui {

/// An item's extent in its list, top and bottom, in list coordinates (px).
struct Span {
    float top = 0;
    float bottom = 0;
};

/// Where each page starts (a list coordinate), given the items in order: every page
/// holds the items that fit whole below its start; an item taller than the view gets
/// a page of its own. One page (at the first item) when everything fits, none for no items.
std::vector<float> pageStarts(const std::vector<Span>& items, float viewHeight);

/// The items of a virtual list whose first item's top is at listTop.
std::vector<Span> spansOf(const VirtualList& list, float listTop);

/// One list's signage paging: the page to show (none outside signage) and the pages
/// it needed when last drawn.
class SignagePager {
public:
    void setPage(std::optional<int> page) { m_page = page; }
    bool active() const { return m_page.has_value(); }
    int page() const { return m_page.value_or(0); }
    /// The pages the list needed when last drawn in signage mode (1 before that).
    int pages() const { return m_pages; }
    /// Begins the list's scrolling child window (pair with ImGui::EndChild()): `id`, which a
    /// finger drags, or in signage mode a window of its own (`pagesId`), so that the scroll a
    /// person left stays where it was.
    void beginList(const char* id, const char* pagesId) const;
    /// Above the list, in signage mode: "Pagina 2 van 5" (marked signage.page, "2/5").
    void drawIndicator(const UiContext& ctx) const;
    /// Inside the list's scrolling child window, after its items (given in the child's
    /// content coordinates): counts the pages and scrolls to the one to show.
    void apply(const std::vector<Span>& items);

private:
    std::optional<int> m_page;
    int m_pages = 1;
};

} // namespace regiebord::ui
