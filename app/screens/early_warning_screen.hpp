#pragma once
#include "pager.hpp"
#include "screen.hpp"
#include "view_model.hpp"
#include "virtual_list.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace regiebord::ui {

/// Vroegsignalering: agreements that will miss their target on what is
/// realised and in progress, and that nobody has escalated yet, biggest gap
/// first; each with a realised / in progress / missing bar and the shortfall.
class EarlyWarningScreen final : public Screen {
public:
    const char* id() const override { return "vroegsignalering"; }
    const char* titleKey() const override { return "early_warning"; }
    void draw(const UiContext& ctx) override;
    void setSignagePage(std::optional<int> page) override { m_pager.setPage(page); }
    int signagePages() const override { return m_pager.pages(); }

private:
    /// Besides the board and the width, what the card heights depend on.
    struct CardsKey {
        float u = 0;
        const ImFont* body = nullptr;
        const ImFont* small = nullptr;
        const ImFont* heading = nullptr;
        const ImFont* big = nullptr;
        bool cards = false;
        bool operator==(const CardsKey&) const = default;
    };

    LayoutKey<std::int64_t> m_warningsKey; ///< the board and the day (UTC) the warnings are for
    std::vector<EarlyWarning> m_warnings;  ///< into the board m_warningsKey was made for
    LayoutKey<CardsKey> m_cardsKey;
    VirtualList m_cards;
    SignagePager m_pager;
    bool m_cardsView = false;          ///< the cards instead of the compact list (a chip)
    std::pair<float, float> m_columns; ///< the compact rows' shortfall and time-left column widths ///< the
                                       ///< heights and offsets of m_warnings' cards
};

} // namespace regiebord::ui
