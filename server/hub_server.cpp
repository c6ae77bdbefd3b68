#include "hub_server.hpp"

#include "json_text.hpp"
#include "protocol.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>

namespace regiebord::hub {

namespace {

constexpr const char* kJson = "application/json";

std::string httpDate() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[64];
    const auto n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return {buffer, n};
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

void fail(httplib::Response& res, int status, const std::string& code, const std::string& message) {
    res.status = status;
    res.set_content(errorBody(code, message), kJson);
}

} // namespace

namespace {
std::unique_ptr<httplib::Server> makeServer(const std::string& cert, const std::string& key) {
    if (cert.empty()) return std::make_unique<httplib::Server>();
    return std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
}
} // namespace

bool HubServer::valid() const {
    return m_server->is_valid();
}

HubServer::HubServer(HubStore& store, const std::string& certFile, const std::string& keyFile)
    : m_store(store), m_server(makeServer(certFile, keyFile)) {
    routes();
}

HubServer::~HubServer() {
    stop();
}

void HubServer::routes() {
    httplib::Server& s = *m_server;
    // cpp-httplib's API takes ownership of a raw TaskQueue pointer; 4 workers suit a Pi.
    s.new_task_queue = [] { return new httplib::ThreadPool(4); };
    s.set_payload_max_length(std::size_t{64} * 1024);
    // Longer than the kiosks' poll interval, so an unchanged poll reuses its connection.
    s.set_keep_alive_timeout(65);
    s.set_keep_alive_max_count(1000);
    // The headers and the body go out in two writes: with Nagle's algorithm on,
    // the body of a second answer on a kept-alive connection waits for the
    // client's delayed ACK (40 ms on Linux) before it leaves.
    s.set_tcp_nodelay(true);
    s.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("Date", httpDate());
        res.set_header("Cache-Control", "no-store");
    });
    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            const std::string code = res.status == 413   ? "too_large"
                                     : res.status == 404 ? "not_found"
                                                         : "error";
            res.set_content(errorBody(code, "HTTP " + std::to_string(res.status)), kJson);
        }
    });
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string message = "internal error";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            message = e.what();
        } catch (...) { // the message stays generic
        }
        std::fprintf(stderr, "regiebord-hub: error: %s\n", message.c_str());
        fail(res, 500, "internal", "internal error");
    });

    s.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(jsonText(nlohmann::json{{"status", "ok"}, {"version", REGIEBORD_VERSION}}), kJson);
    });

    // Returns the device for the request's bearer token, or answers 401/403.
    auto authorise = [this](const httplib::Request& req, httplib::Response& res,
                            const std::string& boardId) -> std::optional<Device> {
        const std::string header = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        if (header.rfind(prefix, 0) != 0 || header.size() == prefix.size()) {
            fail(res, 401, "unauthorized", "missing bearer token");
            return std::nullopt;
        }
        auto device = m_store.authenticate(header.substr(prefix.size()));
        if (!device) {
            fail(res, 401, "unauthorized", "unknown device token");
            return std::nullopt;
        }
        res.set_header("X-Regiebord-Device", device->id); // shown on the kiosk's device screen
        if (device->boardId != boardId) {
            fail(res, 403, "forbidden", "this device may not use board \"" + boardId + "\"");
            return std::nullopt;
        }
        return device;
    };

    s.Get(R"(/v1/boards/([A-Za-z0-9._-]{1,64})/snapshot)",
          [this, authorise](const httplib::Request& req, httplib::Response& res) {
              const std::string boardId = req.matches[1];
              if (!authorise(req, res, boardId)) return;
              const std::int64_t seq = m_store.seq(boardId);
              if (seq < 0) return fail(res, 404, "unknown_board", boardId);
              const std::string etag = "\"" + std::to_string(seq) + "\"";
              if (req.get_header_value("If-None-Match") == etag) {
                  res.set_header("ETag", etag);
                  res.status = 304;
                  return;
              }
              auto snapshot = m_store.snapshot(boardId);
              if (!snapshot) return fail(res, 404, "unknown_board", boardId);
              res.set_header("ETag", "\"" + std::to_string(snapshot->seq) + "\"");
              res.set_content(snapshot->body, kJson);
          });

    s.Get(R"(/v1/boards/([A-Za-z0-9._-]{1,64})/changes)", [this, authorise](const httplib::Request& req,
                                                                            httplib::Response& res) {
        const std::string boardId = req.matches[1];
        if (!authorise(req, res, boardId)) return;
        // The raw query, strictly: "since=<digits>" and nothing else ("1 OR 1=1", "+1", "1e3"
        // and a second since= are refused, not read as a number).
        const auto question = req.target.find('?');
        const auto parsedSince =
            parseChangesQuery(question == std::string::npos ? std::string_view() : std::string_view(req.target).substr(question + 1));
        if (!parsedSince) return fail(res, 400, "invalid_request", "expected the query since=<sequence number>");
        const std::int64_t since = *parsedSince;
        const std::string sinceText = std::to_string(since);
        const std::int64_t seq = m_store.seq(boardId);
        if (seq < 0) return fail(res, 404, "unknown_board", boardId);
        const std::string etag = "\"" + std::to_string(seq) + "\"";
        if (since == seq) {
            res.set_header("ETag", etag);
            res.status = 304;
            return;
        }
        bool resync = false;
        auto body = m_store.changes(boardId, since, resync);
        if (resync)
            return fail(res, 410, "resync", "cursor " + sinceText + " cannot be served; fetch the snapshot");
        if (!body) return fail(res, 404, "unknown_board", boardId);
        res.set_header("ETag", etag);
        res.set_content(*body, kJson);
    });

    s.Post(R"(/v1/boards/([A-Za-z0-9._-]{1,64})/heartbeat)",
           [this, authorise](const httplib::Request& req, httplib::Response& res) {
               auto device = authorise(req, res, req.matches[1]);
               if (!device) return;
               const DecideResult result = m_store.heartbeat(*device, req.body);
               res.status = result.status;
               if (!result.body.empty()) res.set_content(result.body, kJson);
           });

    s.Post(R"(/v1/boards/([A-Za-z0-9._-]{1,64})/decisions)",
           [this, authorise](const httplib::Request& req, httplib::Response& res) {
               const std::string boardId = req.matches[1];
               auto device = authorise(req, res, boardId);
               if (!device) return;
               const std::string key = req.get_header_value("Idempotency-Key");
               if (!looksLikeUuid(key))
                   return fail(res, 400, "invalid_request", "Idempotency-Key header must be a UUID");
               const DecideResult result = m_store.decide(*device, key, req.body);
               res.status = result.status;
               res.set_content(result.body, kJson);
           });
}

int HubServer::bind(const std::string& host, int port) {
    if (port == 0) return m_server->bind_to_any_port(host);
    return m_server->bind_to_port(host, port) ? port : -1;
}

void HubServer::serve() {
    m_server->listen_after_bind();
}

int HubServer::start(const std::string& host, int port) {
    const int bound = bind(host, port);
    if (bound < 0) return -1;
    m_serving = true;
    m_thread = std::thread([this] {
        serve();
        m_serving = false;
    });
    // httplib's stop() does nothing before the listen loop runs; wait for it,
    // so a stop() right after start() cannot be lost (and hang the join).
    while (m_serving && !m_server->is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return bound;
}

void HubServer::stop() {
    if (m_server) m_server->stop();
    if (m_thread.joinable()) m_thread.join();
}

} // namespace regiebord::hub
