#include "web_site.hpp"

#include "besluitenlijst.hpp"
#include "besluitenlijst_pdf.hpp"
#include "clock.hpp"
#include "dates.hpp"
#include "hub_commands.hpp"
#include "hub_store.hpp"
#include "json_text.hpp"
#include "protocol.hpp"
#include "web_assets.hpp"
#include "workbook_export.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace regiebord::hub {

using web::badge;
using web::escape;
using web::Lang;
using web::Text;
using web::tr;

namespace {

constexpr std::string_view kStatic = "/static/";
constexpr std::string_view kBoards = "/boards/";
constexpr std::string_view kLink = "/v/";
constexpr std::string_view kExport = "/export/";
/// How long a dry run waits to be applied.
constexpr std::int64_t kUploadSeconds = 60L * 60;

HttpAnswer html(int status, std::string body) {
    HttpAnswer a;
    a.status = status;
    a.body = std::make_shared<const std::string>(std::move(body));
    a.contentType = "text/html; charset=utf-8";
    a.headers.emplace_back("Cache-Control", "no-store");
    return a;
}

HttpAnswer redirect(const std::string& to) {
    HttpAnswer a;
    a.status = 303;
    a.body = std::make_shared<const std::string>();
    a.contentType = "text/plain; charset=utf-8";
    a.headers.emplace_back("Location", to);
    a.headers.emplace_back("Cache-Control", "no-store");
    return a;
}

/// Headers on every answer of the web side.
void secure(HttpAnswer& a) {
    a.headers.emplace_back("Content-Security-Policy", WebSite::kContentSecurityPolicy);
    a.headers.emplace_back("X-Content-Type-Options", "nosniff");
    a.headers.emplace_back("X-Frame-Options", "DENY");
    a.headers.emplace_back("Referrer-Policy", "same-origin"); // "no-referrer" would make Origin "null"
    a.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
}

std::string setCookie(std::string_view name, std::string_view value, long maxAgeSeconds,
                      bool httpOnly = true) {
    std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; Secure; SameSite=Strict";
    if (httpOnly) c += "; HttpOnly";
    c += "; Max-Age=" + std::to_string(maxAgeSeconds);
    return c;
}

/// The value of ?name= in a raw query (only plain values: language codes).
std::string queryValue(std::string_view query, std::string_view name) {
    const auto form = web::parseForm(query);
    return form ? web::field(*form, name) : std::string();
}

/// A POST from a page of this hub: Origin (when sent) names the host the request went to,
/// and the browser did not mark it as cross-site.
bool sameOrigin(const HttpRequest& request) {
    // Browsers of the last years say where a request comes from (Fetch Metadata); "none" is
    // the user's own action (a bookmark, the address bar).
    const std::string site = request.header("sec-fetch-site");
    if (!site.empty()) return site == "same-origin" || site == "none";
    const std::string origin = request.header("origin");
    if (origin.empty()) return true; // older browsers: the CSRF token alone
    const auto scheme = origin.find("://");
    return scheme != std::string::npos && origin.substr(scheme + 3) == request.header("host");
}

std::string minutesText(Lang lang, std::int64_t seconds) {
    const std::int64_t minutes = (seconds + 59) / 60;
    if (lang == Lang::En) return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
    return std::to_string(minutes) + (minutes == 1 ? " minuut" : " minuten");
}

} // namespace

WebSite::WebSite(HubStore& store, int silentAfterSeconds)
    : m_store(store), m_accounts(store.pool()), m_sessions(store.pool()), m_throttle(store.pool()),
      m_links(store.pool()), m_audit(store.pool()), m_screenshots(store.pool()),
      m_silentAfterSeconds(std::max(silentAfterSeconds, 1)),
      m_dummyHash(hashPassword("not a password of anyone")) {}

const std::vector<WebSite::Route>& WebSite::routes() {
    static const std::vector<Route> table{
        {"GET", "/", true, &WebSite::home, std::nullopt},
        {"GET", "/login", false, &WebSite::loginPage, std::nullopt},
        {"POST", "/login", false, &WebSite::login, std::nullopt},
        {"POST", "/logout", true, &WebSite::logout, std::nullopt},
        {"GET", "/links", true, &WebSite::linksPage, AccountRole::Secretariaat},
        {"POST", "/links", true, &WebSite::addLink, AccountRole::Secretariaat},
        {"POST", "/links/revoke", true, &WebSite::revokeLink, AccountRole::Secretariaat},
        {"GET", "/upload", true, &WebSite::uploadPage, AccountRole::Secretariaat},
        {"POST", "/upload", true, &WebSite::upload, AccountRole::Secretariaat},
        {"POST", "/upload/apply", true, &WebSite::applyUpload, AccountRole::Secretariaat},
        {"GET", "/devices", true, &WebSite::devicesPage, AccountRole::It},
        {"POST", "/devices/rename", true, &WebSite::renameDevice, AccountRole::It},
        {"POST", "/devices/revoke", true, &WebSite::revokeDevice, AccountRole::It},
        {"POST", "/devices/ask-screenshot", true, &WebSite::askScreenshot, AccountRole::It},
    };
    return table;
}

HttpAnswer WebSite::error(int status, const std::string& /*code*/, const std::string& message) {
    web::Page p;
    p.title = std::to_string(status);
    p.main = "<h1>" + std::to_string(status) + "</h1><p>" + escape(message) + "</p>";
    HttpAnswer a = html(status, web::renderPage(p));
    secure(a);
    return a;
}

