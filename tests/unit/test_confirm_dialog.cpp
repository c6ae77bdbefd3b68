// The confirm dialog as the ui map reports it. ImGui lays a new auto-sized window out
// once unseen, at its default place, and shows it centred from the next frame on. The
// map is what the room sees: a test (or the appliance test's taps) must never find the
// dialog's buttons where the unseen frame put them. On the emulated appliance a slow
// frame left that map in place for a second, and the tap on "confirm" missed.

#include "screens/decision_widgets.hpp"

#include "support/headless_ui.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;
using namespace regiebord::ui;
using namespace regiebord::test;

namespace {

/// A screen with the record button and its confirm dialog, as the Escalaties screen has.
class DialogScreen final : public Screen {
public:
    const char* id() const override { return "dialog"; }
    const char* titleKey() const override { return "tab.escalaties"; }
    void draw(const UiContext& ctx) override {
        if (recordButton(ctx, true, 80 * ctx.u, "decision.record")) m_open = true;
        if (!beginConfirmDialog("confirm-test", m_open, ctx.u)) return;
        ImGui::TextUnformatted("Besluit vastleggen?");
        answer = confirmButtons(ctx, "confirm.");
        if (answer == ConfirmAnswer::Confirm) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ConfirmAnswer answer = ConfirmAnswer::None;

private:
    bool m_open = false;
};

} // namespace

TEST_CASE("the ui map lists a new dialog's buttons only where the screen shows them", "[ui][dialog]") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(1920, 1080), ImVec2(800, 1280)}) {
        INFO("display " << size.x << "x" << size.y);
        auto screen = std::make_unique<DialogScreen>();
        DialogScreen& dialog = *screen;
        HeadlessScreen h(size, mixedBoard(0), std::move(screen));
        h.frame();
        const auto record = h.find("decision.record");
        REQUIRE(record);
        // Opened twice: the first time ImGui creates the window (the unseen frame), the
        // second time it already knows its size.
        for (int opening = 0; opening < 2; ++opening) {
            INFO("opening " << opening);
            h.tap(record->center());
            std::optional<Rect> ok;
            for (int frame = 0; frame < 4; ++frame) {
                if (const auto cancel = h.find("confirm.cancel"), shown = h.find("confirm.ok");
                    cancel && shown) {
                    // Centred: the buttons' pair is as far from the left edge as from the right.
                    CHECK(std::abs((cancel->x + shown->x + shown->w) / 2 - size.x / 2) <= 1.0f);
                    if (ok) CHECK((shown->x == ok->x && shown->y == ok->y)); // and it stays there
                    ok = shown;
                }
                h.frame();
            }
            REQUIRE(ok);
            // A tap where the map says lands on the button.
            h.tap(ok->center());
            CHECK(dialog.answer == ConfirmAnswer::Confirm);
            h.frame();
            CHECK_FALSE(h.find("confirm.ok"));
        }
    }
}
