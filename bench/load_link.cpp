#include "load_link.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>

namespace regiebord::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

Failure classifyConnect(const boost::system::error_code& ec) {
    if (ec == asio::error::connection_refused || ec == asio::error::connection_reset)
        return Failure::ConnectRefused;
    if (ec == beast::error::timeout) return Failure::ConnectTimeout;
    return Failure::ConnectOther;
}

Failure classifyTransport(const boost::system::error_code& ec) {
    if (ec == beast::error::timeout) return Failure::Timeout;
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == http::error::partial_message)
        return Failure::Closed;
    if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
        ec == asio::error::connection_aborted)
        return Failure::Reset;
    if (ec.category() == http::make_error_code(http::error::end_of_stream).category())
        return Failure::BadAnswer;
    return Failure::Other;
}

} // namespace

HttpLink::HttpLink(asio::io_context& io, const LinkSettings& settings, Stats& stats, asio::ip::address source)
    : m_settings(settings), m_stats(stats), m_source(std::move(source)), m_stream(io) {}

void HttpLink::open() {
    if (m_state == State::Closed) connect();
}

void HttpLink::send(HttpRequest request, RequestKind kind, std::size_t bodyLimit, Handler done) {
    m_request = std::move(request);
    m_request.version(11);
    m_request.set(http::field::host, m_settings.host);
    m_request.keep_alive(true);
    m_request.prepare_payload();
    m_kind = kind;
    m_parser.emplace();
    m_parser->body_limit(bodyLimit);
    m_done = std::move(done);
    if (m_state == State::Open && !stillOpen()) {
        ++m_stats.counters.idleClosed;
        close();
    }
    if (m_state == State::Open) return write();
    if (m_state == State::Closed) connect();
    // Connecting: onConnected writes it.
}

void HttpLink::connect() {
    m_state = State::Connecting;
    ++m_stats.counters.connectAttempts;
    m_connectStartedAt = Clock::now();
    if (!m_source.is_unspecified()) {
        // From our own address: the kernel looks for a free local port per source address,
        // and with ~28k ports for one source and 10k connections plus the TIME_WAITs of
        // reconnects, that search takes milliseconds per connect() and stalls the tool.
        // IP_BIND_ADDRESS_NO_PORT: the port is still chosen at connect(), per destination.
        boost::system::error_code ec;
        auto& socket = m_stream.socket();
        socket.open(m_settings.hub.protocol(), ec);
        const int one = 1;
        if (!ec &&
            ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one) != 0)
            ec.assign(errno, boost::system::system_category());
        if (!ec) socket.bind({m_source, 0}, ec);
        if (ec) {
            asio::post(m_stream.get_executor(), [this, ec, generation = m_generation] {
                if (generation == m_generation) onConnected(ec);
            });
            return;
        }
    }
    m_stream.expires_after(m_settings.timeout);
    m_stream.async_connect(m_settings.hub,
                           [this, generation = m_generation](const boost::system::error_code& ec) {
                               if (generation == m_generation) onConnected(ec); // else closed meanwhile
                           });
}

void HttpLink::onConnected(const boost::system::error_code& ec) {
    if (ec) {
        m_state = State::Closed;
        m_stream.close();
        const Failure failure = classifyConnect(ec);
        m_stats.counters.fail(failure, failure == Failure::ConnectOther ? "connect: " + ec.message() : "");
        if (!m_done) return;
        m_parser.reset();
        LinkResult result;
        result.failure = failure;
        std::exchange(m_done, nullptr)(result);
        return;
    }
    m_state = State::Open;
    ++m_stats.counters.connected;
    ++m_stats.counters.open;
    m_stats.connect.add(Clock::now() - m_connectStartedAt);
    boost::system::error_code ignored;
    m_stream.socket().set_option(asio::ip::tcp::no_delay(true), ignored); // as curl does
    m_stream.expires_never();
    if (m_done) write();
}

bool HttpLink::stillOpen() {
    char byte = 0;
    const auto n = ::recv(m_stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    return false; // 0: the hub closed it; > 0: bytes nobody asked for, so unusable
}

void HttpLink::close() {
    ++m_generation;
    if (m_state == State::Open) --m_stats.counters.open;
    if (m_state == State::Connecting) { // its request is dropped (see the header)
        m_done = nullptr;
        m_parser.reset();
    }
    m_state = State::Closed;
    boost::system::error_code ignored;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    m_stream.close();
    m_buffer.clear();
}

void HttpLink::write() {
    ++m_stats.counters.sent.at(static_cast<std::size_t>(m_kind));
    m_sentAt = Clock::now();
    // One deadline for writing the request and reading the whole answer.
    const auto deadline = m_sentAt + m_settings.timeout;
    m_stream.expires_at(deadline);
    http::async_write(
        m_stream, m_request, [this, deadline](const boost::system::error_code& ec, std::size_t) {
            if (ec) return finish(ec);
            m_stream.expires_at(deadline);
            http::async_read(m_stream, m_buffer, *m_parser,
                             [this](const boost::system::error_code& e, std::size_t) { finish(e); });
        });
}

void HttpLink::finish(const boost::system::error_code& ec) {
    LinkResult result;
    result.sentAt = m_sentAt;
    result.latency = Clock::now() - m_sentAt;
    if (ec) {
        if (ec != asio::error::operation_aborted) { // aborted: closed by us, at the end of a run
            result.failure = classifyTransport(ec);
            m_stats.counters.fail(*result.failure,
                                  *result.failure == Failure::Other || *result.failure == Failure::BadAnswer
                                      ? std::string(describe(m_kind)) + ": " + ec.message()
                                      : std::string());
        } else {
            result.failure = Failure::Other;
        }
        close();
        m_parser.reset();
        std::exchange(m_done, nullptr)(result);
        return;
    }
    m_stream.expires_never();
    const HttpResponse response = m_parser->release();
    m_parser.reset();
    ++m_stats.counters.statuses[static_cast<int>(response.result_int())];
    if (!response.keep_alive()) {
        ++m_stats.counters.hubClosed;
        close();
    }
    if (m_buffer.capacity() > std::size_t{64} * 1024) m_buffer = {}; // no large buffer kept per kiosk
    result.response = &response;
    std::exchange(m_done, nullptr)(result);
}

} // namespace regiebord::load
