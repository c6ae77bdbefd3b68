// The web side's login against the real hub process (SQLite, and PostgreSQL in the
// postgres variant): the HTTP underneath the pages that tests/web drives in Chromium.
// Here at the level of requests: status codes, cookies, headers, and the store's part.

#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/fixtures.hpp"
#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <string>

using namespace regiebord;
using namespace regiebord::test;

namespace {

const std::string kPassword = "secretariaat-wachtwoord-1";

/// The value a Set-Cookie header of the answer gives the cookie ("" when none does).
std::string setCookieValue(const httplib::Result& r, const std::string& name) {
    const auto count = r->get_header_value_count("Set-Cookie");
    for (std::size_t i = 0; i < count; ++i) {
        const std::string c = r->get_header_value("Set-Cookie", i);
        if (c.rfind(name + "=", 0) == 0) return c.substr(name.size() + 1, c.find(';') - name.size() - 1);
    }
    return {};
}

std::string hiddenCsrf(const std::string& html) {
    const std::string marker = R"(name="csrf" value=")";
    const auto at = html.find(marker);
    if (at == std::string::npos) return {};
    const auto from = at + marker.size();
    return html.substr(from, html.find('"', from) - from);
}

struct LoginTry {
    int status = 0;
    std::string session;
    std::string body;
};

LoginTry logIn(httplib::Client& client, const std::string& name, const std::string& password) {
    auto page = client.Get("/login");
    REQUIRE(page);
    const std::string pair = setCookieValue(page, "__Host-regiebord-login");
    REQUIRE(!pair.empty());
    REQUIRE(hiddenCsrf(page->body) == pair);
    httplib::Params form{{"csrf", pair}, {"name", name}, {"password", password}};
    auto r = client.Post("/login", {{"Cookie", "__Host-regiebord-login=" + pair}}, form);
    REQUIRE(r);
    return {r->status, setCookieValue(r, "__Host-regiebord"), r->body};
}

/// A hub on loopback (SQLite, or PostgreSQL in the postgres variant) and a client for its web
/// side; accounts made as IT makes them, on the shell.
struct WebHub {
    TempDir dir;
    HubProcess hub{dir.path()};
    httplib::Client client{"127.0.0.1", hub.port()};
    /// `user add NAME --role ROLE`, the password kPassword.
    void addUser(const std::string& name, const std::string& role) {
        writeFile(dir.path() + "/pw", kPassword + "\n");
        REQUIRE(hub.command({"user", "add", name, "--role", role, "--password-file", dir.path() + "/pw"}) ==
                0);
    }
    /// The Cookie header of a new session of this account.
    httplib::Headers signedIn(const std::string& name) {
        const auto tried = logIn(client, name, kPassword);
        REQUIRE(tried.status == 303);
        return {{"Cookie", "__Host-regiebord=" + tried.session}};
    }
};

} // namespace