HttpRoutes::Admission WebSite::admit(const HttpRequest& request) {
    Admission admission;
    if (request.path.rfind(kStatic, 0) == 0) {
        const web::Asset* asset = web::findAsset(std::string_view(request.path).substr(kStatic.size()));
        if (!asset || request.method != "GET") {
            admission.refusal = error(404, "not_found", "Niet gevonden. / Not found.");
            return admission;
        }
        HttpAnswer a;
        const std::string etag = "\"" + std::string(asset->hash) + "\"";
        a.headers.emplace_back("ETag", etag);
        a.headers.emplace_back("Cache-Control", queryValue(request.query, "v") == asset->hash
                                                    ? "public, max-age=31536000, immutable"
                                                    : "no-cache");
        if (request.header("if-none-match") == etag) {
            a.status = 304;
            a.body = std::make_shared<const std::string>();
        } else {
            a.body = std::make_shared<const std::string>(asset->bytes);
            a.contentType = std::string(asset->contentType);
        }
        secure(a);
        admission.refusal = std::move(a); // answered now: nothing to read
        return admission;
    }
    static const Route kBoardRoute{"GET", "", false, &WebSite::boardPage, std::nullopt};
    static const Route kExportRoute{"GET", "", true, &WebSite::exportFile, AccountRole::Secretariaat};
    static const Route kShotRoute{"GET", "", true, &WebSite::devicePicture, AccountRole::It};
    constexpr std::string_view kShot = "/screenshot.png";
    const bool boardPath = request.path.rfind(kBoards, 0) == 0 || request.path.rfind(kLink, 0) == 0;
    const bool exportPath = request.path.rfind(kExport, 0) == 0;
    const bool shotPath = request.path.rfind("/devices/", 0) == 0 && request.path.size() > kShot.size() &&
                          request.path.compare(request.path.size() - kShot.size(), kShot.size(), kShot) == 0;
    const Route* found = nullptr;
    bool pathKnown = boardPath || exportPath || shotPath;
    if (boardPath && request.method == "GET") found = &kBoardRoute;
    if (exportPath && request.method == "GET") found = &kExportRoute;
    if (shotPath && request.method == "GET") found = &kShotRoute;
    for (const auto& route : routes()) {
        if (boardPath || exportPath || shotPath || request.path != route.path) continue;
        pathKnown = true;
        if (request.method == route.method) found = &route;
    }
    if (!found) {
        admission.refusal = pathKnown ? error(405, "method_not_allowed", "Niet toegestaan. / Not allowed.")
                                      : error(404, "not_found", "Niet gevonden. / Not found.");
        return admission;
    }
    auto call = std::make_shared<std::pair<const Route*, Call>>(found, Call{});
    Call& c = call->second;
    std::string chosen = queryValue(request.query, "lang");
    c.langChosen = chosen == "nl" || chosen == "en";
    if (!c.langChosen) chosen = web::cookie(request.header("cookie"), kLangCookie);
    if (chosen.empty()) chosen = request.header("accept-language").rfind("en", 0) == 0 ? "en" : "nl";
    c.lang = chosen == "en" ? Lang::En : Lang::Nl;
    c.sessionCookie = web::cookie(request.header("cookie"), kSessionCookie);
    if (!c.sessionCookie.empty()) c.session = m_sessions.find(c.sessionCookie);
    if (boardPath) {
        if (auto refusal = admitBoard(request, c)) {
            secure(*refusal);
            admission.refusal = std::move(refusal);
            return admission;
        }
    } else if (shotPath) {
        c.file =
            request.path.substr(std::string_view("/devices/").size(),
                                request.path.size() - std::string_view("/devices/").size() - kShot.size());
    } else if (exportPath) {
        const std::string_view rest = std::string_view(request.path).substr(kExport.size());
        const auto slash = rest.find('/');
        c.board = std::string(rest.substr(0, slash));
        c.file = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1));
    }
    if (!boardPath && found->signedIn && !c.session) {
        HttpAnswer a = redirect("/login");
        secure(a);
        admission.refusal = std::move(a);
        return admission;
    }
    if (found->only && c.session && c.session->role != *found->only) {
        admission.refusal = error(
            403, "forbidden",
            std::string(*found->only == AccountRole::It
                            ? tr(c.lang, {"Dit is voor IT; uw account mag dit niet.",
                                          "This is for IT; your account may not do it."})
                            : tr(c.lang, {"Dit is voor het secretariaat; uw account mag dit niet.",
                                          "This is for the secretariat; your account may not do it."})));
        return admission;
    }
    if (request.method == "POST" && !sameOrigin(request)) {
        admission.refusal =
            error(403, "forbidden", "Verzoek van een andere site geweigerd. / Cross-site request refused.");
        return admission;
    }
    admission.readBody = request.method == "POST";
    if (found->handler == &WebSite::upload) admission.bodyLimit = kUploadBytes;
    admission.context = call;
    return admission;
}

HttpAnswer WebSite::handle(const HttpRequest& request, const std::shared_ptr<void>& context) {
    const auto& [route, call] = *std::static_pointer_cast<std::pair<const Route*, Call>>(context);
    if (route->signedIn && request.method == "POST") {
        const auto form = formOf(request);
        if (!form || !sameSecret(web::field(*form, "csrf"), call.session->csrf))
            return error(
                403, "csrf",
                std::string(
                    tr(call.lang, {"Dit formulier is verlopen of niet van deze site. Laad de pagina opnieuw.",
                                   "This form has expired or is not from this site. Reload the page."})));
    }
    HttpAnswer a = (this->*(route->handler))(request, call);
    if (call.langChosen)
        a.headers.emplace_back("Set-Cookie", std::string(kLangCookie) + "=" +
                                                 std::string(web::langCode(call.lang)) +
                                                 "; Path=/; SameSite=Strict; Max-Age=31536000");
    secure(a);
    return a;
}

HttpAnswer WebSite::page(const Call& call, int status, const web::Page& p) {
    (void)call;
    return html(status, web::renderPage(p));
}

HttpAnswer WebSite::home(const HttpRequest& request, const Call& call) {
    const Lang lang = call.lang;
    web::Viewer viewer{call.session->account, std::string(roleName(call.session->role)), call.session->csrf};
    std::string main = "<h1>" + std::string(tr(lang, {"Borden", "Boards"})) + "</h1>";
    const auto boards = boardNames();
    if (boards.empty()) {
        main += "<p>" +
                std::string(tr(lang, {"Deze hub heeft nog geen borden.", "This hub has no boards yet."})) +
                "</p>";
    } else {
        main += R"(<ul class="boards">)";
        for (const auto& [id, name] : boards)
            main += "<li><a class=\"board-name\" href=\"/boards/" + escape(id) + "\">" + escape(name) +
                    "</a> <code>" + escape(id) + "</code></li>";
        main += "</ul>";
    }
    if (call.session->role == AccountRole::It)
        main += "<h2>IT</h2><ul><li><a href=\"/devices\">" +
                std::string(tr(lang, {"Apparaten: wie stil is, versie, outbox, fouten",
                                      "Devices: silent ones, version, outbox, errors"})) +
                "</a></li></ul>";
    if (call.session->role == AccountRole::Secretariaat) {
        main += "<h2>" + std::string(tr(lang, {"Secretariaat", "Secretariat"})) +
                "</h2><ul><li><a href=\"/links\">" +
                std::string(tr(lang, {"Kijklinks maken en intrekken", "Make and revoke viewing links"})) +
                "</a></li><li><a href=\"/upload\">" +
                std::string(tr(lang, {"Werkmap inlezen (proef, dan toepassen)",
                                      "Read in a workbook (dry run, then apply)"})) +
                "</a></li></ul>";
        for (const auto& [id, name] : boards)
            main += "<h3>" + std::string(tr(lang, {"Downloads: ", "Downloads: "})) + escape(name) + "</h3>" +
                    downloadsOf(id, lang);
    }
    web::Page p{lang, std::string(tr(lang, {"Borden", "Boards"})), main, &viewer, request.path, {}};
    return page(call, 200, p);
}

