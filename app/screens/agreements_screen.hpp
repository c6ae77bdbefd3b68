#pragma once
#include "pager.hpp"
#include "screen.hpp"
#include "view_model.hpp"
#include "virtual_list.hpp"

#include <string>
#include <vector>

namespace regiebord::ui {

/// Afspraken: every performance agreement as a card with progress against
/// its target, owner, mandate, deadline and status (icon + colour + word),
/// filtered by party, theme and status with touch chips; a tap opens the
/// detail with its definitions, projects and linked escalations.
class AgreementsScreen final : public Screen {
public:
    const char* id() const override { return "afspraken"; }
    const char* titleKey() const override { return "agreements"; }
    void draw(const UiContext& ctx) override;
    bool openDetail(const std::string& agreementId) override;
    void reset() override;
    void setSignagePage(std::optional<int> page) override;
    int signagePages() const override { return m_pager.pages(); }

private:
    enum class Chooser { None, Party, Theme, Status };
    enum class View { List, Cards };
    void drawFilterBar(const UiContext& ctx, const BoardData& board, std::size_t shown);
    void drawChooser(const UiContext& ctx, const BoardData& board);
    void drawDetail(const UiContext& ctx, const BoardData& board, const Agreement& a);

    /// Besides the board and the width, what the card heights depend on.
    struct CardsKey {
        float u = 0;
        const ImFont* body = nullptr;
        const ImFont* heading = nullptr;
        int view = 0;
        bool operator==(const CardsKey&) const = default;
    };

    AgreementFilter m_filter;
    Chooser m_chooser = Chooser::None;
    View m_view = View::List;
    SignagePager m_pager;
    std::string m_openId;
    LayoutKey<AgreementFilter> m_shownKey;
    std::vector<const Agreement*> m_shown; ///< into the board m_shownKey was made for
    LayoutKey<CardsKey> m_cardsKey;
    VirtualList m_cards; ///< the heights and offsets of the rows of m_shown's cards or list rows
};

} // namespace regiebord::ui
