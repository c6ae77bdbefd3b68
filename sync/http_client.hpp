#pragma once
// libcurl behind a value interface: curl.h stays out of this header, one
// easy handle is reused (kept-alive connection), and every outcome is a value:
// a transport error, or an HTTP status with headers and body.

#include "protocol.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regiebord {

/// The most bytes an answer to a small request may have: a decision's, a heartbeat's or an
/// error's answer is a few hundred bytes.
inline constexpr std::size_t kSmallAnswerBytes = std::size_t{256} * 1024;

struct HttpOptions {
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds totalTimeout{30000};
    long lowSpeedBytesPerSecond = 64;              ///< abort when slower than this ...
    std::chrono::seconds lowSpeedTime{10};         ///< ... for this long
    std::size_t maxResponseBytes = kMaxBoardBytes; ///< default cap; a request may set its own
    std::string caFile;                            ///< extra CA bundle (PEM); system store otherwise
    std::string pinnedPublicKey;                   ///< "sha256//base64..." (curl's form), optional
    /// Plain http:// to a host that is not loopback (demos on a trusted network only). Without
    /// it, plain HTTP goes only to a loopback host and only over a loopback socket.
    bool allowPlainHttp = false;
    std::string userAgent = "regiebord";
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::size_t maxResponseBytes = 0; ///< 0: HttpOptions::maxResponseBytes
};

struct HttpResponse {
    long status = 0;            ///< 0 when the transport failed
    std::string transportError; ///< set when no complete HTTP response arrived
    /// The hub answered, but with something no hub may send (larger than the cap, not
    /// HTTP, a broken encoding): not "offline", and not worth waiting for.
    bool unusable = false;
    std::map<std::string, std::string> headers; ///< names in lower case
    std::string body;
    bool transportOk() const { return transportError.empty(); }
    std::string header(const std::string& lowerName) const {
        const auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;
    ~HttpClient();

    /// Blocking; call from a worker thread, never from the UI thread.
    HttpResponse perform(const HttpRequest& request);

    /// The host of a URL as libcurl parses it (IPv6 without brackets, IPv4 normalised:
    /// "http://2130706433/" is 127.0.0.1); nullopt when libcurl refuses the URL.
    static std::optional<std::string> urlHost(const std::string& url);
    /// 127.0.0.0/8 as a dotted IPv4 literal, ::1, or "localhost" (any case).
    static bool isLoopbackHost(std::string_view host);
    /// A URL whose host, as libcurl parses it, is loopback.
    static bool isLoopbackUrl(const std::string& url);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace regiebord