HttpAnswer WebSite::loginForm(const Call& call, int status, const std::string& name,
                              std::string_view problem) {
    const Lang lang = call.lang;
    const std::string pair = randomToken();
    std::string main =
        R"(<div class="card login"><h1>)" + std::string(tr(lang, {"Inloggen", "Log in"})) + "</h1>";
    if (!problem.empty()) main += R"(<p class="problem" role="alert">)" + escape(problem) + "</p>";
    main += R"(<form method="post" action="/login">)" + web::csrfField(pair);
    main +=
        R"(<label for="name">)" + std::string(tr(lang, {"Naam", "Name"})) +
        R"(</label><input id="name" name="name" autocomplete="username" autocapitalize="none" required value=")" +
        escape(name) + R"(">)";
    main +=
        R"(<label for="password">)" + std::string(tr(lang, {"Wachtwoord", "Password"})) +
        R"(</label><input id="password" name="password" type="password" autocomplete="current-password" required>)";
    main += R"(<button type="submit">)" + std::string(tr(lang, {"Inloggen", "Log in"})) + "</button></form>";
    main += R"(<p class="hint">)" +
            std::string(tr(lang, {"Een account krijgt u van wie de hub beheert.",
                                  "Your account comes from whoever runs the hub."})) +
            "</p></div>";
    web::Page p{lang, std::string(tr(lang, {"Inloggen", "Log in"})), main, nullptr, "/login", {}};
    HttpAnswer a = page(call, status, p);
    a.headers.emplace_back("Set-Cookie", setCookie(kLoginCookie, pair, 60L * 60));
    return a;
}

HttpAnswer WebSite::loginPage(const HttpRequest& /*request*/, const Call& call) {
    if (call.session) return redirect("/");
    return loginForm(call, 200, {}, {});
}

HttpAnswer WebSite::login(const HttpRequest& request, const Call& call) {
    const Lang lang = call.lang;
    const auto form = web::parseForm(request.body);
    const std::string pair = web::cookie(request.header("cookie"), kLoginCookie);
    if (!form || !sameSecret(web::field(*form, "csrf"), pair))
        return loginForm(call, 403, form ? web::field(*form, "name") : std::string(),
                         tr(lang, {"Dit formulier is verlopen. Probeer het nog eens.",
                                   "This form has expired. Please try again."}));
    const std::string name = web::field(*form, "name").substr(0, 64);
    const std::string password = web::field(*form, "password");
    if (const std::int64_t locked = m_throttle.lockedFor(name, request.remoteAddress); locked > 0) {
        const std::string text =
            lang == Lang::En
                ? "Too many attempts. Try again in " + minutesText(lang, locked) + "."
                : "Te veel pogingen. Probeer het over " + minutesText(lang, locked) + " opnieuw.";
        HttpAnswer a = loginForm(call, 429, name, text);
        a.headers.emplace_back("Retry-After", std::to_string(locked));
        return a;
    }
    const auto hash = m_accounts.passwordHash(name);
    const bool good = verifyPassword(hash ? *hash : m_dummyHash, password) && hash;
    if (!good) {
        m_throttle.failed(name, request.remoteAddress);
        return loginForm(call, 401, name,
                         tr(lang, {"Naam of wachtwoord klopt niet.", "Wrong name or password."}));
    }
    m_throttle.succeeded(name);
    const auto account = m_accounts.find(name);
    if (!account)
        return loginForm(call, 401, name,
                         tr(lang, {"Naam of wachtwoord klopt niet.", "Wrong name or password."}));
    if (passwordNeedsRehash(*hash)) m_accounts.setPassword(name, hashPassword(password));
    const auto opened = m_sessions.open(name, account->role, request.remoteAddress);
    HttpAnswer a = redirect("/");
    a.headers.emplace_back("Set-Cookie",
                           setCookie(kSessionCookie, opened.cookie, WebSessions::kLifetime.count()));
    a.headers.emplace_back("Set-Cookie", setCookie(kLoginCookie, "", 0));
    return a;
}

HttpAnswer WebSite::logout(const HttpRequest& /*request*/, const Call& call) {
    m_sessions.close(call.sessionCookie);
    HttpAnswer a = redirect("/login");
    a.headers.emplace_back("Set-Cookie", setCookie(kSessionCookie, "", 0));
    return a;
}

namespace {

HttpAnswer download(std::string bytes, const std::string& contentType, const std::string& name) {
    HttpAnswer a;
    a.body = std::make_shared<const std::string>(std::move(bytes));
    a.contentType = contentType;
    a.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    a.headers.emplace_back("Cache-Control", "no-store");
    return a;
}

/// A board's actions as a CSV table for Dutch Excel (the workbook's sheet Acties: its
/// columns, its headings; UTF-8 with a BOM, ';' between fields, CRLF).
std::string actionsCsv(const BoardData& board) {
    const workbook::Sheet* sheet = workbook::sheetOfKind("actions");
    const workbook::Table table = workbook::buildTable(*sheet, board);
    std::string out = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < sheet->columns.size(); ++i)
        out += (i > 0 ? ";" : "") + csvField(sheet->columns[i].heading);
    out += "\r\n";
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            std::string text;
            if (const auto* t = std::get_if<std::string>(&row[i])) text = *t;
            if (const auto* d = std::get_if<double>(&row[i]))
                text = std::to_string(static_cast<long long>(*d));
            out += (i > 0 ? ";" : "") + csvField(text);
        }
        out += "\r\n";
    }
    return out;
}

} // namespace

std::string WebSite::downloadsOf(const std::string& boardId, Lang lang) {
    const auto data = board(boardId);
    if (!data) return {};
    const std::string base = "/export/" + boardId + "/";
    std::string out =
        "<ul class=\"downloads\"><li><a href=\"" + escape(base) + "werkmap.xlsx\">" +
        std::string(tr(lang, {"Werkmap (.xlsx): het hele bord", "Workbook (.xlsx): the whole board"})) +
        "</a></li><li><a href=\"" + escape(base) + "acties.csv\">" +
        std::string(tr(lang, {"Actielijst (.csv)", "Action list (.csv)"})) + "</a></li>";
    for (const Meeting& m : data->meetings)
        out += "<li>" + std::string(tr(lang, {"Besluitenlijst ", "Decision list "})) + escape(m.title) +
               ": <a href=\"" + escape(base) + "besluitenlijst-" + escape(m.id) +
               ".pdf\">PDF</a>, <a href=\"" + escape(base) + "besluitenlijst-" + escape(m.id) +
               ".csv\">CSV</a></li>";
    return out + "</ul>";
}

