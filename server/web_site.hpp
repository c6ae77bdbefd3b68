#pragma once
// The hub's web side (docs/web.md): pages for people, beside the kiosks' API on the
// same server. Like HubApi a route table, one handler per route; every answer carries
// the security headers (a Content-Security-Policy without inline script or style,
// no framing, no sniffing, no referrer), every POST needs its session's CSRF token and
// a same-origin Origin, and a signed-in session is a cookie
// `__Host-regiebord` (HttpOnly, Secure, SameSite=Strict).

#include "http_server.hpp"
#include "hub_api.hpp"
#include "screenshots.hpp"
#include "web_board.hpp"
#include "web_html.hpp"
#include "web_session.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::hub {

class HubStore;

class WebSite final : public HttpRoutes {
public:
    static constexpr const char* kSessionCookie = "__Host-regiebord";
    static constexpr const char* kLoginCookie = "__Host-regiebord-login"; ///< the login form's CSRF pair
    static constexpr const char* kLangCookie = "regiebord-lang";
    static constexpr const char* kContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// The largest file the secretariat may upload (a workbook of a large board is a few MB).
    static constexpr std::size_t kUploadBytes = 32UL * 1024 * 1024;

    /// silentAfterSeconds: when the devices page calls a device silent (devices.silent_after_seconds).
    explicit WebSite(HubStore& store, int silentAfterSeconds = 300);

    Admission admit(const HttpRequest& request) override;
    HttpAnswer handle(const HttpRequest& request, const std::shared_ptr<void>& context) override;
    HttpAnswer error(int status, const std::string& code, const std::string& message) override;

    /// What a route's handler gets besides the request.
    struct Call {
        web::Lang lang = web::Lang::Nl;
        bool langChosen = false; ///< ?lang= was given: remembered in a cookie
        std::optional<WebSession> session;
        std::string sessionCookie;
        // A board's live view (/boards/{board}/{tab} with a session, /v/{token}/{tab} with a link):
        std::string board;
        web::BoardTab tab = web::BoardTab::Overview;
        std::string base; ///< "/boards/{board}" or "/v/{token}"
        std::string file; ///< a download's name (/export/{board}/{file})
    };
    using Handler = HttpAnswer (WebSite::*)(const HttpRequest&, const Call&);
    struct Route {
        const char* method;
        const char* path;
        bool signedIn; ///< needs a session (else: to the login page)
        Handler handler;
        std::optional<AccountRole> only; ///< only for this role (others: 403)
    };
    static const std::vector<Route>& routes();

private:
    HttpAnswer home(const HttpRequest& request, const Call& call);
    HttpAnswer loginPage(const HttpRequest& request, const Call& call);
    HttpAnswer login(const HttpRequest& request, const Call& call);
    HttpAnswer logout(const HttpRequest& request, const Call& call);
    HttpAnswer boardPage(const HttpRequest& request, const Call& call);
    HttpAnswer exportFile(const HttpRequest& request, const Call& call);
    HttpAnswer devicesPage(const HttpRequest& request, const Call& call);
    HttpAnswer renameDevice(const HttpRequest& request, const Call& call);
    HttpAnswer revokeDevice(const HttpRequest& request, const Call& call);
    HttpAnswer devicesView(const Call& call, int status, const std::string& problem);
    HttpAnswer devicePicture(const HttpRequest& request, const Call& call);
    HttpAnswer askScreenshot(const HttpRequest& request, const Call& call);
    HttpAnswer uploadPage(const HttpRequest& request, const Call& call);
    HttpAnswer upload(const HttpRequest& request, const Call& call);
    HttpAnswer applyUpload(const HttpRequest& request, const Call& call);
    HttpAnswer uploadView(const Call& call, int status, const std::string& main);
    std::string uploadForm(const Call& call);
    /// A POST's fields: a form body, or the text fields of a multipart one (a file upload).
    static std::optional<std::vector<std::pair<std::string, std::string>>> formOf(const HttpRequest& request);
    /// The downloads of a board, for the secretariat's start page.
    std::string downloadsOf(const std::string& boardId, web::Lang lang);
    HttpAnswer linksPage(const HttpRequest& request, const Call& call);
    HttpAnswer addLink(const HttpRequest& request, const Call& call);
    HttpAnswer revokeLink(const HttpRequest& request, const Call& call);
    /// The page of viewing links, with a new link's address shown once (`made`) or a problem.
    HttpAnswer linksView(const HttpRequest& request, const Call& call, int status, const std::string& made,
                         const std::string& problem);
    std::vector<std::pair<std::string, std::string>> boardNames(); ///< id, name
    /// A live view's path: whose board, which tab; a refusal when it may not be seen.
    std::optional<HttpAnswer> admitBoard(const HttpRequest& request, Call& call);
    /// The board at its sequence, parsed once and shared by every viewer until it changes.
    std::shared_ptr<const BoardData> board(const std::string& boardId);
    HttpAnswer loginForm(const Call& call, int status, const std::string& name, std::string_view problem);
    HttpAnswer page(const Call& call, int status, const web::Page& page);

    HubStore& m_store;
    AccountStore m_accounts;
    WebSessions m_sessions;
    LoginThrottle m_throttle;
    ViewingLinks m_links;
    AuditLog m_audit;
    DeviceScreenshots m_screenshots;
    std::mutex m_boardsMutex;
    std::map<std::string, std::shared_ptr<const BoardData>> m_boards;  ///< board id -> latest parsed
    std::map<std::string, std::shared_ptr<const std::string>> m_parts; ///< a page's main part, made once
    int m_silentAfterSeconds;
    std::string m_dummyHash; ///< checked for unknown names, so their answer takes as long
};

} // namespace regiebord::hub
