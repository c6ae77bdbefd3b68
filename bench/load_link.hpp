#pragma once
// One kept-alive HTTP/1.1 connection of regiebord-hub-load to the hub, opened on demand.
// Like curl reusing a connection, it checks before each request that the hub has not
// closed it meanwhile, and opens a new one if it has. One request at a time. It counts
// what happens on the wire (connections, requests sent, statuses, transport failures);
// what an answer means is up to its owner.

#include "load_stats.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace regiebord::load {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// The kiosk's limits for an answer (sync/sync_engine.cpp): a board document, anything else.
inline constexpr std::size_t kBoardAnswerBytes = std::size_t{96} * 1024 * 1024;
inline constexpr std::size_t kSmallAnswerBytes = std::size_t{256} * 1024;

struct LinkSettings {
    boost::asio::ip::tcp::endpoint hub;
    std::string host;                                   ///< the Host header
    Clock::duration timeout = std::chrono::seconds(10); ///< for connecting, and for a whole answer
};

/// A header of an answer as a std::string_view ("" when absent).
inline std::string_view headerOf(const HttpResponse& response, boost::beast::http::field field) {
    const auto value = response[field];
    return {value.data(), value.size()};
}

/// What came of a request: an answer, or the failure that kept it away (already counted).
struct LinkResult {
    std::optional<Failure> failure;
    const HttpResponse* response = nullptr; ///< valid during the handler only
    Clock::duration latency{};              ///< from sending the request to the whole answer
    Clock::time_point sentAt;
    [[nodiscard]] int status() const { return response ? static_cast<int>(response->result_int()) : 0; }
};

class HttpLink {
public:
    using Handler = std::function<void(const LinkResult&)>;

    /// `source`: the local address to connect from; unspecified for the kernel's choice.
    HttpLink(boost::asio::io_context& io, const LinkSettings& settings, Stats& stats,
             boost::asio::ip::address source = {});
    HttpLink(const HttpLink&) = delete;
    HttpLink& operator=(const HttpLink&) = delete;

    /// Connects now, without a request (the ramp-up opens connections before the first round).
    void open();
    /// Sends `request` (Host, Connection and Content-Length are set here) and calls `done` with
    /// the answer of at most `bodyLimit` bytes; connects first when needed.
    void send(HttpRequest request, RequestKind kind, std::size_t bodyLimit, Handler done);
    /// Closes the connection; a request in flight ends with Failure::Other (not counted), a
    /// request waiting for its connection is dropped. Owners close only when idle.
    void close();
    [[nodiscard]] bool busy() const { return static_cast<bool>(m_done); }

private:
    enum class State { Closed, Connecting, Open };

    void connect();
    void onConnected(const boost::system::error_code& ec);
    [[nodiscard]] bool stillOpen();
    void write();
    void finish(const boost::system::error_code& ec);

    const LinkSettings& m_settings;
    Stats& m_stats;
    boost::asio::ip::address m_source;
    boost::beast::tcp_stream m_stream;
    boost::beast::flat_buffer m_buffer;
    State m_state = State::Closed;
    unsigned m_generation = 0; ///< counts close(): a connect that completes after one is stale
    Clock::time_point m_connectStartedAt;

    // The request in flight (m_done set) or waiting for the connection.
    HttpRequest m_request;
    RequestKind m_kind = RequestKind::Poll;
    std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> m_parser;
    Clock::time_point m_sentAt;
    Handler m_done;
};

} // namespace regiebord::load
