#include "web_html.hpp"

#include "text.hpp"
#include "web_assets.hpp"

namespace regiebord::hub::web {

std::string_view langCode(Lang lang) {
    return lang == Lang::En ? "en" : "nl";
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string csrfField(const std::string& csrf) {
    return R"(<input type="hidden" name="csrf" value=")" + escape(csrf) + R"(">)";
}

namespace {

std::string assetLink(std::string_view name) {
    const Asset* asset = findAsset(name);
    return "/static/" + std::string(name) + (asset ? "?v=" + std::string(asset->hash) : std::string());
}

std::string topBar(const Page& page) {
    const Lang other = page.lang == Lang::En ? Lang::Nl : Lang::En;
    std::string out = R"(<header class="bar"><a class="brand" href="/">Regiebord</a><nav aria-label=")" +
                      std::string(tr(page.lang, {"Account en taal", "Account and language"})) + R"(">)";
    out += R"(<a class="lang" href=")" + escape(page.path) + "?lang=" + std::string(langCode(other)) +
           R"(" lang=")" + std::string(langCode(other)) + R"(">)" +
           std::string(other == Lang::En ? "English" : "Nederlands") + "</a>";
    if (page.viewer) {
        out += R"(<span class="who">)" + escape(page.viewer->name) + " <span class=\"role\">(" +
               escape(page.viewer->role) + ")</span></span>";
        out += R"(<form method="post" action="/logout" class="inline">)" + csrfField(page.viewer->csrf) +
               R"(<button type="submit">)" + std::string(tr(page.lang, {"Uitloggen", "Log out"})) +
               "</button></form>";
    }
    out += "</nav></header>";
    return out;
}

std::optional<std::string> formDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = hexDigitValue(text[i + 1]);
            const int low = hexDigitValue(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += c;
        }
    }
    if (!isValidUtf8(out)) return std::nullopt;
    return out;
}

} // namespace

std::string renderPage(const Page& page, std::string_view script) {
    std::string out =
        R"(<!doctype html><html lang=")" + std::string(langCode(page.lang)) +
        R"("><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">)";
    out += "<title>" + escape(page.title) + " · Regiebord</title>";
    out += R"(<link rel="stylesheet" href=")" + assetLink("regiebord.css") + R"(">)";
    if (!script.empty()) out += R"(<script src=")" + assetLink(script) + R"(" defer></script>)";
    out += "</head><body>" + topBar(page);
    if (page.liveEtag.empty()) {
        out += R"(<main id="main">)" + page.main + "</main>";
    } else {
        out += R"(<main id="main" data-etag=")" + escape(page.liveEtag) + R"(">)" + page.main + "</main>";
        out += R"(<footer class="live"><p id="live-status" role="status" data-online=")" +
               std::string(tr(page.lang, {"Live: wijzigingen verschijnen vanzelf.",
                                          "Live: changes appear by themselves."})) +
               R"(" data-offline=")" +
               std::string(tr(page.lang, {"Geen verbinding met de hub: dit is de laatst bekende stand.",
                                          "No connection to the hub: this is the last known state."})) +
               R"(" data-gone=")" +
               std::string(tr(page.lang, {"Deze pagina is niet meer beschikbaar. Laad de pagina opnieuw.",
                                          "This page is no longer available. Reload the page."})) +
               R"(">)" +
               std::string(tr(page.lang, {"Live: wijzigingen verschijnen vanzelf.",
                                          "Live: changes appear by themselves."})) +
               "</p></footer>";
    }
    out += "</body></html>\n";
    return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parseForm(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> fields;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view part = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (part.empty()) continue;
        const auto eq = part.find('=');
        auto name = formDecode(part.substr(0, eq));
        auto value = formDecode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
        if (!name || !value) return std::nullopt;
        fields.emplace_back(std::move(*name), std::move(*value));
    }
    return fields;
}

std::string field(const std::vector<std::pair<std::string, std::string>>& form, std::string_view name) {
    for (const auto& [key, value] : form)
        if (key == name) return value;
    return {};
}

namespace {

/// The value of `key=` in a header's parameters ("multipart/form-data; boundary=x", "form-data;
/// name=\"a\""), unquoted; nullopt when absent or malformed.
std::optional<std::string> headerParameter(std::string_view header, std::string_view key) {
    std::size_t at = header.find(';');
    while (at != std::string_view::npos) {
        std::string_view rest = header.substr(at + 1);
        while (!rest.empty() && rest.front() == ' ')
            rest.remove_prefix(1);
        const std::size_t begin = header.size() - rest.size();
        if (rest.substr(0, key.size()) == key && rest.size() > key.size() && rest[key.size()] == '=') {
            rest.remove_prefix(key.size() + 1);
            if (!rest.empty() && rest.front() == '"') {
                const auto close = rest.find('"', 1);
                if (close == std::string_view::npos) return std::nullopt;
                return std::string(rest.substr(1, close - 1));
            }
            return std::string(rest.substr(0, rest.find(';')));
        }
        at = header.find(';', begin);
    }
    return std::nullopt;
}

} // namespace

std::optional<MultipartForm> parseMultipart(std::string_view contentType, std::string_view body) {
    if (contentType.rfind("multipart/form-data", 0) != 0) return std::nullopt;
    const auto boundary = headerParameter(contentType, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
    const std::string delimiter = "--" + *boundary;
    if (body.substr(0, delimiter.size()) != delimiter) return std::nullopt;
    body.remove_prefix(delimiter.size());
    MultipartForm form;
    for (;;) {
        if (body.substr(0, 2) == "--") return form; // the closing delimiter
        if (body.substr(0, 2) != "\r\n") return std::nullopt;
        body.remove_prefix(2);
        const auto headersEnd = body.find("\r\n\r\n");
        if (headersEnd == std::string_view::npos) return std::nullopt;
        std::string_view headers = body.substr(0, headersEnd);
        body.remove_prefix(headersEnd + 4);
        const auto next = body.find("\r\n" + delimiter);
        if (next == std::string_view::npos) return std::nullopt;
        const std::string_view content = body.substr(0, next);
        body.remove_prefix(next + 2 + delimiter.size());
        std::optional<std::string> name;
        std::optional<std::string> filename;
        while (!headers.empty()) {
            const auto eol = headers.find("\r\n");
            const std::string_view line = headers.substr(0, eol);
            headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) return std::nullopt;
            std::string header(line.substr(0, colon));
            for (char& c : header)
                c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            if (header != "content-disposition") continue;
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            if (value.rfind("form-data", 0) != 0) return std::nullopt;
            name = headerParameter(value, "name");
            filename = headerParameter(value, "filename");
        }
        if (!name || name->empty() || !isValidUtf8(*name)) return std::nullopt;
        if (filename) {
            std::string base = *filename;
            if (const auto slash = base.find_last_of("/\\"); slash != std::string::npos)
                base = base.substr(slash + 1);
            if (!isValidUtf8(base)) return std::nullopt;
            form.files.push_back({*name, base, std::string(content)});
        } else {
            if (!isValidUtf8(content)) return std::nullopt;
            form.fields.emplace_back(*name, std::string(content));
        }
    }
}

std::string cookie(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view part = header.substr(0, semi);
        header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        const auto eq = part.find('=');
        if (eq != std::string_view::npos && part.substr(0, eq) == name)
            return std::string(part.substr(eq + 1));
    }
    return {};
}

} // namespace regiebord::hub::web
