#pragma once
// The hub's one set of routes for its HTTP server: the kiosks' API under /v1/ (HubApi), the
// web side for every other path (WebSite), each answering refusals in its own format.

#include "http_server.hpp"
#include "hub_api.hpp"
#include "web_site.hpp"

#include <memory>
#include <string>

namespace regiebord::hub {

/// The hub's routes: the kiosks' API under /v1/, the web side for everything else.
class HubRoutes final : public HttpRoutes {
public:
    HubRoutes(HubApi& api, WebSite& web) : m_api(api), m_web(web) {}
    Admission admit(const HttpRequest& request) override;
    HttpAnswer handle(const HttpRequest& request, const std::shared_ptr<void>& context) override;
    HttpAnswer error(int status, const std::string& code, const std::string& message) override;
    /// A kiosk's path (/v1/) or no request yet: the API's JSON; any other path: a page, in both
    /// languages, with a plain sentence for a failure of the hub (the detail is in its journal).
    HttpAnswer errorFor(const HttpRequest* request, int status, const std::string& code,
                        const std::string& message) override;

private:
    HubApi& m_api;
    WebSite& m_web;
};

} // namespace regiebord::hub
