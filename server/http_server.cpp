#include "http_server.hpp"

#include "compress.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace regiebord::hub {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::string HttpRequest::header(std::string_view lowerName) const {
    for (const auto& [name, value] : headers)
        if (name == lowerName) return value;
    return {};
}

namespace {

std::string httpDate() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[64];
    const auto n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return {buffer, n};
}

bool acceptsGzip(const HttpRequest& request) {
    const std::string accept = request.header("accept-encoding");
    return accept.find("gzip") != std::string::npos;
}

constexpr std::size_t kCompressAbove = 1400; // about one packet: smaller answers go as they are

} // namespace

/// Connections counted per address and in all; a Slot gives its place back when the
/// session that holds it ends.
class ConnectionCounter {
public:
    class Slot {
    public:
        Slot(ConnectionCounter& counter, std::string address)
            : m_counter(counter), m_address(std::move(address)) {}
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot() { m_counter.release(m_address); }

    private:
        ConnectionCounter& m_counter;
        std::string m_address;
    };

    /// A slot, or the status that refuses the connection (429 per address, 503 in all).
    std::pair<std::shared_ptr<Slot>, int> take(const std::string& address, const HttpLimits& limits) {
        std::lock_guard lock(m_mutex);
        if (m_total >= limits.maxConnections) return {nullptr, 503};
        auto& count = m_byAddress[address];
        if (count >= limits.connectionsPerAddress) {
            if (count == 0) m_byAddress.erase(address);
            return {nullptr, 429};
        }
        ++count;
        ++m_total;
        return {std::make_shared<Slot>(*this, address), 0};
    }
    std::size_t total() const {
        std::lock_guard lock(m_mutex);
        return m_total;
    }

private:
    void release(const std::string& address) {
        std::lock_guard lock(m_mutex);
        --m_total;
        const auto it = m_byAddress.find(address);
        if (it != m_byAddress.end() && --it->second == 0) m_byAddress.erase(it);
    }
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, std::size_t> m_byAddress;
    std::size_t m_total = 0;
};

struct HttpServer::Impl {
    Impl(HttpRoutes& r, HttpLimits l)
        : routes(r), limits(l),
          io(l.ioThreads > 0 ? l.ioThreads
                             : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()))),
          workers(static_cast<std::size_t>(std::max(1, l.workerThreads))), acceptor(net::make_strand(io)) {}

    void accept();
    void refuse(tcp::socket socket, int status);

    HttpRoutes& routes;
    HttpLimits limits;
    net::io_context io;
    net::thread_pool workers;
    std::optional<ssl::context> tls;
    tcp::acceptor acceptor;
    ConnectionCounter counter;
    std::atomic<bool> stopping{false};
    std::vector<std::shared_ptr<net::steady_timer>> timers;
    std::vector<std::shared_ptr<std::function<void()>>> ticks;
};

