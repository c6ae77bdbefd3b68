// The web side's parts below the pages (server/web_html.hpp, server/web_session.hpp):
// escaping, form and cookie parsing, sessions and the login rate limit on an SQLite
// store. The pages themselves are tested in Chromium (tests/web).

#include "accounts.hpp"
#include "dates.hpp"
#include "hub_store.hpp"
#include "protocol.hpp"
#include "screenshots.hpp"
#include "sql_session.hpp"
#include "web_assets.hpp"
#include "web_board.hpp"
#include "web_html.hpp"
#include "web_session.hpp"

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace regiebord;
using namespace regiebord::hub;
using namespace regiebord::test;

TEST_CASE("web: text from outside is escaped for HTML, forms and cookies are read strictly", "[hub][web]") {
    CHECK(web::escape(R"(<a href="x">'&'</a>)") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const auto form = web::parseForm("name=secre%74aris&password=a+b%2Bc%26d&empty=&flag&&csrf=%C3%A9");
    REQUIRE(form);
    CHECK(web::field(*form, "name") == "secretaris");
    CHECK(web::field(*form, "password") == "a b+c&d");
    CHECK(web::field(*form, "empty").empty());
    CHECK(web::field(*form, "flag").empty());
    CHECK(web::field(*form, "csrf") == "\xC3\xA9");
    CHECK(web::field(*form, "absent").empty());
    for (const char* bad : {"a=%", "a=%4", "a=%zz", "a=%C3", "%FF=1"}) {
        INFO(bad);
        CHECK_FALSE(web::parseForm(bad));
    }
    const std::string header = "regiebord-lang=en; __Host-regiebord=abc=; other=1";
    CHECK(web::cookie(header, "__Host-regiebord") == "abc=");
    CHECK(web::cookie(header, "regiebord-lang") == "en");
    CHECK(web::cookie(header, "regiebord").empty());
    CHECK(web::cookie("", "x").empty());
}

TEST_CASE("web: the style sheet is compiled in with its hash", "[hub][web]") {
    const web::Asset* css = web::findAsset("regiebord.css");
    REQUIRE(css);
    CHECK(css->contentType == "text/css; charset=utf-8");
    CHECK(css->bytes.find(":root") != std::string_view::npos);
    CHECK(css->hash.size() == 16);
    CHECK_FALSE(web::findAsset("../hub.db"));
    const web::Page page{web::Lang::En, "Boards <x>", "<p>hi</p>", nullptr, "/", {}};
    const std::string html = web::renderPage(page);
    CHECK_THAT(html, Catch::Contains("<html lang=\"en\">"));
    CHECK_THAT(html, Catch::Contains("<title>Boards &lt;x&gt; · Regiebord</title>"));
    CHECK_THAT(html, Catch::Contains("/static/regiebord.css?v=" + std::string(css->hash)));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("style=") == std::string::npos);
}

TEST_CASE("web: tokens are long, random and kept only as hashes; secrets compare whole", "[hub][web]") {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string token = randomToken();
        CHECK(token.size() == 43);
        CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
              std::string::npos);
        seen.insert(token);
    }
    CHECK(seen.size() == 100);
    CHECK(tokenHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sameSecret("abc", "abc"));
    CHECK_FALSE(sameSecret("abc", "abd"));
    CHECK_FALSE(sameSecret("abc", "abcd"));
    CHECK_FALSE(sameSecret("", "")); // no token is never a match
}

TEST_CASE("web: a session opens, is found by its cookie, ends at logout, idle, and with its account",
          "[hub][web]") {
    TempDir dir;
    HubStore store(dir.file("hub.db"));
    AccountStore accounts(store.pool());
    REQUIRE(accounts.add("secretaris", AccountRole::Secretariaat, hashPassword("twaalf tekens!"), "test"));
    WebSessions sessions(store.pool());
    const auto opened = sessions.open("secretaris", AccountRole::Secretariaat, "127.0.0.1");
    CHECK(opened.cookie != opened.session.csrf);
    auto found = sessions.find(opened.cookie);
    REQUIRE(found);
    CHECK(found->account == "secretaris");
    CHECK(found->role == AccountRole::Secretariaat);
    CHECK(found->csrf == opened.session.csrf);
    CHECK_FALSE(sessions.find(opened.cookie + "x"));
    CHECK_FALSE(sessions.find(""));
    CHECK_FALSE(sessions.find(std::string(10000, 'a')));
    // The store holds the hash, not the cookie.
    store.pool().read([&](SqlConnection& c) {
        CHECK(c.scalarText("SELECT id_hash FROM web_session") == tokenHash(opened.cookie));
    });
    sessions.close(opened.cookie);
    CHECK_FALSE(sessions.find(opened.cookie));

    const auto idle = sessions.open("secretaris", AccountRole::Secretariaat, "127.0.0.1");
    store.pool().write([&](SqlConnection& c) {
        c.run("UPDATE web_session SET last_seen_at = last_seen_at - ?1", {WebSessions::kIdle.count() + 1});
    });
    CHECK_FALSE(sessions.find(idle.cookie));
    const auto old = sessions.open("secretaris", AccountRole::Secretariaat, "127.0.0.1");
    store.pool().write([&](SqlConnection& c) {
        c.run("UPDATE web_session SET created_at = created_at - ?1", {WebSessions::kLifetime.count() + 1});
    });
    CHECK_FALSE(sessions.find(old.cookie)); // used all day, still ends

    const auto mine = sessions.open("secretaris", AccountRole::Secretariaat, "127.0.0.1");
    REQUIRE(accounts.remove("secretaris"));
    CHECK_FALSE(sessions.find(mine.cookie));
}

