#pragma once
// UI text, Dutch by default with an English switch. Keys are English words;
// every key has both languages (checked by a test).

#include <string_view>

namespace regiebord::ui {

enum class Language { Dutch, English };

void setLanguage(Language language);
Language language();
/// The text for key in the current language; the key itself if unknown.
const char* tr(std::string_view key);
/// True when key exists in both languages.
bool hasTranslation(std::string_view key);

} // namespace regiebord::ui
