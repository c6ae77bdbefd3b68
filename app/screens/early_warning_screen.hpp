#pragma once
#include "screen.hpp"

namespace regiebord::ui {

/// Vroegsignalering: agreements that will miss their target on what is
/// realised and in progress, and that nobody has escalated yet, biggest gap
/// first; each with a realised / in progress / missing bar and the shortfall.
class EarlyWarningScreen final : public Screen {
public:
    const char* id() const override { return "vroegsignalering"; }
    const char* titleKey() const override { return "early_warning"; }
    void draw(const UiContext& ctx) override;
};

} // namespace regiebord::ui