HttpAnswer WebSite::exportFile(const HttpRequest& /*request*/, const Call& call) {
    const auto notFound = [&] {
        return error(404, "not_found",
                     std::string(tr(call.lang, {"Dit bestand bestaat niet.", "There is no such file."})));
    };
    if (!isValidId(call.board)) return notFound();
    const auto data = board(call.board);
    if (!data) return notFound();
    const std::string& file = call.file;
    if (file == "acties.csv")
        return download(actionsCsv(*data), "text/csv; charset=utf-8", call.board + "-acties.csv");
    if (file == "werkmap.xlsx") {
        // libxlsxwriter writes files: a private temporary one, read back and removed.
        const auto path = std::filesystem::temp_directory_path() / ("regiebord-" + randomToken() + ".xlsx");
        const std::string problem =
            workbook::writeWorkbook(workbook::buildWorkbook(*data, utcNow()), path.string());
        std::string bytes;
        if (problem.empty()) {
            std::ifstream in(path, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        if (!problem.empty() || bytes.empty())
            throw std::runtime_error("the workbook could not be made: " + problem);
        return download(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        call.board + ".xlsx");
    }
    constexpr std::string_view kList = "besluitenlijst-";
    const auto dot = file.rfind('.');
    if (file.rfind(kList, 0) != 0 || dot == std::string::npos || dot < kList.size()) return notFound();
    const std::string meeting = file.substr(kList.size(), dot - kList.size());
    const std::string extension = file.substr(dot + 1);
    if (!isValidId(meeting)) return notFound();
    const auto list = makeBesluitenlijst(*data, meeting);
    if (!list) return notFound();
    if (extension == "csv")
        return download(besluitenlijstCsv(*list), "text/csv; charset=utf-8",
                        "besluitenlijst-" + meeting + ".csv");
    if (extension != "pdf") return notFound();
    PdfResult pdf = besluitenlijstPdf(*list);
    if (!pdf.problem.empty())
        throw std::runtime_error("the besluitenlijst PDF could not be made: " + pdf.problem);
    return download(std::move(pdf.bytes), "application/pdf", "besluitenlijst-" + meeting + ".pdf");
}

std::optional<std::vector<std::pair<std::string, std::string>>> WebSite::formOf(const HttpRequest& request) {
    if (request.header("content-type").rfind("multipart/form-data", 0) == 0) {
        auto multipart = web::parseMultipart(request.header("content-type"), request.body);
        if (!multipart) return std::nullopt;
        return std::move(multipart->fields);
    }
    return web::parseForm(request.body);
}

HttpAnswer WebSite::uploadView(const Call& call, int status, const std::string& main) {
    web::Viewer viewer{call.session->account, std::string(roleName(call.session->role)), call.session->csrf};
    web::Page p{call.lang, std::string(tr(call.lang, {"Werkmap inlezen", "Read in a workbook"})),
                main,      &viewer,
                "/upload", {}};
    return html(status, web::renderPage(p));
}

std::string WebSite::uploadForm(const Call& call) {
    const Lang lang = call.lang;
    return R"(<form method="post" action="/upload" enctype="multipart/form-data" class="card">)" +
           web::csrfField(call.session->csrf) + R"(<label for="file">)" +
           std::string(tr(lang, {"Werkmap (.xlsx), tabel (.csv) of bordbestand (.json)",
                                 "Workbook (.xlsx), table (.csv) or board file (.json)"})) +
           R"(</label><input id="file" name="file" type="file" accept=".xlsx,.csv,.json" required><button type="submit">)" +
           std::string(tr(lang, {"Proef: laat zien wat er verandert", "Dry run: show what changes"})) +
           "</button></form>";
}

HttpAnswer WebSite::uploadPage(const HttpRequest& /*request*/, const Call& call) {
    const Lang lang = call.lang;
    std::string main =
        "<h1>" + std::string(tr(lang, {"Werkmap inlezen", "Read in a workbook"})) + "</h1><p>" +
        std::string(tr(lang, {"Eerst een proef: de hub laat zien wat er verandert en verandert nog niets. "
                              "Daarna past u het toe, of niet.",
                              "First a dry run: the hub shows what changes and changes nothing yet. "
                              "Then you apply it, or not."})) +
        "</p>" + uploadForm(call);
    return uploadView(call, 200, main);
}

namespace {

std::string problemList(const std::vector<std::string>& lines) {
    std::string out = "<ul class=\"problems\">";
    for (const auto& line : lines)
        out += "<li>" + escape(line) + "</li>";
    return out + "</ul>";
}

/// The diff as the import reports it ("Afspraken: +1 ~2 -0" headings, "~ pa-01: Doel: 1200 → 1300" lines).
std::string diffList(const std::string& details) {
    std::string out = "<div class=\"diff\">";
    std::size_t at = 0;
    bool open = false;
    while (at < details.size()) {
        const auto end = details.find('\n', at);
        const std::string line = details.substr(at, end == std::string::npos ? std::string::npos : end - at);
        at = end == std::string::npos ? details.size() : end + 1;
        if (line.empty()) continue;
        const bool item = line.rfind("  ", 0) == 0;
        if (line.rfind("Ongewijzigd:", 0) == 0 || line.rfind("Totaal:", 0) == 0) {
            if (open) out += "</ul>";
            open = false;
            out += "<p>" + escape(line) + "</p>";
        } else if (!item) {
            if (open) out += "</ul>";
            out += "<h3>" + escape(line) + "</h3><ul>";
            open = true;
        } else {
            const std::string text = line.substr(2);
            const char* kind = text.rfind("+ ", 0) == 0   ? "added"
                               : text.rfind("- ", 0) == 0 ? "removed"
                                                          : "changed";
            if (!open) {
                out += "<ul>";
                open = true;
            }
            out += "<li class=\"" + std::string(kind) + "\">" + escape(text) + "</li>";
        }
    }
    if (open) out += "</ul>";
    return out + "</div>";
}

} // namespace

HttpAnswer WebSite::upload(const HttpRequest& request, const Call& call) {
    const Lang lang = call.lang;
    const auto form = web::parseMultipart(request.header("content-type"), request.body);
    if (!form || form->files.size() != 1 || form->files.front().bytes.empty())
        return uploadView(
            call, 422,
            "<h1>" + std::string(tr(lang, {"Werkmap inlezen", "Read in a workbook"})) +
                "</h1><p class=\"problem\" role=\"alert\">" +
                std::string(tr(lang, {"Kies een bestand om in te lezen.", "Choose a file to read in."})) +
                "</p>" + uploadForm(call));
    const web::FormFile& file = form->files.front();
    ImportOptions options;
    options.file = file.filename.empty() ? "upload.xlsx" : file.filename;
    options.dryRun = true;
    options.by = call.session->account;
    const ImportRun run = runImport(m_store, options, file.bytes);
    std::string main =
        "<h1>" + std::string(tr(lang, {"Proef: ", "Dry run: "})) + escape(options.file) + "</h1>";
    if (run.record.outcome == "refused") {
        main += "<p class=\"problem\" role=\"alert\">" +
                std::string(tr(lang, {"Dit bestand kan de hub niet inlezen; er is niets veranderd:",
                                      "The hub cannot read in this file; nothing changed:"})) +
                "</p>" + problemList(run.problems) + uploadForm(call);
        return uploadView(call, 422, main);
    }
    const std::string id = randomToken().substr(0, 16);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    m_store.pool().write([&](SqlConnection& c) {
        c.run("DELETE FROM upload WHERE created_at < ?1", {now - kUploadSeconds}); // an hour to decide
        c.run("INSERT INTO upload(id, account, file, content, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
              {id, call.session->account, options.file, toBase64(file.bytes), now});
    });
    main += "<p>" + std::string(tr(lang, {"Bord ", "Board "})) + "<strong>" + escape(run.record.boardId) +
            "</strong>: " + std::to_string(run.record.added) + std::string(tr(lang, {" nieuw, ", " new, "})) +
            std::to_string(run.record.changed) + std::string(tr(lang, {" gewijzigd, ", " changed, "})) +
            std::to_string(run.record.removed) + std::string(tr(lang, {" verwijderd. ", " removed. "})) +
            std::string(tr(lang, {"Er is nog niets veranderd.", "Nothing has changed yet."})) + "</p>";
    main += run.unchanged ? "<p>" + std::string(tr(lang, {"Geen wijzigingen.", "No changes."})) + "</p>"
                          : diffList(run.record.details);
    main += R"(<form method="post" action="/upload/apply" class="card">)" +
            web::csrfField(call.session->csrf) + R"(<input type="hidden" name="upload" value=")" +
            escape(id) + R"("><button type="submit">)" + std::string(tr(lang, {"Toepassen", "Apply"})) +
            "</button> <a href=\"/upload\">" + std::string(tr(lang, {"Niet toepassen", "Do not apply"})) +
            "</a></form>";
    return uploadView(call, 200, main);
}