namespace {

/// One connection: reads a request's header, lets the route admit it, reads its body,
/// lets the route answer, writes the answer, and waits for the next request (keep-alive).
/// Stream: beast::tcp_stream, or beast::ssl_stream<beast::tcp_stream> for HTTPS.
template <typename Stream> class Session : public std::enable_shared_from_this<Session<Stream>> {
public:
    Session(HttpServer::Impl& server, Stream stream, std::shared_ptr<ConnectionCounter::Slot> slot,
            std::string remote)
        : m_server(server), m_stream(std::move(stream)), m_slot(std::move(slot)),
          m_remote(std::move(remote)) {}

    void start() {
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            waitForRequest();
        } else {
            lowest().expires_after(m_server.limits.headerTimeout);
            m_stream.async_handshake(ssl::stream_base::server,
                                     [self = this->shared_from_this()](beast::error_code ec) {
                                         if (!ec) self->waitForRequest();
                                     });
        }
    }

private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(m_stream); }

    /// A kept-alive connection may idle (idleTimeout); once a request starts, its header
    /// must be complete within headerTimeout: a client dripping bytes is dropped.
    void waitForRequest() {
        if (m_server.stopping) return close();
        if (m_buffer.size() > 0) return readHeader(); // the next request is already here
        lowest().expires_after(m_first ? m_server.limits.headerTimeout : m_server.limits.idleTimeout);
        m_first = false;
        m_stream.async_read_some(m_buffer.prepare(512),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                     if (ec) return self->close();
                                     self->m_buffer.commit(n);
                                     self->readHeader();
                                 });
    }

    void readHeader() {
        m_header.emplace();
        m_header->header_limit(static_cast<std::uint32_t>(m_server.limits.headerBytes));
        // The route says after the header how much body it takes (admission.bodyLimit); an
        // announced length above any route's limit is refused here, unread.
        m_header->body_limit(std::max(m_server.limits.bodyBytes, m_server.limits.uploadBytes));
        lowest().expires_after(m_server.limits.headerTimeout);
        http::async_read_header(
            m_stream, m_buffer, *m_header,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec) {
        if (ec == http::error::header_limit)
            return refuse(431, "header_too_large",
                          "request header larger than " + std::to_string(m_server.limits.headerBytes) +
                              " bytes");
        if (ec == http::error::body_limit) // a Content-Length above the limit: refused unread
            return refuse(
                413, "too_large",
                "request body larger than " +
                    std::to_string(std::max(m_server.limits.bodyBytes, m_server.limits.uploadBytes)) +
                    " bytes");
        if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == net::error::eof)
            return close();
        if (ec) return refuse(400, "invalid_request", "malformed HTTP request");
        const auto& head = m_header->get();
        m_request = std::make_shared<HttpRequest>();
        m_request->method = std::string(head.method_string());
        m_request->target = std::string(head.target());
        const auto question = m_request->target.find('?');
        m_request->path = m_request->target.substr(0, question);
        if (question != std::string::npos) m_request->query = m_request->target.substr(question + 1);
        for (const auto& field : head) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            m_request->headers.emplace_back(std::move(name), std::string(field.value()));
        }
        m_request->remoteAddress = m_remote;
        m_keepAlive = head.keep_alive();
        m_bodyFollows = m_header->chunked() || m_header->content_length().value_or(0) > 0;
        // The route's checks (the token) run before a byte of the body is read.
        net::post(m_server.workers, [self = this->shared_from_this()] {
            HttpRoutes::Admission admission =
                self->guarded([&] { return self->m_server.routes.admit(*self->m_request); });
            net::dispatch(self->lowest().get_executor(), [self, admission = std::move(admission)]() mutable {
                self->onAdmission(std::move(admission));
            });
        });
    }

    void onAdmission(HttpRoutes::Admission admission) {
        m_context = std::move(admission.context);
        if (admission.refusal) {
            // A body that will not be read cannot stay on the connection: answer, then close.
            if (m_bodyFollows) m_keepAlive = false;
            return write(std::move(*admission.refusal));
        }
        if (!admission.readBody) {
            if (m_bodyFollows) return refuse(400, "invalid_request", "this request takes no body");
            return respond();
        }
        const auto length = m_header->content_length();
        m_bodyLimit = admission.bodyLimit > 0 ? std::min(admission.bodyLimit, m_server.limits.uploadBytes)
                                              : m_server.limits.bodyBytes;
        if (length && *length > m_bodyLimit)
            return refuse(413, "too_large",
                          "request body larger than " + std::to_string(m_bodyLimit) + " bytes");
        m_body.emplace(std::move(*m_header));
        m_body->body_limit(m_bodyLimit); // chunked bodies too
        lowest().expires_after(m_server.limits.bodyTimeout);
        http::async_read(m_stream, m_buffer, *m_body,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec == http::error::body_limit)
                                 return self->refuse(413, "too_large",
                                                     "request body larger than " +
                                                         std::to_string(self->m_bodyLimit) + " bytes");
                             if (ec) return self->close();
                             self->m_request->body = self->m_body->release().body();
                             self->respond();
                         });
    }

    void respond() {
        net::post(m_server.workers, [self = this->shared_from_this()] {
            HttpAnswer answer = self->guarded(
                [&] { return self->m_server.routes.handle(*self->m_request, self->m_context); });
            // Compressed off the I/O threads, and only once where the route keeps a copy.
            if (!answer.gzipBody && answer.body && answer.body->size() > kCompressAbove &&
                acceptsGzip(*self->m_request))
                answer.gzipBody = std::make_shared<const std::string>(gzip(*answer.body));
            net::dispatch(self->lowest().get_executor(),
                          [self, answer = std::move(answer)]() mutable { self->write(std::move(answer)); });
        });
    }

    /// A handler that throws answers 500 (a kiosk retries it later); the thread goes on.
    template <typename Fn> auto guarded(Fn&& fn) -> decltype(fn()) {
        try {
            return fn();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "regiebord-hub: error: %s %s: %s\n", m_request->method.c_str(),
                         m_request->path.c_str(), e.what());
        } catch (...) {
            std::fprintf(stderr, "regiebord-hub: error: %s %s: unknown\n", m_request->method.c_str(),
                         m_request->path.c_str());
        }
        if constexpr (std::is_same_v<decltype(fn()), HttpAnswer>) {
            return m_server.routes.errorFor(m_request.get(), 500, "internal", "internal error");
        } else {
            HttpRoutes::Admission admission;
            admission.refusal = m_server.routes.errorFor(m_request.get(), 500, "internal", "internal error");
            return admission;
        }
    }

    void refuse(int status, const std::string& code, const std::string& message) {
        m_keepAlive = false;
        write(m_server.routes.errorFor(m_request.get(), status, code, message));
    }

    void write(HttpAnswer answer) {
        const bool gzipped = answer.gzipBody && m_request && acceptsGzip(*m_request);
        m_answerBody = gzipped ? answer.gzipBody : answer.body;
        if (!m_answerBody) m_answerBody = std::make_shared<const std::string>();
        m_response.emplace();
        m_response->result(static_cast<unsigned>(answer.status));
        m_response->version(11);
        m_response->set(http::field::server, "regiebord-hub");
        m_response->set(http::field::date, httpDate());
        m_response->set(http::field::cache_control, "no-store");
        if (!m_answerBody->empty()) m_response->set(http::field::content_type, answer.contentType);
        if (gzipped) m_response->set(http::field::content_encoding, "gzip");
        for (const auto& [name, value] : answer.headers) {
            if (beast::iequals(name, "set-cookie"))
                m_response->insert(name, value); // one header per cookie
            else
                m_response->set(name, value); // replaces a default above
        }
        m_response->body() =
            http::span_body<const char>::value_type(m_answerBody->data(), m_answerBody->size());
        m_response->keep_alive(m_keepAlive && !m_server.stopping);
        m_response->prepare_payload();
        lowest().expires_after(m_server.limits.writeTimeout);
        http::async_write(m_stream, *m_response,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              const bool again = !ec && self->m_response->keep_alive();
                              self->m_response.reset();
                              self->m_answerBody.reset();
                              self->m_header.reset();
                              self->m_body.reset();
                              self->m_context.reset();
                              self->m_request.reset();
                              if (!again) return self->close();
                              self->waitForRequest();
                          });
    }

    void close() {
        beast::error_code ignored;
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
        lowest().close();
    }

    HttpServer::Impl& m_server;
    Stream m_stream;
    std::shared_ptr<ConnectionCounter::Slot> m_slot;
    std::string m_remote;
    beast::flat_buffer m_buffer{16 * 1024UL};
    bool m_first = true;
    bool m_keepAlive = true;
    bool m_bodyFollows = false;
    std::size_t m_bodyLimit = 0; ///< this request's, from its admission
    std::optional<http::request_parser<http::empty_body>> m_header;
    std::optional<http::request_parser<http::string_body>> m_body;
    std::shared_ptr<HttpRequest> m_request;
    std::shared_ptr<void> m_context;
    std::optional<http::response<http::span_body<const char>>> m_response;
    std::shared_ptr<const std::string> m_answerBody;
};

