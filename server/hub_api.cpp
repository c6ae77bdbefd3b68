#include "hub_api.hpp"

#include "json_text.hpp"
#include "protocol.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace regiebord::hub {

namespace {

HttpAnswer json(int status, std::string body) {
    HttpAnswer a;
    a.status = status;
    a.body = std::make_shared<const std::string>(std::move(body));
    return a;
}

/// A shared document as an answer: the body and its gzip form without a copy.
HttpAnswer shared(const std::shared_ptr<const SharedBody>& body, bool wantsGzip) {
    HttpAnswer a;
    a.body = std::shared_ptr<const std::string>(body, &body->text());
    if (wantsGzip && body->text().size() > 1400)
        a.gzipBody = std::shared_ptr<const std::string>(body, &body->gzipped());
    a.headers.emplace_back("ETag", "\"" + std::to_string(body->seq()) + "\"");
    return a;
}

HttpAnswer notModified(std::int64_t seq) {
    HttpAnswer a;
    a.status = 304;
    a.headers.emplace_back("ETag", "\"" + std::to_string(seq) + "\"");
    return a;
}

bool looksLikeUuid(const std::string& key) {
    if (key.size() != 36) return false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

/// Matches a path against a pattern segment by segment; {board} and {meeting} match an id
/// and are stored in the call.
bool matches(std::string_view pattern, std::string_view path, HubApi::Call& call) {
    HubApi::Call found;
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
        pattern.remove_prefix(1);
        path.remove_prefix(1);
        const std::string_view want = pattern.substr(0, pattern.find('/'));
        const std::string_view have = path.substr(0, path.find('/'));
        if (want == "{board}" || want == "{meeting}") {
            if (!isValidId(have)) return false;
            (want == "{board}" ? found.board : found.meeting) = std::string(have);
        } else if (want != have) {
            return false;
        }
        pattern.remove_prefix(want.size());
        path.remove_prefix(have.size());
    }
    call = std::move(found);
    return true;
}

bool wantsGzip(const HttpRequest& request) {
    return request.header("accept-encoding").find("gzip") != std::string::npos;
}

} // namespace

HubApi::HubApi(HubStore& store) : m_store(store), m_screenshots(store.pool()) {}

const std::vector<HubApi::Route>& HubApi::routes() {
    static const std::vector<Route> table{
        {"GET", "/v1/health", false, false, &HubApi::health},
        {"GET", "/v1/boards/{board}/snapshot", true, false, &HubApi::snapshot},
        {"GET", "/v1/boards/{board}/changes", true, false, &HubApi::changes},
        {"POST", "/v1/boards/{board}/heartbeat", true, true, &HubApi::heartbeat},
        {"POST", "/v1/boards/{board}/decisions", true, true, &HubApi::decision},
        {"POST", "/v1/boards/{board}/meetings/{meeting}/current", true, true, &HubApi::currentItem},
        {"POST", "/v1/boards/{board}/screenshot", true, true, &HubApi::screenshot},
    };
    return table;
}

HttpAnswer HubApi::error(int status, const std::string& code, const std::string& message) {
    return json(status, errorBody(code, message));
}

HttpRoutes::Admission HubApi::admit(const HttpRequest& request) {
    Admission admission;
    Call matched;
    const Route* found = nullptr;
    bool pathKnown = false;
    for (const auto& route : routes()) {
        if (!matches(route.pattern, request.path, matched)) continue;
        pathKnown = true;
        if (request.method == route.method) {
            found = &route;
            break;
        }
    }
    if (!found) {
        admission.refusal = pathKnown
                                ? error(405, "method_not_allowed", request.method + " is not allowed here")
                                : error(404, "not_found", "no such endpoint");
        return admission;
    }
    const std::string board = matched.board;
    auto call = std::make_shared<std::pair<const Route*, Call>>(found, std::move(matched));
    if (found->device) {
        // The token is checked before a byte of the body is read.
        const std::string header = request.header("authorization");
        const std::string prefix = "Bearer ";
        if (header.rfind(prefix, 0) != 0 || header.size() == prefix.size()) {
            admission.refusal = error(401, "unauthorized", "missing bearer token");
            return admission;
        }
        auto device = m_store.authenticate(header.substr(prefix.size()));
        if (!device) {
            admission.refusal = error(401, "unauthorized", "unknown device token");
            return admission;
        }
        if (!device->revokedAt.empty()) {
            admission.refusal = error(401, "device_revoked",
                                      "this device was disconnected from the hub at " + device->revokedAt);
            admission.refusal->headers.emplace_back("X-Regiebord-Device", device->id);
            return admission;
        }
        if (device->boardId != board) {
            admission.refusal = error(403, "forbidden", "this device may not use board \"" + board + "\"");
            admission.refusal->headers.emplace_back("X-Regiebord-Device", device->id);
            return admission;
        }
        call->second.device = std::move(device);
    }
    admission.readBody = found->body;
    if (found->handler == &HubApi::screenshot) admission.bodyLimit = DeviceScreenshots::kMostBytes;
    admission.context = call;
    return admission;
}

