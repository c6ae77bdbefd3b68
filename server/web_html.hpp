#pragma once
// HTML for the hub's web side, written out by the hub (docs/web.md, "pages"): every
// text that is not ours goes through escape(); there is no inline script or style
// (the Content-Security-Policy forbids both). Pages are few and small, so they are
// built with plain string functions rather than a template engine (Debian has none
// for C++ that escapes by default).

#include "board_words.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regiebord::hub::web {

enum class Lang { Nl, En };
std::string_view langCode(Lang lang);

/// A text in both languages; tr() picks one. The same type as the board's terms
/// (sync/board_words.hpp: one table with the kiosk's).
using Text = Words;
inline std::string_view tr(Lang lang, Text text) {
    return lang == Lang::En ? text.en : text.nl;
}

/// Text for HTML element content and attribute values (& < > " ').
std::string escape(std::string_view text);

/// What the page's top bar shows about who is signed in.
struct Viewer {
    std::string name;
    std::string role;
    std::string csrf; ///< for the logout form
};

struct Page {
    Lang lang = Lang::Nl;
    std::string title;              ///< plain text
    std::string main;               ///< HTML inside <main>
    const Viewer* viewer = nullptr; ///< signed in: name, role, logout
    std::string path;               ///< this page's path, for the language switch
    std::string liveEtag;           ///< set: a live page (regiebord.js asks again with this ETag)
};

/// The whole document: head (style sheet, no script unless `script`), top bar, main.
std::string renderPage(const Page& page, std::string_view script = {});

/// A hidden form field with the session's CSRF token.
std::string csrfField(const std::string& csrf);

/// application/x-www-form-urlencoded fields in order; nullopt when the body is not (bad
/// percent escapes, invalid UTF-8).
std::optional<std::vector<std::pair<std::string, std::string>>> parseForm(std::string_view body);
/// A field's value ("" when absent).
std::string field(const std::vector<std::pair<std::string, std::string>>& form, std::string_view name);

/// A file of a multipart/form-data body.
struct FormFile {
    std::string field;    ///< the form field's name
    std::string filename; ///< as the browser names it (its last path part only)
    std::string bytes;
};
struct MultipartForm {
    std::vector<std::pair<std::string, std::string>> fields; ///< the text fields (valid UTF-8)
    std::vector<FormFile> files;
};
/// multipart/form-data (RFC 7578) as browsers send a form with a file: the boundary from the
/// Content-Type header, each part's Content-Disposition name and filename. nullopt for anything
/// else (no boundary, a part without a name, no closing boundary, a text field not UTF-8).
std::optional<MultipartForm> parseMultipart(std::string_view contentType, std::string_view body);

/// A cookie's value from a Cookie header ("" when absent).
std::string cookie(std::string_view header, std::string_view name);

} // namespace regiebord::hub::web
