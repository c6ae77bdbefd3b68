#pragma once
#include "screen.hpp"

namespace regiebord::ui {

/// Acties: the open actions (actiepunten, toezeggingen) by owner, overdue ones marked
/// and their owners first; each with its due date, what it is and where it was agreed.
/// Actions a decision in this kiosk's outbox adds show at once, marked as waiting for
/// the hub.
class ActionsScreen final : public Screen {
public:
    const char* id() const override { return "acties"; }
    const char* titleKey() const override { return "actions"; }
    void draw(const UiContext& ctx) override;
};

} // namespace regiebord::ui
