#pragma once
// The board's words in Dutch and English, one table for every place that shows them: the
// kiosk's screens (app/i18n.cpp answers its "theme.", "outcome.", ... keys from here), the
// hub's pages (server/web_board.cpp) and the besluitenlijst (server/besluitenlijst.cpp).
// Before, each kept its own copy, and the copies had drifted apart.

#include "model.hpp"

#include <optional>
#include <string_view>

namespace regiebord {

/// One term in both languages (NUL-terminated: the kiosk hands them to ImGui as they are).
struct Words {
    const char* nl;
    const char* en;
};

Words words(Theme value);
Words words(Mandate value);
Words words(AgreementStatus value);
Words words(Phase value);
Words words(Segment value);
Words words(EscalationLevel value);
Words words(Severity value);
Words words(EscalationStatus value);
Words words(ActionStatus value);
Words words(Outcome value);

/// The words behind a text key made from an enum's wire name: "theme.overig",
/// "outcome.akkoord", "escstatus.open". The prefixes: theme, mandate, status (an agreement's),
/// phase, segment, level, severity, escstatus, action (an action's status) and outcome.
/// Nothing for any other key.
std::optional<Words> wordsForKey(std::string_view key);

} // namespace regiebord
