#pragma once
#include "screen.hpp"
#include "view_model.hpp"

#include <string>

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

private:
    enum class Chooser { None, Party, Theme, Status };
    void drawFilterBar(const UiContext& ctx, const BoardData& board, std::size_t shown);
    void drawChooser(const UiContext& ctx, const BoardData& board);
    void drawDetail(const UiContext& ctx, const BoardData& board, const Agreement& a);

    AgreementFilter m_filter;
    Chooser m_chooser = Chooser::None;
    std::string m_openId;
};

/// Lets a finger (or held mouse) drag the current window's scroll position.
void dragToScroll();

} // namespace regiebord::ui