TEST_CASE("web: a login opens a session the hub keeps; logout and a missing CSRF token as the issue asks",
          "[hub][web]") {
    WebHub web;
    web.addUser("secretaris", "secretariaat");
    auto& hub = web.hub;
    auto& client = web.client;

    // The API is where it was; everything else is the web side, with its headers.
    auto health = client.Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->get_header_value("Content-Type") == "application/json");
    auto missing = client.Get("/nergens");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(missing->get_header_value("Content-Security-Policy").find("script-src 'self'") !=
          std::string::npos);
    auto start = client.Get("/");
    REQUIRE(start);
    CHECK(start->status == 303);
    CHECK(start->get_header_value("Location") == "/login");

    const auto wrong = logIn(client, "secretaris", "niet het goede wachtwoord");
    CHECK(wrong.status == 401);
    CHECK(wrong.session.empty());
    CHECK(wrong.body.find("Naam of wachtwoord klopt niet.") != std::string::npos);
    const auto unknown = logIn(client, "niemand", kPassword);
    CHECK(unknown.status == 401);
    CHECK(unknown.body.find("Naam of wachtwoord klopt niet.") != std::string::npos); // the same sentence

    // Without the login form's cookie pair: refused.
    httplib::Params forged{{"csrf", "x"}, {"name", "secretaris"}, {"password", kPassword}};
    auto noPair = client.Post("/login", forged);
    REQUIRE(noPair);
    CHECK(noPair->status == 403);

    const auto good = logIn(client, "secretaris", kPassword);
    CHECK(good.status == 303);
    REQUIRE(good.session.size() == 43);
    const httplib::Headers session{{"Cookie", "__Host-regiebord=" + good.session}};
    auto home = client.Get("/", session);
    REQUIRE(home);
    CHECK(home->status == 200);
    CHECK(home->body.find("Stuurgroep Wonen Regio Voorbeeldland (demo)") != std::string::npos);
    const std::string csrf = hiddenCsrf(home->body);
    REQUIRE(csrf.size() == 43);

    // A POST without its token, with another, or from another site: 403, the session stays.
    auto noToken = client.Post("/logout", session, httplib::Params{});
    REQUIRE(noToken);
    CHECK(noToken->status == 403);
    httplib::Headers crossSite = session;
    crossSite.emplace("Origin", "https://elders.example");
    auto fromElsewhere = client.Post("/logout", crossSite, httplib::Params{{"csrf", csrf}});
    REQUIRE(fromElsewhere);
    CHECK(fromElsewhere->status == 403);
    CHECK(client.Get("/", session)->status == 200);

    auto out = client.Post("/logout", session, httplib::Params{{"csrf", csrf}});
    REQUIRE(out);
    CHECK(out->status == 303);
    CHECK(client.Get("/", session)->status == 303); // the session is gone on the hub

    // Removing the account ends its sessions at once.
    const auto again = logIn(client, "secretaris", kPassword);
    REQUIRE(again.status == 303);
    REQUIRE(hub.command({"user", "remove", "secretaris"}) == 0);
    CHECK(client.Get("/", {{"Cookie", "__Host-regiebord=" + again.session}})->status == 303);
}

TEST_CASE("web: the fifth wrong password locks the name on every hub of the store, with Retry-After",
          "[hub][web]") {
    WebHub web;
    web.addUser("kijker", "kijker");
    auto& hub = web.hub;
    auto& client = web.client;
    for (int i = 0; i < 5; ++i)
        CHECK(logIn(client, "kijker", "fout wachtwoord " + std::to_string(i)).status == 401);
    auto page = client.Get("/login");
    REQUIRE(page);
    const std::string pair = setCookieValue(page, "__Host-regiebord-login");
    auto locked = client.Post("/login", {{"Cookie", "__Host-regiebord-login=" + pair}},
                              httplib::Params{{"csrf", pair}, {"name", "kijker"}, {"password", kPassword}});
    REQUIRE(locked);
    CHECK(locked->status == 429);
    const std::string retry = locked->get_header_value("Retry-After");
    CHECK((retry == "60" || retry == "59"));
    CHECK(locked->body.find("Te veel pogingen. Probeer het over 1 minuut opnieuw.") != std::string::npos);
    // A second hub on the same store (a restart, or another instance behind the balancer).
    TempDir other;
    HubProcess second(other.path(), false, 0, {}, "http", {}, hub.dbPath());
    httplib::Client elsewhere("127.0.0.1", second.port());
    CHECK(logIn(elsewhere, "kijker", kPassword).status == 429);
}