/// The answer to a connection refused before any request was read: written, then closed.
class Refusal : public std::enable_shared_from_this<Refusal> {
public:
    Refusal(tcp::socket socket, std::string text) : m_socket(std::move(socket)), m_text(std::move(text)) {}
    void start() {
        net::async_write(m_socket, net::buffer(m_text),
                         [self = shared_from_this()](beast::error_code, std::size_t) {
                             beast::error_code ignored;
                             self->m_socket.shutdown(tcp::socket::shutdown_both, ignored);
                             self->m_socket.close(ignored);
                         });
    }

private:
    tcp::socket m_socket;
    std::string m_text;
};

} // namespace

void HttpServer::Impl::refuse(tcp::socket socket, int status) {
    const HttpAnswer answer =
        status == 429 ? routes.error(429, "too_many_connections", "too many connections from this address")
                      : routes.error(503, "too_many_connections", "the hub is full; try again");
    const std::string body = answer.body ? *answer.body : std::string();
    const std::string text = "HTTP/1.1 " + std::to_string(status) +
                             (status == 429 ? " Too Many Requests" : " Service Unavailable") +
                             "\r\nContent-Type: application/json\r\nRetry-After: 10\r\nConnection: close\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body;
    std::make_shared<Refusal>(std::move(socket), text)->start();
}

