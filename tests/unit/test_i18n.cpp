// The UI texts: every key the sources ask tr() for has Dutch and English text, and the
// table holds no text that nothing asks for. The keys are found in the sources of app/
// and sync/ themselves, at test time, not in a hand-kept list:
//  - tr("key") and trKey("key") (a key kept in a table and translated later);
//  - tr("prefix." + ...): a key made from an enum's wire name; every value of that enum
//    must have a text (the prefixes and their enums are listed below; the board's terms
//    come from sync/board_words.hpp, which the hub's pages share);
//  - a screen's titleKey() { return "key"; }: its tab shows "key" or "key.short"
//    (kiosk.cpp, tabLabelKey).
// Any other tr( call (a key in a variable) fails the test until its keys are marked
// with trKey and the call is named in kIndirectCalls.

// GCC 12 warns that std::regex's NFA copies a std::function it did not initialise
// (-Wmaybe-uninitialized, a false positive: GCC bug 105562), which -Werror turns into
// a build failure in the ASan build. The warning is inside libstdc++'s <regex>.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "i18n.hpp"
#include "model.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace regiebord;
using namespace regiebord::ui;

namespace {

template <typename E> std::vector<std::string> wireNames() {
    return {EnumNames<E>::names.begin(), EnumNames<E>::names.end()};
}

/// Keys made at run time: "prefix." + toWire(value of this enum).
const std::map<std::string, std::vector<std::string>>& enumKeys() {
    static const std::map<std::string, std::vector<std::string>> keys{
        {"theme.", wireNames<Theme>()},
        {"mandate.", wireNames<Mandate>()},
        {"phase.", wireNames<Phase>()},
        {"level.", wireNames<EscalationLevel>()},
        {"escstatus.", wireNames<EscalationStatus>()},
        {"outcome.", wireNames<Outcome>()},
    };
    return keys;
}

/// tr( calls whose key is in a variable, and where their keys are found.
const std::vector<std::string> kIndirectCalls{
    "tr(tabLabelKey(",         // kiosk.cpp: a screen's titleKey(), or it + ".short"
    "tr(kNotePhrases[i].key)", // escalations_screen.cpp: keys marked with trKey
};

struct Use {
    std::string key;
    std::string where; ///< file:line
};

struct Scan {
    std::vector<Use> uses;
    std::vector<std::string> unrecognised; ///< tr( calls this test cannot read a key from
    std::size_t files = 0;
};

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int lineOf(const std::string& text, std::size_t offset) {
    return 1 + static_cast<int>(
                   std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

bool isIdentifierChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

void scanFile(const std::filesystem::path& path, const std::string& name, Scan& scan) {
    static const std::regex literal(R"re(^tr\(\s*"([^"\\]*)"\s*\))re");
    static const std::regex prefixed(R"re(^tr\(\s*(?:std::string\(\s*)?"([^"\\]*)"\s*\)?\s*\+)re");
    static const std::regex marked(R"re(\btrKey\(\s*"([^"\\]*)"\s*\))re");
    static const std::regex title(R"re(titleKey\(\)\s*const\s*override\s*\{\s*return\s*"([^"\\]*)";)re");
    const std::string text = readFile(path);
    ++scan.files;
    const auto where = [&](std::size_t offset) { return name + ":" + std::to_string(lineOf(text, offset)); };

    for (std::size_t at = text.find("tr("); at != std::string::npos; at = text.find("tr(", at + 3)) {
        if (at > 0 && isIdentifierChar(text[at - 1])) continue; // str(, ctr(, ...
        const std::string rest = text.substr(at, 200);
        std::smatch m;
        if (std::regex_search(rest, m, literal)) {
            scan.uses.push_back({m[1], where(at)});
        } else if (std::regex_search(rest, m, prefixed)) {
            const auto found = enumKeys().find(m[1]);
            if (found == enumKeys().end()) {
                scan.unrecognised.push_back(where(at) + ": a key made from \"" + std::string(m[1]) +
                                            "\" + ...: add the prefix and its enum to enumKeys()");
                continue;
            }
            for (const auto& value : found->second)
                scan.uses.push_back({found->first + value, where(at)});
        } else if (std::none_of(kIndirectCalls.begin(), kIndirectCalls.end(),
                                [&](const std::string& call) { return rest.rfind(call, 0) == 0; })) {
            scan.unrecognised.push_back(where(at) + ": " + rest.substr(0, rest.find('\n')));
        }
    }
    for (auto it = std::sregex_iterator(text.begin(), text.end(), marked); it != std::sregex_iterator(); ++it)
        scan.uses.push_back({(*it)[1], where(static_cast<std::size_t>(it->position()))});
    for (auto it = std::sregex_iterator(text.begin(), text.end(), title); it != std::sregex_iterator();
         ++it) {
        scan.uses.push_back({(*it)[1], where(static_cast<std::size_t>(it->position()))});
        scan.uses.push_back(
            {std::string((*it)[1]) + ".short", where(static_cast<std::size_t>(it->position()))});
    }
}

/// Every C++ source of app/ and sync/, except the table and tr() themselves.
Scan scanSources() {
    Scan scan;
    const std::filesystem::path root(REGIEBORD_SOURCE_DIR);
    for (const char* dir : {"app", "sync"})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
            const std::string name = entry.path().lexically_relative(root).string();
            if (name == "app/i18n.cpp" || name == "app/i18n.hpp") continue;
            scanFile(entry.path(), name, scan);
        }
    return scan;
}

} // namespace

TEST_CASE("every UI text the sources ask for exists in Dutch and English", "[ui][i18n]") {
    const Scan scan = scanSources();
    REQUIRE(scan.files > 40); // the sources were found
    for (const auto& call : scan.unrecognised)
        FAIL_CHECK("a tr( call whose key this test cannot find: " << call);
    std::set<std::string> used;
    for (const auto& use : scan.uses) {
        INFO(use.key << " (" << use.where << ")");
        CHECK(hasTranslation(use.key));
        used.insert(use.key);
    }
    // Every kind of use was found: a change in how the sources are written must not make
    // this test find nothing and pass.
    CHECK(used.contains("record_decision"));     // tr("…")
    CHECK(used.contains("theme.overig"));        // tr("theme." + …)
    CHECK(used.contains("note.tenants"));        // trKey("…")
    CHECK(used.contains("early_warning.short")); // titleKey()
    CHECK(used.size() > 150);

    for (const auto key : textKeys()) {
        INFO("a text in app/i18n.cpp that no source asks for: " << key);
        CHECK(used.contains(std::string(key)));
    }
}

TEST_CASE("tr answers in the language set, and ?? for an unknown key", "[ui][i18n]") {
    setLanguage(Language::English);
    CHECK(std::string(tr("overview")) == "Overview");
    setLanguage(Language::Dutch);
    CHECK(std::string(tr("overview")) == "Overzicht");
    CHECK(std::string(tr("no.such.key")) == "??");
    CHECK_FALSE(hasTranslation("no.such.key"));
    CHECK(trKey("overview") == std::string_view("overview"));
}