HttpAnswer WebSite::applyUpload(const HttpRequest& request, const Call& call) {
    const Lang lang = call.lang;
    const auto form = web::parseForm(request.body);
    const std::string id = form ? web::field(*form, "upload") : std::string();
    std::optional<std::pair<std::string, std::string>> stored; // file, content
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    m_store.pool().read([&](SqlConnection& c) {
        auto rows = c.query("SELECT file, content FROM upload WHERE id = ?1 AND created_at >= ?2",
                            {id, now - kUploadSeconds});
        if (rows->next()) stored.emplace(rows->text(0), rows->text(1));
    });
    const auto bytes = stored ? fromBase64(stored->second) : std::nullopt;
    if (!bytes)
        return uploadView(
            call, 404,
            "<h1>" + std::string(tr(lang, {"Werkmap inlezen", "Read in a workbook"})) +
                "</h1><p class=\"problem\" role=\"alert\">" +
                std::string(tr(lang, {"Deze proef is verlopen of al toegepast. Lees het bestand opnieuw in.",
                                      "This dry run has expired or was applied. Read the file in again."})) +
                "</p>" + uploadForm(call));
    ImportOptions options;
    options.file = stored->first;
    options.by = call.session->account;
    const ImportRun run = runImport(m_store, options, *bytes);
    m_store.pool().write([&](SqlConnection& c) { c.run("DELETE FROM upload WHERE id = ?1", {id}); });
    std::string main = "<h1>" + escape(options.file) + "</h1>";
    if (run.record.outcome != "applied") {
        main += "<p class=\"problem\" role=\"alert\">" +
                std::string(tr(lang, {"De hub weigert het nu; er is niets veranderd:",
                                      "The hub refuses it now; nothing changed:"})) +
                "</p>" + problemList(run.problems) + uploadForm(call);
        return uploadView(call, 409, main);
    }
    m_audit.record(call.session->account, "import.apply", run.record.boardId,
                   options.file + " (+" + std::to_string(run.record.added) + " ~" +
                       std::to_string(run.record.changed) + " -" + std::to_string(run.record.removed) +
                       ", seq " + std::to_string(run.record.seq) + ")");
    main += "<p class=\"done\" role=\"status\">" +
            std::string(tr(lang, {"Ingelezen in bord ", "Read into board "})) + escape(run.record.boardId) +
            std::string(tr(lang, {", versie ", ", version "})) + std::to_string(run.record.seq) + ". " +
            std::string(tr(lang, {"Alle kiosks en browsers van het bord volgen.",
                                  "Every kiosk and browser of the board follows."})) +
            "</p><p><a href=\"/boards/" + escape(run.record.boardId) + "\">" +
            std::string(tr(lang, {"Naar het bord", "To the board"})) + "</a></p>";
    return uploadView(call, 200, main);
}

