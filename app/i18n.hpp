#pragma once
// UI text, Dutch by default with an English switch. Keys are English words. The board's
// terms ("theme.overig", "outcome.akkoord": an enum's wire name behind its prefix) come from
// sync/board_words.hpp, the table the hub's pages and the besluitenlijst use too.
// tests/unit/test_i18n.cpp finds every key the sources of app/ and sync/ ask for
// (tr with a literal key, trKey, a screen's titleKey and the model's enum values
// behind a "prefix." key) and checks each has both languages, and that the table
// holds no text nothing asks for.

#include <string_view>
#include <vector>

namespace regiebord::ui {

enum class Language { Dutch, English };

void setLanguage(Language language);
Language language();
/// The text for key in the current language; "??" for a key the table does not
/// hold (not the key itself: a key built at run time is a temporary string, and the
/// answer must outlive it).
const char* tr(std::string_view key);
/// True when key exists in both languages.
bool hasTranslation(std::string_view key);
/// Every key of the table, in table order.
std::vector<std::string_view> textKeys();
/// Marks a string literal as a text key that is translated elsewhere (like gettext's
/// N_): the key unchanged, so that the translation test finds keys kept in tables.
constexpr const char* trKey(const char* key) {
    return key;
}

} // namespace regiebord::ui