void HttpServer::Impl::accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
        if (stopping) return;
        if (ec) {
            // Out of file descriptors (or another transient failure): wait a moment, never spin.
            auto timer = std::make_shared<net::steady_timer>(io, std::chrono::milliseconds(50));
            timer->async_wait([this, timer](beast::error_code) { accept(); });
            return;
        }
        beast::error_code ignored;
        const auto endpoint = socket.remote_endpoint(ignored);
        const std::string address = endpoint.address().to_string();
        auto [slot, status] = counter.take(address, limits);
        socket.set_option(tcp::no_delay(true), ignored);
        if (!slot) {
            refuse(std::move(socket), status);
        } else if (tls) {
            std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
                *this, beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)), *tls), slot,
                address)
                ->start();
        } else {
            std::make_shared<Session<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)), slot,
                                                         address)
                ->start();
        }
        accept();
    });
}

HttpServer::HttpServer(HttpRoutes& routes, HttpLimits limits, const std::string& certFile,
                       const std::string& keyFile)
    : m_impl(std::make_unique<Impl>(routes, limits)) {
    if (!certFile.empty() || !keyFile.empty()) {
        m_impl->tls.emplace(ssl::context::tls_server);
        m_impl->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                 ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
        m_impl->tls->use_certificate_chain_file(certFile);
        m_impl->tls->use_private_key_file(keyFile, ssl::context::pem);
    }
}

HttpServer::~HttpServer() {
    stop();
    m_impl->workers.join();
}

int HttpServer::bind(const std::string& host, int port) {
    beast::error_code ec;
    const auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) return -1;
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    auto& a = m_impl->acceptor;
    a.open(endpoint.protocol(), ec);
    if (ec) return -1;
    a.set_option(net::socket_base::reuse_address(true), ec);
    a.bind(endpoint, ec);
    if (ec) return -1;
    a.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return -1;
    return a.local_endpoint().port();
}

void HttpServer::run() {
    m_impl->accept();
    const int threads = m_impl->limits.ioThreads > 0
                            ? m_impl->limits.ioThreads
                            : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    std::vector<std::thread> others;
    for (int i = 1; i < threads; ++i)
        others.emplace_back([this] { m_impl->io.run(); });
    m_impl->io.run();
    for (auto& t : others)
        t.join();
}

void HttpServer::stop() {
    if (m_impl->stopping.exchange(true)) return;
    net::post(m_impl->acceptor.get_executor(), [this] {
        beast::error_code ignored;
        m_impl->acceptor.close(ignored);
        for (auto& timer : m_impl->timers)
            timer->cancel();
        m_impl->io.stop(); // open connections end with the process (kiosks retry, keys make it safe)
    });
}

void HttpServer::every(std::chrono::seconds interval, std::function<void()> fn) {
    auto timer = std::make_shared<net::steady_timer>(m_impl->io);
    m_impl->timers.push_back(timer);
    auto tick = std::make_shared<std::function<void()>>();
    *tick = [this, timer, interval, fn = std::move(fn), weak = std::weak_ptr<std::function<void()>>(tick)] {
        timer->expires_after(interval);
        timer->async_wait([this, fn, weak](beast::error_code ec) {
            if (ec || m_impl->stopping) return;
            net::post(m_impl->workers, [fn] {
                try {
                    fn();
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "regiebord-hub: error: %s\n", e.what());
                }
            });
            if (auto next = weak.lock()) (*next)();
        });
    };
    m_impl->ticks.push_back(tick);
    (*tick)();
}

std::size_t HttpServer::openConnections() const {
    return m_impl->counter.total();
}

} // namespace regiebord::hub