HttpAnswer WebSite::devicesView(const Call& call, int status, const std::string& problem) {
    const Lang lang = call.lang;
    struct Row {
        const Device* device;
        bool silent;
        nlohmann::json heartbeat;
    };
    const auto devices = m_store.devices();
    const auto now = std::chrono::system_clock::now();
    std::vector<Row> rows;
    for (const Device& d : devices) {
        const auto seen = parseTimestamp(d.lastSeenAt);
        const bool silent =
            d.revokedAt.empty() && (!seen || now - *seen > std::chrono::seconds(m_silentAfterSeconds));
        rows.push_back(
            {&d, silent, nlohmann::json::parse(d.heartbeat.empty() ? "{}" : d.heartbeat, nullptr, false)});
    }
    // The silent ones first (someone should look), then the working, the disconnected last.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        const auto rank = [](const Row& r) { return r.silent ? 0 : r.device->revokedAt.empty() ? 1 : 2; };
        return rank(a) < rank(b);
    });
    std::size_t silent = 0;
    for (const Row& r : rows)
        silent += r.silent ? 1 : 0;
    std::string main = "<h1>" + std::string(tr(lang, {"Apparaten", "Devices"})) + "</h1><p>" +
                       std::to_string(rows.size()) + std::string(tr(lang, {" apparaten, ", " devices, "})) +
                       std::to_string(silent) +
                       std::string(tr(lang, {" stil (langer dan ", " silent (longer than "})) +
                       std::to_string(m_silentAfterSeconds) + " s)." + "</p>";
    if (!problem.empty()) main += R"(<p class="problem" role="alert">)" + escape(problem) + "</p>";
    const auto text = [](const nlohmann::json& hb, const char* key) {
        if (!hb.is_object() || !hb.contains(key) || hb[key].is_null()) return std::string("-");
        return hb[key].is_string() ? hb[key].get<std::string>() : jsonText(hb[key]);
    };
    main += "<table class=\"wide devices\"><thead><tr>";
    for (const Text& h :
         {Text{"Apparaat", "Device"}, Text{"Staat", "State"}, Text{"Laatst gezien", "Last seen"},
          Text{"Versie", "Version"}, Text{"Gegevens", "Data age"}, Text{"Outbox", "Outbox"},
          Text{"Laatste fout", "Last error"}, Text{"Scherm", "Screen"}, Text{"Beheer", "Manage"}})
        main += "<th scope=\"col\">" + std::string(tr(lang, h)) + "</th>";
    main += "</tr></thead><tbody>";
    for (const Row& r : rows) {
        const Device& d = *r.device;
        const std::string state =
            !d.revokedAt.empty() ? badge("action", "vervallen", tr(lang, {"Losgekoppeld", "Disconnected"}))
            : r.silent           ? badge("severity", "kritiek", tr(lang, {"Stil", "Silent"}))
                                 : badge("status", "op-koers", tr(lang, {"Werkt", "Working"}));
        std::string age = text(r.heartbeat, "data_age_seconds");
        if (age != "-" && age != "-1") age += " s";
        main += "<tr><th scope=\"row\">" + escape(d.name) + "<br><code>" + escape(d.boardId) +
                "</code></th><td>" + state;
        if (!d.lostOutbox.empty())
            main += "<br>" + badge("severity", "hoog", tr(lang, {"Outbox verloren", "Outbox lost"})) + " " +
                    escape(d.lostOutbox);
        main += "</td><td>" + escape(d.lastSeenAt.empty() ? "-" : d.lastSeenAt) + "</td><td>" +
                escape(text(r.heartbeat, "version")) + "</td><td>" + escape(age) + "</td><td>" +
                escape(text(r.heartbeat, "outbox_depth")) + "</td><td>" +
                escape(text(r.heartbeat, "last_error")) + "</td><td>";
        const auto picture = m_screenshots.latest(d.id);
        if (picture)
            main += "<a href=\"/devices/" + escape(d.id) +
                    "/screenshot.png\"><img class=\"screen\" src=\"/devices/" + escape(d.id) +
                    "/screenshot.png?at=" + escape(picture->takenAt) + "\" alt=\"" +
                    std::string(tr(lang, {"Het scherm van ", "The screen of "})) + escape(d.name) + ", " +
                    escape(picture->takenAt) + "\" width=\"240\"></a><br><span class=\"when\">" +
                    escape(picture->takenAt) + "</span>";
        if (d.revokedAt.empty())
            main += R"(<form method="post" action="/devices/ask-screenshot" class="manage">)" +
                    web::csrfField(call.session->csrf) + R"(<input type="hidden" name="name" value=")" +
                    escape(d.name) + R"("><button type="submit" class="ask" aria-label=")" +
                    std::string(tr(lang, {"Schermafdruk vragen van ", "Ask for a screenshot of "})) +
                    escape(d.name) + "\">" +
                    std::string(tr(lang, {"Schermafdruk vragen", "Ask for a screenshot"})) +
                    "</button></form>";
        main += "</td><td>";
        if (d.revokedAt.empty()) {
            const std::string id = "rename-" + escape(d.id);
            main += R"(<form method="post" action="/devices/rename" class="manage">)" +
                    web::csrfField(call.session->csrf) + R"(<input type="hidden" name="name" value=")" +
                    escape(d.name) + R"("><label for=")" + id + "\">" +
                    std::string(tr(lang, {"Nieuwe naam", "New name"})) + "</label><input id=\"" + id +
                    R"(" name="new" required maxlength="64"><button type="submit">)" +
                    std::string(tr(lang, {"Hernoemen", "Rename"})) + "</button></form>" +
                    R"(<form method="post" action="/devices/revoke" class="manage">)" +
                    web::csrfField(call.session->csrf) + R"(<input type="hidden" name="name" value=")" +
                    escape(d.name) + R"("><button type="submit" aria-label=")" +
                    std::string(tr(lang, {"Loskoppelen: ", "Disconnect: "})) + escape(d.name) + "\">" +
                    std::string(tr(lang, {"Loskoppelen", "Disconnect"})) + "</button></form>";
        } else {
            main += escape(d.revokedAt);
        }
        main += "</td></tr>";
    }
    main += "</tbody></table>";
    web::Viewer viewer{call.session->account, std::string(roleName(call.session->role)), call.session->csrf};
    web::Page p{lang, std::string(tr(lang, {"Apparaten", "Devices"})), main, &viewer, "/devices", {}};
    return html(status, web::renderPage(p));
}

HttpAnswer WebSite::devicePicture(const HttpRequest& /*request*/, const Call& call) {
    auto picture = isValidId(call.file) ? m_screenshots.latest(call.file) : std::nullopt;
    if (!picture)
        return error(404, "not_found",
                     std::string(tr(call.lang, {"Van dit apparaat is er geen schermafdruk.",
                                                "There is no screenshot of this device."})));
    HttpAnswer a;
    a.body = std::make_shared<const std::string>(std::move(picture->png));
    a.contentType = "image/png";
    a.headers.emplace_back("Cache-Control", "no-store");
    return a;
}

HttpAnswer WebSite::askScreenshot(const HttpRequest& request, const Call& call) {
    const auto form = web::parseForm(request.body);
    const auto device = m_store.deviceByName(form ? web::field(*form, "name") : std::string());
    if (!device || !device->revokedAt.empty())
        return devicesView(
            call, 404,
            std::string(tr(call.lang, {"Dat apparaat bestaat niet.", "There is no such device."})));
    m_screenshots.request(device->id);
    return redirect("/devices");
}

HttpAnswer WebSite::devicesPage(const HttpRequest& /*request*/, const Call& call) {
    return devicesView(call, 200, {});
}

HttpAnswer WebSite::renameDevice(const HttpRequest& request, const Call& call) {
    const auto form = web::parseForm(request.body);
    const std::string name = form ? web::field(*form, "name") : std::string();
    const std::string newName = form ? web::field(*form, "new") : std::string();
    if (newName.empty() || newName.size() > 64 || !isValidId(newName))
        return devicesView(
            call, 422,
            std::string(
                tr(call.lang, {"Een naam is 1 tot 64 kleine letters, cijfers en '-', zoals raadzaal-1.",
                               "A name is 1 to 64 lower-case letters, digits and '-', like raadzaal-1."})));
    switch (m_store.renameDevice(name, newName)) {
    case DeviceChange::Done:
        break;
    case DeviceChange::NameTaken:
        return devicesView(call, 409,
                           std::string(tr(call.lang, {"Die naam heeft al een ander apparaat.",
                                                      "Another device has that name."})));
    default:
        return devicesView(
            call, 404,
            std::string(tr(call.lang, {"Dat apparaat bestaat niet.", "There is no such device."})));
    }
    m_audit.record(call.session->account, "device.rename", {}, name + " -> " + newName);
    return redirect("/devices");
}

