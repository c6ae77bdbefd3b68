#pragma once
#include "screen.hpp"

namespace regiebord::ui {

/// Afsprakenkaart: the shared definitions (begrippen) as one readable page:
/// term, agreed text, criteria, valid from and the parties that agreed them;
/// two columns when wide, one when narrow or portrait.
class DefinitionsScreen final : public Screen {
public:
    const char* id() const override { return "afsprakenkaart"; }
    const char* titleKey() const override { return "definitions"; }
    void draw(const UiContext& ctx) override;
};

} // namespace regiebord::ui
