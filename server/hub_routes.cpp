#include "hub_routes.hpp"

#include <memory>
#include <string>
#include <utility>

namespace regiebord::hub {

namespace {

bool isApi(const HttpRequest& request) {
    return request.path.rfind("/v1/", 0) == 0 || request.path == "/v1";
}

struct Side {
    HttpRoutes* routes;
    std::shared_ptr<void> context;
};

} // namespace

HttpRoutes::Admission HubRoutes::admit(const HttpRequest& request) {
    HttpRoutes& side = isApi(request) ? static_cast<HttpRoutes&>(m_api) : static_cast<HttpRoutes&>(m_web);
    Admission admission = side.admit(request);
    admission.context = std::make_shared<Side>(Side{&side, std::move(admission.context)});
    return admission;
}

HttpAnswer HubRoutes::handle(const HttpRequest& request, const std::shared_ptr<void>& context) {
    const auto side = std::static_pointer_cast<Side>(context);
    return side->routes->handle(request, side->context);
}

HttpAnswer HubRoutes::error(int status, const std::string& code, const std::string& message) {
    return m_api.error(status, code, message);
}

HttpAnswer HubRoutes::errorFor(const HttpRequest* request, int status, const std::string& code,
                               const std::string& message) {
    if (!request || isApi(*request)) return m_api.error(status, code, message);
    if (status >= 500)
        return m_web.error(status, code,
                           "Er ging iets mis op de hub. Probeer het zo opnieuw; blijft het misgaan, meld het "
                           "dan bij IT. / Something went wrong on the hub. Try again shortly; if it keeps "
                           "happening, tell IT.");
    if (status == 413 || status == 431)
        return m_web.error(status, code, "Te groot voor de hub. / Too large for the hub. (" + message + ")");
    return m_web.error(status, code, message);
}

} // namespace regiebord::hub
