#pragma once
// The hub's API (docs/protocol.md) as a route table: one line per endpoint, one
// handler per route. A new endpoint is a row in routes(), its handler, its codec
// function and schema, and its test.

#include "http_server.hpp"
#include "hub_store.hpp"
#include "screenshots.hpp"

#include <memory>
#include <string>
#include <vector>

namespace regiebord::hub {

class HubApi final : public HttpRoutes {
public:
    explicit HubApi(HubStore& store);

    Admission admit(const HttpRequest& request) override;
    HttpAnswer handle(const HttpRequest& request, const std::shared_ptr<void>& context) override;
    HttpAnswer error(int status, const std::string& code, const std::string& message) override;

    /// What a route's handler gets besides the request.
    struct Call {
        std::string board;            ///< {board} of the path
        std::string meeting;          ///< {meeting} of the path, where it has one
        std::optional<Device> device; ///< set for routes that take a device token
    };
    using Handler = HttpAnswer (HubApi::*)(const HttpRequest&, const Call&);
    struct Route {
        const char* method;
        const char* pattern; ///< "/v1/boards/{board}/snapshot": {board} and {meeting} are ids
        bool device;         ///< needs a device token for the board
        bool body;           ///< takes a request body
        Handler handler;
    };
    static const std::vector<Route>& routes();

private:
    HttpAnswer health(const HttpRequest& request, const Call& call);
    HttpAnswer snapshot(const HttpRequest& request, const Call& call);
    HttpAnswer changes(const HttpRequest& request, const Call& call);
    HttpAnswer heartbeat(const HttpRequest& request, const Call& call);
    HttpAnswer decision(const HttpRequest& request, const Call& call);
    HttpAnswer currentItem(const HttpRequest& request, const Call& call);
    HttpAnswer screenshot(const HttpRequest& request, const Call& call);

    HubStore& m_store;
    DeviceScreenshots m_screenshots;
};

} // namespace regiebord::hub
