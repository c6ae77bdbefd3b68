#pragma once
// The parts of recording a decision that the Escalaties and the Vergadering screens
// share: the "record" button, and the confirm dialog with its cancel and confirm
// buttons (cancel where a second tap on "record" would land, confirm apart).

#include "screen.hpp"

#include <string>

namespace regiebord::ui {

/// "Besluit vastleggen" across the panel, green when ready ("choose first" otherwise);
/// true when tapped while ready.
bool recordButton(const UiContext& ctx, bool ready, float height, const std::string& mapName);

/// Begins the centred confirm dialog `id`, opening it when `open` is set (which is then
/// reset); false when it is not shown (then nothing is to be ended).
bool beginConfirmDialog(const char* id, bool& open, float u);

enum class ConfirmAnswer { None, Cancel, Confirm };
/// The dialog's two buttons, named "<mapPrefix>cancel" and "<mapPrefix>ok" in the ui map.
/// Cancel closes the dialog; after Confirm the caller records and closes it.
ConfirmAnswer confirmButtons(const UiContext& ctx, const std::string& mapPrefix);

} // namespace regiebord::ui