TEST_CASE("web: a viewing link opens its board's live view; an unchanged board answers 304; revoked is 404",
          "[hub][web]") {
    TempDir dir;
    HubProcess hub(dir.path());
    std::string made;
    REQUIRE(hub.command({"link", "add", "--board", "demo-regio", "--label", "wethouder (test)"}, &made) == 0);
    const auto at = made.find("/v/");
    REQUIRE(at != std::string::npos);
    const std::string link = made.substr(at, 3 + 43);
    httplib::Client client("127.0.0.1", hub.port());

    for (const char* tab : {"", "/afspraken", "/escalaties", "/vergadering", "/acties"}) {
        INFO(tab);
        auto page = client.Get(link + tab);
        REQUIRE(page);
        CHECK(page->status == 200);
        CHECK(page->body.find("Stuurgroep Wonen Regio Voorbeeldland (demo)") != std::string::npos);
        CHECK(page->body.find("/static/regiebord.js?v=") != std::string::npos);
    }
    CHECK(client.Get(link + "/anders")->status == 404);
    CHECK(client.Get("/v/" + std::string(43, 'A'))->status == 404);
    CHECK(client.Get("/boards/demo-regio")->status == 303); // a link is not an account

    // The page's script asks for the main part with the ETag: 304 while the board holds.
    auto part = client.Get(link + "/escalaties?part=main");
    REQUIRE(part);
    CHECK(part->status == 200);
    CHECK(part->body.rfind("<h1>", 0) == 0);
    const std::string etag = part->get_header_value("ETag");
    REQUIRE(!etag.empty());
    auto same = client.Get(link + "/escalaties?part=main", {{"If-None-Match", etag}});
    REQUIRE(same);
    CHECK(same->status == 304);
    CHECK(same->body.empty());

    // A kiosk decides: the next ask gets the new part, with the decision in it.
    const BoardData demo = parseBoard(demoBoardText(), DocumentKind::Import).value();
    const Escalation& open = firstOpen(demo);
    REQUIRE(postDecision(hub.url(), kDemoToken, akkoord(open.id)).status == 201);
    auto changed = client.Get(link + "/escalaties?part=main", {{"If-None-Match", etag}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(changed->get_header_value("ETag") != etag);
    CHECK(changed->body.find("escstatus-besloten") != std::string::npos);
    std::string listed;
    REQUIRE(hub.command({"links"}, &listed) == 0);
    CHECK(listed.find("wethouder (test)") != std::string::npos);
    const std::string id = made.substr(made.find("viewing link ") + 13, 12);
    REQUIRE(hub.command({"link", "revoke", id}) == 0);
    auto gone = client.Get(link + "/escalaties?part=main", {{"If-None-Match", etag}});
    REQUIRE(gone);
    CHECK(gone->status == 404);
    CHECK(hub.command({"link", "revoke", "000000000000"}) == 1);
}

TEST_CASE("web: only the secretariat makes and revokes viewing links; each change is in the audit log",
          "[hub][web]") {
    WebHub web;
    web.addUser("secretaris", "secretariaat");
    web.addUser("kijker", "kijker");
    auto& hub = web.hub;
    auto& client = web.client;

    const auto kijker = logIn(client, "kijker", kPassword);
    REQUIRE(kijker.status == 303);
    const httplib::Headers asKijker{{"Cookie", "__Host-regiebord=" + kijker.session}};
    auto page = client.Get("/links", asKijker);
    REQUIRE(page);
    CHECK(page->status == 403);
    const std::string kijkerCsrf = hiddenCsrf(client.Get("/", asKijker)->body);
    auto forbidden = client.Post(
        "/links", asKijker, httplib::Params{{"csrf", kijkerCsrf}, {"board", "demo-regio"}, {"label", "x"}});
    REQUIRE(forbidden);
    CHECK(forbidden->status == 403);

    const httplib::Headers asSecretaris = web.signedIn("secretaris");
    const std::string csrf = hiddenCsrf(client.Get("/links", asSecretaris)->body);
    auto noBoard = client.Post("/links", asSecretaris,
                               httplib::Params{{"csrf", csrf}, {"board", "geen-bord"}, {"label", "x"}});
    CHECK(noBoard->status == 422);
    auto made =
        client.Post("/links", asSecretaris,
                    httplib::Params{{"csrf", csrf}, {"board", "demo-regio"}, {"label", "wethouder <b>"}});
    REQUIRE(made);
    CHECK(made->status == 201);
    const auto at = made->body.find("/v/");
    REQUIRE(at != std::string::npos);
    const std::string link = made->body.substr(at, 3 + 43);
    CHECK(client.Get(link)->status == 200);
    CHECK(made->body.find("wethouder &lt;b&gt;") != std::string::npos);

    std::string listed;
    REQUIRE(hub.command({"links"}, &listed) == 0);
    const auto line = listed.find("wethouder <b>");
    REQUIRE(line != std::string::npos);
    const std::string id = listed.substr(listed.rfind('\n', line) + 1, 12);
    auto revoked = client.Post("/links/revoke", asSecretaris, httplib::Params{{"csrf", csrf}, {"id", id}});
    REQUIRE(revoked);
    CHECK(revoked->status == 303);
    CHECK(client.Get(link)->status == 404);
    CHECK(client.Post("/links/revoke", asSecretaris, httplib::Params{{"csrf", csrf}, {"id", "000000000000"}})
              ->status == 404);

    std::string audit;
    REQUIRE(hub.command({"audit"}, &audit) == 0);
    CHECK(audit.find("\tsecretaris\tlink.add\tdemo-regio\t" + id + " (wethouder <b>)") != std::string::npos);
    CHECK(audit.find("\tsecretaris\tlink.revoke\t-\t" + id) != std::string::npos);
    CHECK(audit.find("\tuser.add\t-\tkijker (kijker)") != std::string::npos);
    CHECK(audit.find("stiekem") == std::string::npos);
}

TEST_CASE("web: the secretariat downloads the besluitenlijst, the action list and the workbook; nobody else",
          "[hub][web]") {
    WebHub web;
    web.addUser("secretaris", "secretariaat");
    web.addUser("kijker", "kijker");
    auto& hub = web.hub;
    auto& client = web.client;
    const httplib::Headers as = web.signedIn("secretaris");
    const BoardData demo = boardOf(hub.url());
    const std::string meeting = demo.meetings[0].id;

    auto home = client.Get("/", as);
    REQUIRE(home);
    CHECK(home->body.find("/export/demo-regio/besluitenlijst-" + meeting + ".pdf") != std::string::npos);

    auto pdf = client.Get("/export/demo-regio/besluitenlijst-" + meeting + ".pdf", as);
    REQUIRE(pdf);
    CHECK(pdf->status == 200);
    CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
    CHECK(pdf->get_header_value("Content-Disposition") ==
          "attachment; filename=\"besluitenlijst-" + meeting + ".pdf\"");
    CHECK(pdf->body.rfind("%PDF-", 0) == 0);
    auto csv = client.Get("/export/demo-regio/besluitenlijst-" + meeting + ".csv", as);
    REQUIRE(csv);
    CHECK(csv->body.rfind("\xEF\xBB\xBF", 0) == 0);
    auto actions = client.Get("/export/demo-regio/acties.csv", as);
    REQUIRE(actions);
    CHECK(actions->status == 200);
    CHECK(actions->body.rfind("\xEF\xBB\xBF", 0) == 0);
    for (const auto& a : demo.actions)
        CHECK(actions->body.find(a.title.substr(0, 20)) != std::string::npos);
    auto xlsx = client.Get("/export/demo-regio/werkmap.xlsx", as);
    REQUIRE(xlsx);
    CHECK(xlsx->status == 200);
    CHECK(xlsx->body.rfind("PK", 0) == 0); // a zip, as every .xlsx

    for (const char* bad :
         {"/export/demo-regio/besluitenlijst-geen.pdf", "/export/demo-regio/anders.txt",
          "/export/geen-bord/acties.csv", "/export/demo-regio/besluitenlijst-.pdf", "/export/demo-regio"}) {
        INFO(bad);
        CHECK(client.Get(bad, as)->status == 404);
    }
    const auto kijker = logIn(client, "kijker", kPassword);
    CHECK(client.Get("/export/demo-regio/acties.csv", {{"Cookie", "__Host-regiebord=" + kijker.session}})
              ->status == 403);
    CHECK(client.Get("/export/demo-regio/acties.csv")->status == 303);
}

TEST_CASE("web: a file uploaded by the secretariat is a dry run first, applied only when asked",
          "[hub][web]") {
    WebHub web;
    web.addUser("secretaris", "secretariaat");
    auto& hub = web.hub;
    auto& client = web.client;
    const httplib::Headers as = web.signedIn("secretaris");
    const std::string csrf = hiddenCsrf(client.Get("/upload", as)->body);
    std::string board = demoBoardText();
    const std::string before = "Nieuwbouw 1.200 sociale huurwoningen in de regio (2025-2028)";
    REQUIRE(board.find(before) != std::string::npos);
    board.replace(board.find(before), before.size(), "Nieuwbouw 1.300 sociale huurwoningen (upload)");
    const std::int64_t seq = boardOf(hub.url()).seq;

    const httplib::MultipartFormDataItems noToken{{"file", board, "board.json", "application/json"}};
    CHECK(client.Post("/upload", as, noToken)->status == 403);
    const httplib::MultipartFormDataItems items{{"csrf", csrf, "", ""},
                                                {"file", board, "board.json", "application/json"}};
    auto dry = client.Post("/upload", as, items);
    REQUIRE(dry);
    CHECK(dry->status == 200);
    CHECK(dry->body.find("1.300 sociale huurwoningen (upload)") != std::string::npos);
    CHECK(boardOf(hub.url()).seq == seq); // a dry run changes nothing
    const std::string marker = R"(name="upload" value=")";
    const auto at = dry->body.find(marker);
    REQUIRE(at != std::string::npos);
    const std::string id = dry->body.substr(at + marker.size(), 16);

    auto applied = client.Post("/upload/apply", as, httplib::Params{{"csrf", csrf}, {"upload", id}});
    REQUIRE(applied);
    CHECK(applied->status == 200);
    const BoardData after = boardOf(hub.url());
    CHECK(after.seq > seq);
    CHECK(after.findAgreement("pa-01")->title == "Nieuwbouw 1.300 sociale huurwoningen (upload)");
    CHECK(client.Post("/upload/apply", as, httplib::Params{{"csrf", csrf}, {"upload", id}})->status == 404);

    std::string history;
    REQUIRE(hub.command({"history"}, &history) == 0);
    CHECK(history.find("secretaris") != std::string::npos);
    std::string audit;
    REQUIRE(hub.command({"audit"}, &audit) == 0);
    CHECK(audit.find("\tsecretaris\timport.apply\tdemo-regio\tboard.json") != std::string::npos);

    const httplib::MultipartFormDataItems bad{{"csrf", csrf, "", ""},
                                              {"file", "{\"nee\":1}", "board.json", ""}};
    auto refused = client.Post("/upload", as, bad);
    REQUIRE(refused);
    CHECK(refused->status == 422);
    CHECK(boardOf(hub.url()).seq == after.seq);
}

TEST_CASE("web: IT asks a kiosk for a picture of its screen; the hub keeps the latest and shows it",
          "[hub][web]") {
    WebHub web;
    web.addUser("beheer", "it");
    web.addUser("secretaris", "secretariaat");
    auto& hub = web.hub;
    auto& client = web.client;
    // A 1x1 PNG, as the kiosk sends a downscaled one.
    const std::string png(
        "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
        "\0\0\0\x0aIDATx\x9c\x63\0\x01\0\0\x05\0\x01\x0d\x0a\x2d\xb4\0\0\0\0IEND\xae\x42\x60\x82",
        67);
    const httplib::Headers device{{"Authorization", std::string("Bearer ") + kDemoToken}};
    const auto heartbeat = [&] {
        Heartbeat h;
        h.version = "test";
        return client.Post("/v1/boards/demo-regio/heartbeat", device, encodeHeartbeat(h), "application/json");
    };
    auto first = heartbeat();
    REQUIRE(first);
    CHECK(first->status == 204);
    CHECK_FALSE(first->has_header("X-Regiebord-Screenshot"));

    const httplib::Headers it = web.signedIn("beheer");
    const std::string csrf = hiddenCsrf(client.Get("/devices", it)->body);
    auto asked =
        client.Post("/devices/ask-screenshot", it, httplib::Params{{"csrf", csrf}, {"name", "demo-kiosk"}});
    REQUIRE(asked);
    CHECK(asked->status == 303);
    auto second = heartbeat();
    REQUIRE(second);
    CHECK(second->get_header_value("X-Regiebord-Screenshot") == "requested");

    CHECK(client.Post("/v1/boards/demo-regio/screenshot", device, "not a png", "image/png")->status == 400);
    CHECK(client.Post("/v1/boards/demo-regio/screenshot", device, png, "text/plain")->status == 400);
    CHECK(client.Post("/v1/boards/demo-regio/screenshot", device, std::string(600 * 1024, 'x'), "image/png")
              ->status == 413);
    CHECK(client.Post("/v1/boards/demo-regio/screenshot", png, "image/png")->status == 401);
    auto sent = client.Post("/v1/boards/demo-regio/screenshot", device, png, "image/png");
    REQUIRE(sent);
    CHECK(sent->status == 204);
    CHECK_FALSE(heartbeat()->has_header("X-Regiebord-Screenshot")); // answered

    auto page = client.Get("/devices", it);
    REQUIRE(page);
    const auto at = page->body.find("/screenshot.png");
    REQUIRE(at != std::string::npos);
    const auto start = page->body.rfind("/devices/", at);
    const std::string path = page->body.substr(start, at + 15 - start);
    auto picture = client.Get(path, it);
    REQUIRE(picture);
    CHECK(picture->status == 200);
    CHECK(picture->get_header_value("Content-Type") == "image/png");
    CHECK(picture->body == png);
    CHECK(client.Get(path, web.signedIn("secretaris"))->status == 403);
    CHECK(client.Get(path)->status == 303);
    CHECK(client.Get("/devices/geen-apparaat/screenshot.png", it)->status == 404);
    (void)hub;
}

TEST_CASE("web: a kiosk's sync engine hears that IT asked for a picture and sends the one it is given",
          "[hub][web]") {
    WebHub web;
    web.addUser("beheer", "it");
    auto& client = web.client;
    TempDir kiosk;
    SyncEngine engine(demoKiosk(web.hub.url(), kiosk.path()), nullptr);
    engine.syncOnce();
    CHECK_FALSE(engine.screenshotAsked());

    const httplib::Headers it = web.signedIn("beheer");
    const std::string csrf = hiddenCsrf(client.Get("/devices", it)->body);
    REQUIRE(
        client.Post("/devices/ask-screenshot", it, httplib::Params{{"csrf", csrf}, {"name", "demo-kiosk"}})
            ->status == 303);
    SyncEngine again(demoKiosk(web.hub.url(), kiosk.path() + "/2"),
                     nullptr); // a new engine: its first heartbeat is due
    again.syncOnce();
    REQUIRE(again.screenshotAsked());
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x02\0\0\0\x01\x08\x02\0\0\0\0\0\0\0", 33);
    again.submitScreenshot(png);
    CHECK_FALSE(again.screenshotAsked());
    again.syncOnce();
    auto page = client.Get("/devices", it);
    REQUIRE(page);
    CHECK(page->body.find("/screenshot.png") != std::string::npos);
}

TEST_CASE("web: a request the hub refuses reaches a browser as a page in both languages, a kiosk as JSON",
          "[hub][web]") {
    WebHub w;
    // A form larger than any form may be (64 KiB; only the upload takes more): refused unread.
    const std::string big(100 * 1024, 'x');
    auto page = w.client.Post("/login", big, "application/x-www-form-urlencoded");
    REQUIRE(page);
    CHECK(page->status == 413);
    CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK_THAT(page->body, Catch::Contains("Te groot voor de hub. / Too large for the hub."));
    CHECK_THAT(page->body, Catch::Contains("<h1>413</h1>"));
    // The same on a kiosk's path, with its token: the API's JSON error.
    auto api =
        w.client.Post("/v1/boards/demo-regio/decisions",
                      {{"Authorization", "Bearer " + std::string(kDemoToken)}}, big, "application/json");
    REQUIRE(api);
    CHECK(api->status == 413);
    CHECK(api->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    CHECK_THAT(api->body, Catch::Contains("\"too_large\""));
}