TEST_CASE("web: five wrong logins lock a name for a minute, doubling; a good one clears it", "[hub][web]") {
    TempDir dir;
    HubStore store(dir.file("hub.db"));
    LoginThrottle throttle(store.pool());
    CHECK(throttle.lockedFor("kijker", "10.0.0.1") == 0);
    for (int i = 0; i < 4; ++i)
        throttle.failed("kijker", "10.0.0.1");
    CHECK(throttle.lockedFor("kijker", "10.0.0.1") == 0);
    throttle.failed("kijker", "10.0.0.1");
    const auto first = throttle.lockedFor("kijker", "10.0.0.2"); // the name, from anywhere
    CHECK(first > 55);
    CHECK(first <= 60);
    throttle.failed("kijker", "10.0.0.1");
    CHECK(throttle.lockedFor("kijker", "10.0.0.1") > 115);
    CHECK(throttle.lockedFor("secretaris", "10.0.0.2") == 0); // another name elsewhere
    for (int i = 0; i < 20; ++i)
        throttle.failed("kijker", "10.0.0.1");
    CHECK(throttle.lockedFor("kijker", "10.0.0.1") <= LoginThrottle::kLongestLockSeconds);
    // The address has had 27 failures: locked for every name tried from it.
    CHECK(throttle.lockedFor("secretaris", "10.0.0.1") > 0);
    throttle.succeeded("kijker");
    CHECK(throttle.lockedFor("kijker", "10.0.0.2") == 0);
    // Failures a day old are forgotten: the next one starts the count again.
    store.pool().write([&](SqlConnection& c) {
        c.run("UPDATE login_throttle SET locked_until = locked_until - 2 * 86400");
    });
    throttle.failed("secretaris", "10.0.0.3");
    CHECK(throttle.lockedFor("secretaris", "10.0.0.3") == 0);
    throttle.failed("kijker", "10.0.0.1");
    CHECK(throttle.lockedFor("kijker", "10.0.0.4") == 0);
}

TEST_CASE("web: the live view's tabs show the board in Dutch and English from the board model",
          "[hub][web]") {
    const BoardData demo = parseBoard(demoBoardText(), DocumentKind::Import).value();
    CHECK(web::boardTabOf("") == web::BoardTab::Overview);
    CHECK(web::boardTabOf("acties") == web::BoardTab::Actions);
    CHECK_FALSE(web::boardTabOf("Acties"));
    CHECK_FALSE(web::boardTabOf("../acties"));
    // Before the December meeting of the demo: it is the one shown.
    const auto now = parseDateTime("2026-12-07T10:00:00Z")->utc;
    web::BoardPage page{web::BoardTab::Overview, web::Lang::Nl, "/v/abc", now};
    std::string html = web::boardMain(demo, page);
    CHECK_THAT(html, Catch::Contains("<h1>Stuurgroep Wonen Regio Voorbeeldland (demo)</h1>"));
    CHECK_THAT(html, Catch::Contains("<a href=\"/v/abc\" aria-current=\"page\">Overzicht</a>"));
    CHECK_THAT(html, Catch::Contains("<a href=\"/v/abc/acties\">Acties</a>"));
    CHECK_THAT(html, Catch::Contains("Stuurgroep Wonen december 2026"));
    CHECK_THAT(html, Catch::Contains("10 dec 2026, 14:30")); // Dutch time
    page.lang = web::Lang::En;
    html = web::boardMain(demo, page);
    CHECK_THAT(html, Catch::Contains("Agreements by status"));
    CHECK_THAT(html, Catch::Contains("10 Dec 2026, 14:30"));
    for (const auto tab : {web::BoardTab::Agreements, web::BoardTab::Escalations, web::BoardTab::Meeting,
                           web::BoardTab::Actions}) {
        page.tab = tab;
        for (const auto lang : {web::Lang::Nl, web::Lang::En}) {
            page.lang = lang;
            html = web::boardMain(demo, page);
            INFO(html.substr(0, 300));
            CHECK(html.find("??") == std::string::npos);
            CHECK(html.find("<script") == std::string::npos);
            CHECK(html.find("style=") == std::string::npos);
        }
    }
    page.tab = web::BoardTab::Escalations;
    page.lang = web::Lang::Nl;
    CHECK_THAT(web::boardMain(demo, page), Catch::Contains("Vraag aan de stuurgroep"));
    page.tab = web::BoardTab::Actions;
    CHECK_THAT(web::boardMain(demo, page), Catch::Contains("action-overdue")); // due 15 Nov, still open
}