HttpAnswer WebSite::revokeDevice(const HttpRequest& request, const Call& call) {
    const auto form = web::parseForm(request.body);
    const std::string name = form ? web::field(*form, "name") : std::string();
    if (!form || web::field(*form, "confirm") != "ja") {
        // Disconnecting cannot be undone (the device needs a new token): asked once more.
        const Lang lang = call.lang;
        std::string main =
            "<h1>" + std::string(tr(lang, {"Apparaat loskoppelen?", "Disconnect the device?"})) + "</h1><p>" +
            std::string(tr(lang, {"Na het loskoppelen weigert de hub het token van ",
                                  "After disconnecting, the hub refuses the token of "})) +
            "<strong>" + escape(name) + "</strong>" +
            std::string(tr(lang, {" meteen. Het scherm houdt zijn laatste stand en zegt wie het moet "
                                  "bellen; weer aansluiten kan alleen met een nieuw token.",
                                  " at once. The screen keeps its last state and says whom to call; "
                                  "connecting it again needs a new token."})) +
            R"(</p><form method="post" action="/devices/revoke" class="card">)" +
            web::csrfField(call.session->csrf) + R"(<input type="hidden" name="name" value=")" +
            escape(name) + R"("><input type="hidden" name="confirm" value="ja"><button type="submit">)" +
            std::string(tr(lang, {"Ja, loskoppelen", "Yes, disconnect"})) +
            "</button> <a href=\"/devices\">" + std::string(tr(lang, {"Nee, terug", "No, back"})) +
            "</a></form>";
        web::Viewer viewer{call.session->account, std::string(roleName(call.session->role)),
                           call.session->csrf};
        web::Page p{lang,       std::string(tr(lang, {"Apparaat loskoppelen?", "Disconnect the device?"})),
                    main,       &viewer,
                    "/devices", {}};
        return html(200, web::renderPage(p));
    }
    if (m_store.revokeDevice(name) != DeviceChange::Done)
        return devicesView(
            call, 404,
            std::string(tr(call.lang, {"Dat apparaat bestaat niet.", "There is no such device."})));
    m_audit.record(call.session->account, "device.revoke", {}, name);
    return redirect("/devices");
}

std::vector<std::pair<std::string, std::string>> WebSite::boardNames() {
    std::vector<std::pair<std::string, std::string>> boards;
    m_store.pool().read([&](SqlConnection& c) {
        auto rows = c.query("SELECT id, header FROM board ORDER BY id");
        while (rows->next()) {
            std::string name = rows->text(0);
            const auto header = nlohmann::json::parse(rows->text(1), nullptr, false);
            if (header.is_object() && header.contains("name") && header["name"].is_string())
                name = header["name"].get<std::string>();
            boards.emplace_back(rows->text(0), name);
        }
    });
    return boards;
}

HttpAnswer WebSite::linksView(const HttpRequest& request, const Call& call, int status,
                              const std::string& made, const std::string& problem) {
    const Lang lang = call.lang;
    const auto boards = boardNames();
    std::string main =
        "<h1>" + std::string(tr(lang, {"Kijklinks", "Viewing links"})) + "</h1><p>" +
        std::string(tr(lang, {"Met een kijklink ziet iemand zonder account de live weergave van één bord. "
                              "Intrekken werkt meteen.",
                              "A viewing link shows one board's live view to someone without an "
                              "account. Revoking works at once."})) +
        "</p>";
    if (!made.empty())
        main += R"(<div class="card made" role="status"><p><strong>)" +
                std::string(tr(lang, {"Nieuwe kijklink:", "New viewing link:"})) +
                R"(</strong></p><p><code class="link">)" + escape(made) + "</code></p><p>" +
                std::string(tr(lang, {"Kopieer hem nu: de hub toont hem maar één keer.",
                                      "Copy it now: the hub shows it only once."})) +
                "</p></div>";
    if (!problem.empty()) main += R"(<p class="problem" role="alert">)" + escape(problem) + "</p>";
    main += R"(<form method="post" action="/links" class="card">)" + web::csrfField(call.session->csrf) +
            "<h2>" + std::string(tr(lang, {"Nieuwe kijklink", "New viewing link"})) +
            R"(</h2><label for="board">)" + std::string(tr(lang, {"Bord", "Board"})) +
            R"(</label><select id="board" name="board">)";
    for (const auto& [id, name] : boards)
        main += "<option value=\"" + escape(id) + "\">" + escape(name) + "</option>";
    main += R"(</select><label for="label">)" + std::string(tr(lang, {"Voor wie", "For whom"})) +
            R"(</label><input id="label" name="label" required maxlength="200"><button type="submit">)" +
            std::string(tr(lang, {"Link maken", "Make link"})) + "</button></form>";
    const auto links = m_links.list();
    main += "<h2>" + std::string(tr(lang, {"Alle kijklinks", "All viewing links"})) + "</h2>";
    if (links.empty()) {
        main += "<p>" + std::string(tr(lang, {"Nog geen kijklinks.", "No viewing links yet."})) + "</p>";
    } else {
        main += "<table class=\"wide\"><thead><tr>";
        for (const Text& h : {Text{"Voor wie", "For whom"}, Text{"Bord", "Board"}, Text{"Gemaakt", "Made"},
                              Text{"Laatst gebruikt", "Last used"}, Text{"Status", "Status"}})
            main += "<th scope=\"col\">" + std::string(tr(lang, h)) + "</th>";
        main += "</tr></thead><tbody>";
        for (const ViewingLink& l : links) {
            main += "<tr><th scope=\"row\">" + escape(l.label) + " <code>" + escape(l.id) +
                    "</code></th><td>" + escape(l.board) + "</td><td>" + escape(l.createdAt) + " · " +
                    escape(l.createdBy) + "</td><td>" + escape(l.lastUsedAt.empty() ? "-" : l.lastUsedAt) +
                    "</td><td>";
            if (l.revokedAt.empty())
                main += R"(<form method="post" action="/links/revoke" class="inline">)" +
                        web::csrfField(call.session->csrf) + R"(<input type="hidden" name="id" value=")" +
                        escape(l.id) + R"("><button type="submit" aria-label=")" +
                        std::string(tr(lang, {"Intrekken: ", "Revoke: "})) + escape(l.label) + "\">" +
                        std::string(tr(lang, {"Intrekken", "Revoke"})) + "</button></form>";
            else
                main += std::string(tr(lang, {"ingetrokken ", "revoked "})) + escape(l.revokedAt);
            main += "</td></tr>";
        }
        main += "</tbody></table>";
    }
    web::Viewer viewer{call.session->account, std::string(roleName(call.session->role)), call.session->csrf};
    web::Page p{lang, std::string(tr(lang, {"Kijklinks", "Viewing links"})), main, &viewer, "/links", {}};
    (void)request;
    return html(status, web::renderPage(p));
}

