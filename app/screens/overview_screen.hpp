#pragma once
#include "screen.hpp"

namespace regiebord::ui {

/// Overzicht: production against the norms, agreements by status, open
/// escalations by level, the next meeting. Readable at a glance from 4 m.
class OverviewScreen final : public Screen {
public:
    const char* id() const override { return "overzicht"; }
    const char* titleKey() const override { return "overview"; }
    void draw(const UiContext& ctx) override;
};

} // namespace regiebord::ui