TEST_CASE("web: text of a board is escaped on every tab", "[hub][web]") {
    BoardData board = parseBoard(demoBoardText(), DocumentKind::Import).value();
    board.board.name = "<script>alert(1)</script>";
    Escalation e = board.escalations[0];
    e.title = "<img src=x onerror=alert(1)>";
    e.question = "\"><b>";
    board.escalations.push_back(e);
    web::BoardPage page{web::BoardTab::Overview, web::Lang::Nl, "/v/\"x", std::chrono::system_clock::now()};
    for (const auto tab : {web::BoardTab::Overview, web::BoardTab::Agreements, web::BoardTab::Escalations,
                           web::BoardTab::Meeting, web::BoardTab::Actions}) {
        page.tab = tab;
        const std::string html = web::boardMain(board, page);
        CHECK(html.find("<script>") == std::string::npos);
        CHECK(html.find("<img") == std::string::npos);
        CHECK(html.find("\"><b>") == std::string::npos);
        CHECK(html.find("/v/\"x") == std::string::npos);
    }
}

TEST_CASE("web: a multipart form with a file is read as browsers send it, anything else refused",
          "[hub][web]") {
    const std::string type = "multipart/form-data; boundary=----WebKitFormBoundaryx7Y";
    const std::string body = std::string("------WebKitFormBoundaryx7Y\r\n"
                                         "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
                                         "abc\r\n"
                                         "------WebKitFormBoundaryx7Y\r\n"
                                         "Content-Disposition: form-data; name=\"file\"; "
                                         "filename=\"C:\\\\map\\\\werkmap.xlsx\"\r\n"
                                         "Content-Type: application/octet-stream\r\n\r\n") +
                             std::string("PK\x03\x04\r\n--\0binary", 16) +
                             "\r\n------WebKitFormBoundaryx7Y--\r\n";
    const auto form = web::parseMultipart(type, body);
    REQUIRE(form);
    CHECK(web::field(form->fields, "csrf") == "abc");
    REQUIRE(form->files.size() == 1);
    CHECK(form->files[0].field == "file");
    CHECK(form->files[0].filename == "werkmap.xlsx");
    CHECK(form->files[0].bytes == std::string("PK\x03\x04\r\n--\0binary", 16));
    CHECK(web::parseMultipart("multipart/form-data; boundary=\"----WebKitFormBoundaryx7Y\"", body));
    CHECK_FALSE(web::parseMultipart("application/x-www-form-urlencoded", body));
    CHECK_FALSE(web::parseMultipart("multipart/form-data", body));
    CHECK_FALSE(web::parseMultipart(type, body.substr(0, body.size() - 30))); // no closing boundary
    CHECK_FALSE(web::parseMultipart(type,
                                    "------WebKitFormBoundaryx7Y\r\nContent-Disposition: form-data\r\n\r\n"
                                    "x\r\n------WebKitFormBoundaryx7Y--")); // no name
    CHECK_FALSE(web::parseMultipart(type,
                                    "------WebKitFormBoundaryx7Y\r\nContent-Disposition: form-data; "
                                    "name=\"a\"\r\n\r\n\xFF\r\n------WebKitFormBoundaryx7Y--")); // not UTF-8
}

TEST_CASE("web: a kiosk's picture must be a PNG; its size is read from its header", "[hub][web]") {
    const std::string header("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x03\xc0\0\0\x02\x1c\x08\x02\0\0\0\0\0\0\0",
                             33);
    const auto size = pngSize(header);
    REQUIRE(size);
    CHECK(size->width == 960);
    CHECK(size->height == 540);
    CHECK_FALSE(pngSize(header.substr(0, 32)));
    CHECK_FALSE(pngSize("GIF89a" + header));
    std::string zero = header;
    zero[19] = '\0';
    zero[18] = '\0';
    CHECK_FALSE(pngSize(zero)); // 0 pixels wide
}
