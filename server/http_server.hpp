#pragma once
// The hub's HTTP transport on Boost.Beast/Asio (Debian's libboost1.74-dev): a few
// I/O threads serve every connection, so an idle kept-alive kiosk costs a socket
// and a small session object, not a thread. Limits come before work: the header's
// size and arrival time, connections per address and in all, and the route's
// check (the device token) before a body is read; the body's size, chunked or not.
// Route handlers run on a worker pool, so a database call never holds up the I/O.
// docs/scaling.md says why this design, with the figures.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regiebord::hub {

struct HttpLimits {
    std::size_t headerBytes = 8 * 1024UL;         ///< request line + headers; larger: 431
    std::size_t bodyBytes = 64 * 1024UL;          ///< request body, chunked or not; larger: 413
    std::size_t uploadBytes = 32UL * 1024 * 1024; ///< the most a route may allow itself (a workbook upload)
    std::chrono::seconds headerTimeout{10}; ///< a request's header must arrive within (slow clients dropped)
    std::chrono::seconds bodyTimeout{30};   ///< and its body within
    std::chrono::seconds idleTimeout{65};   ///< a kept-alive connection waits this long for its next request
    std::chrono::seconds writeTimeout{300}; ///< an answer (a large snapshot on a slow line) is written within
    std::size_t connectionsPerAddress = 256; ///< more from one address: 429 and closed
    std::size_t maxConnections = 60000;      ///< more in all: 503 and closed (stays below the fd limit)
    int ioThreads = 0;                       ///< 0: one per core
    int workerThreads = 8;                   ///< for route handlers (database calls)
};

/// A request as a route sees it (header first; body once it has been read).
struct HttpRequest {
    std::string method;
    std::string target; ///< path and raw query
    std::string path;
    std::string query;                                        ///< after '?', not decoded
    std::vector<std::pair<std::string, std::string>> headers; ///< names in lower case
    std::string body;
    std::string remoteAddress;
    std::string header(std::string_view lowerName) const;
};

/// An answer. The body is shared, never copied per request (a snapshot may be tens of MB).
struct HttpAnswer {
    int status = 200;
    std::shared_ptr<const std::string> body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    /// The same body gzip-compressed, when the route has it at hand (sent to clients that accept gzip).
    std::shared_ptr<const std::string> gzipBody;
};

/// What the server does with one request, in two steps so that nothing is read
/// before the route said the request may go on.
class HttpRoutes {
public:
    virtual ~HttpRoutes() = default;
    struct Admission {
        std::optional<HttpAnswer> refusal; ///< answered now; a body is not read
        bool readBody = false;
        std::size_t bodyLimit = 0;     ///< this request's body limit, up to uploadBytes (0: bodyBytes)
        std::shared_ptr<void> context; ///< what the check found (the device), handed to handle()
    };
    /// After the header: the route's checks (authorisation). Runs on a worker thread.
    virtual Admission admit(const HttpRequest& request) = 0;
    /// After the body, if any. Runs on a worker thread.
    virtual HttpAnswer handle(const HttpRequest& request, const std::shared_ptr<void>& context) = 0;
    /// An answer for a transport-level refusal (413, 429, ...), in the routes' error format.
    virtual HttpAnswer error(int status, const std::string& code, const std::string& message) = 0;
    /// The same for a request whose header has been read (nullptr: not yet), so that routes
    /// serving two kinds of client answer each in its own format (the hub: JSON to a kiosk, a
    /// page to a browser). The server uses this one for its refusals and a handler that threw.
    virtual HttpAnswer errorFor(const HttpRequest* request, int status, const std::string& code,
                                const std::string& message) {
        (void)request;
        return error(status, code, message);
    }
};

class HttpServer {
public:
    /// Plain HTTP without cert/key; HTTPS with both (PEM files). Throws when they cannot be loaded.
    HttpServer(HttpRoutes& routes, HttpLimits limits, const std::string& certFile = {},
               const std::string& keyFile = {});
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;
    ~HttpServer();

    /// Binds host:port (0 picks a free port); returns the port, or -1.
    int bind(const std::string& host, int port);
    /// Serves until stop(); runs the I/O threads (the calling thread is one of them).
    void run();
    /// Stops accepting, closes the connections, ends run(). From any thread.
    void stop();
    /// Calls fn on a worker thread every `every` while serving (last-seen flushes).
    void every(std::chrono::seconds every, std::function<void()> fn);
    std::size_t openConnections() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace regiebord::hub