HttpAnswer WebSite::linksPage(const HttpRequest& request, const Call& call) {
    return linksView(request, call, 200, {}, {});
}

HttpAnswer WebSite::addLink(const HttpRequest& request, const Call& call) {
    const auto form = web::parseForm(request.body);
    const std::string board = form ? web::field(*form, "board") : std::string();
    const std::string label = form ? web::field(*form, "label") : std::string();
    if (!isValidId(board) || !m_store.hasBoard(board))
        return linksView(request, call, 422, {},
                         std::string(tr(call.lang, {"Kies een bord.", "Choose a board."})));
    if (label.empty() || label.size() > 200)
        return linksView(request, call, 422, {},
                         std::string(tr(call.lang, {"Zeg voor wie de link is (hoogstens 200 tekens).",
                                                    "Say whom the link is for (at most 200 characters)."})));
    const auto made = m_links.add(board, label, call.session->account);
    m_audit.record(call.session->account, "link.add", board, made.link.id + " (" + label + ")");
    // The address as the browser reached the hub (TLS at the hub or at a proxy in front: https).
    const std::string host = request.header("host");
    const bool local = host.rfind("localhost", 0) == 0 || host.rfind("127.", 0) == 0;
    return linksView(request, call, 201, (local ? "http://" : "https://") + host + "/v/" + made.token, {});
}

HttpAnswer WebSite::revokeLink(const HttpRequest& request, const Call& call) {
    const auto form = web::parseForm(request.body);
    const std::string id = form ? web::field(*form, "id") : std::string();
    if (id.empty() || !m_links.revoke(id))
        return linksView(
            request, call, 404, {},
            std::string(tr(call.lang, {"Die kijklink bestaat niet.", "There is no such viewing link."})));
    m_audit.record(call.session->account, "link.revoke", {}, id);
    return redirect("/links");
}

std::optional<HttpAnswer> WebSite::admitBoard(const HttpRequest& request, Call& call) {
    const bool byLink = request.path.rfind(kLink, 0) == 0;
    std::string_view rest = std::string_view(request.path).substr(byLink ? kLink.size() : kBoards.size());
    const auto slash = rest.find('/');
    const std::string key(rest.substr(0, slash));
    const std::string_view segment =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    const auto tab = web::boardTabOf(segment);
    if (byLink) {
        const auto board = m_links.boardOf(key);
        if (!board)
            return error(
                404, "not_found",
                std::string(tr(call.lang,
                               {"Deze link werkt niet (meer). Vraag het secretariaat om een nieuwe.",
                                "This link does not work (any more). Ask the secretariat for a new one."})));
        call.board = *board;
        call.base = std::string(kLink) + key;
    } else {
        if (!call.session) return redirect("/login");
        if (!isValidId(key) || !m_store.hasBoard(key))
            return error(404, "not_found",
                         std::string(tr(call.lang, {"Dit bord bestaat niet.", "There is no such board."})));
        call.board = key;
        call.base = std::string(kBoards) + key;
    }
    if (!tab) return error(404, "not_found", "Niet gevonden. / Not found.");
    call.tab = *tab;
    return std::nullopt;
}

std::shared_ptr<const BoardData> WebSite::board(const std::string& boardId) {
    const auto snapshot = m_store.snapshot(boardId);
    if (!snapshot) return nullptr;
    {
        const std::lock_guard lock(m_boardsMutex);
        const auto it = m_boards.find(boardId);
        if (it != m_boards.end() && it->second->seq == snapshot->seq()) return it->second;
    }
    auto parsed = parseBoard(snapshot->text(), DocumentKind::Snapshot);
    if (!parsed)
        throw std::runtime_error("board " + boardId + " is not readable: " + parsed.error().describe());
    auto shared = std::make_shared<const BoardData>(std::move(parsed).value());
    const std::lock_guard lock(m_boardsMutex);
    m_boards[boardId] = shared;
    return shared;
}

HttpAnswer WebSite::boardPage(const HttpRequest& request, const Call& call) {
    const auto now = std::chrono::system_clock::now();
    const bool part = queryValue(request.query, "part") == "main";
    // What else than the board changes a page: the language, and the hour (a meeting comes into
    // session, an action becomes overdue).
    const auto hour = std::chrono::floor<std::chrono::hours>(now).time_since_epoch().count();
    const auto etagOf = [&](std::int64_t seq) {
        return "\"" + std::to_string(seq) + "-" + std::string(web::langCode(call.lang)) + "-" +
               std::to_string(hour) + (part ? "-m" : "") + "\"";
    };
    if (const std::int64_t seq = m_store.seq(call.board);
        seq >= 0 && request.header("if-none-match") == etagOf(seq)) {
        HttpAnswer a;
        a.status = 304;
        a.body = std::make_shared<const std::string>();
        a.headers.emplace_back("ETag", etagOf(seq));
        return a;
    }
    const auto data = board(call.board);
    if (!data)
        return error(404, "not_found",
                     std::string(tr(call.lang, {"Dit bord bestaat niet.", "There is no such board."})));
    const web::BoardPage page{call.tab, call.lang, call.base, now};
    // The main part is made once per board sequence, hour, tab, language and address, and
    // shared: when the board changes, every open page of it asks within the same second.
    const std::string key = call.base + "|" + std::string(web::boardTabSegment(call.tab)) + "|" +
                            std::string(web::langCode(call.lang)) + "|" + std::to_string(hour) + "|" +
                            std::to_string(data->seq);
    std::shared_ptr<const std::string> main;
    {
        const std::lock_guard lock(m_boardsMutex);
        if (const auto it = m_parts.find(key); it != m_parts.end()) main = it->second;
    }
    if (!main) {
        main = std::make_shared<const std::string>(web::boardMain(*data, page));
        const std::lock_guard lock(m_boardsMutex);
        if (m_parts.size() >= 512) m_parts.clear(); // a bound, not an LRU: they are cheap to make again
        m_parts.emplace(key, main);
    }
    HttpAnswer a;
    if (part) {
        a.status = 200;
        a.body = main;
        a.contentType = "text/html; charset=utf-8";
        a.headers.emplace_back("Cache-Control", "no-store");
    } else {
        std::optional<web::Viewer> viewer;
        if (call.session)
            viewer = web::Viewer{call.session->account, std::string(roleName(call.session->role)),
                                 call.session->csrf};
        web::Page p{call.lang,    web::boardTitle(*data, page),
                    *main,        viewer ? &*viewer : nullptr,
                    request.path, etagOf(data->seq)};
        a = html(200, web::renderPage(p, "regiebord.js"));
    }
    a.headers.emplace_back("ETag", etagOf(data->seq));
    return a;
}

} // namespace regiebord::hub
