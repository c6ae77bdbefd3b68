#pragma once
#include "screen.hpp"

namespace regiebord::ui {

/// Afspraken: every performance agreement as a card with progress against
/// its target, owner, mandate, deadline and status (icon + colour + word).
class AgreementsScreen final : public Screen {
public:
    const char* id() const override { return "afspraken"; }
    const char* titleKey() const override { return "agreements"; }
    void draw(const UiContext& ctx) override;
};

/// Lets a finger (or held mouse) drag the current window's scroll position.
void dragToScroll();

} // namespace regiebord::ui