HttpAnswer HubApi::handle(const HttpRequest& request, const std::shared_ptr<void>& context) {
    const auto& [route, call] = *std::static_pointer_cast<std::pair<const Route*, Call>>(context);
    HttpAnswer answer = (this->*(route->handler))(request, call);
    // Shown on the kiosk's device screen: which device the hub thinks it is.
    if (call.device) answer.headers.emplace_back("X-Regiebord-Device", call.device->id);
    return answer;
}

HttpAnswer HubApi::health(const HttpRequest&, const Call&) {
    m_store.ping(); // a hub that lost its database is taken out of a load balancer's rotation
    return json(200, jsonText(nlohmann::json{
                         {"status", "ok"}, {"version", REGIEBORD_VERSION}, {"store", m_store.dialect()}}));
}

HttpAnswer HubApi::snapshot(const HttpRequest& request, const Call& call) {
    const std::int64_t seq = m_store.seq(call.board);
    if (seq < 0) return error(404, "unknown_board", call.board);
    if (request.header("if-none-match") == "\"" + std::to_string(seq) + "\"") return notModified(seq);
    const auto body = m_store.snapshot(call.board);
    if (!body) return error(404, "unknown_board", call.board);
    return shared(body, wantsGzip(request));
}

HttpAnswer HubApi::changes(const HttpRequest& request, const Call& call) {
    // The raw query, strictly: "since=<digits>" and nothing else ("1 OR 1=1", "+1", "1e3"
    // and a second since= are refused, not read as a number).
    const auto since = parseChangesQuery(request.query);
    if (!since) return error(400, "invalid_request", "expected the query since=<sequence number>");
    const std::int64_t seq = m_store.seq(call.board);
    if (seq < 0) return error(404, "unknown_board", call.board);
    if (*since == seq) return notModified(seq);
    const ChangesResult result = m_store.changes(call.board, *since);
    if (result.kind == ChangesResult::Kind::Resync)
        return error(410, "resync",
                     "cursor " + std::to_string(*since) + " cannot be served; fetch the snapshot");
    if (result.kind == ChangesResult::Kind::UnknownBoard) return error(404, "unknown_board", call.board);
    return shared(result.body, wantsGzip(request));
}

HttpAnswer HubApi::heartbeat(const HttpRequest& request, const Call& call) {
    const DecideResult result = m_store.heartbeat(*call.device, request.body);
    HttpAnswer a = result.body.empty() ? HttpAnswer{result.status, nullptr, "application/json", {}, nullptr}
                                       : json(result.status, result.body);
    // IT asked for a picture of this screen (the devices page): the kiosk sends one.
    if (result.status == 204 && m_screenshots.requested(call.device->id))
        a.headers.emplace_back("X-Regiebord-Screenshot", "requested");
    return a;
}

HttpAnswer HubApi::screenshot(const HttpRequest& request, const Call& call) {
    const auto size = pngSize(request.body);
    if (request.header("content-type") != "image/png" || !size)
        return error(400, "invalid_request", "expected a PNG image (Content-Type: image/png)");
    if (size->width > DeviceScreenshots::kMostPixels || size->height > DeviceScreenshots::kMostPixels)
        return error(400, "invalid_request",
                     "expected at most " + std::to_string(DeviceScreenshots::kMostPixels) +
                         " pixels on either side");
    m_screenshots.store(call.device->id, request.body, *size);
    return HttpAnswer{204, nullptr, "application/json", {}, nullptr};
}

HttpAnswer HubApi::decision(const HttpRequest& request, const Call& call) {
    const std::string key = request.header("idempotency-key");
    if (!looksLikeUuid(key)) return error(400, "invalid_request", "Idempotency-Key header must be a UUID");
    const DecideResult result = m_store.decide(*call.device, key, request.body);
    return json(result.status, result.body);
}

HttpAnswer HubApi::currentItem(const HttpRequest& request, const Call& call) {
    // The same request twice sets the same item: no idempotency key needed.
    const DecideResult result = m_store.setCurrentItem(*call.device, call.meeting, request.body);
    return json(result.status, result.body);
}

} // namespace regiebord::hub
