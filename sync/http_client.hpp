#pragma once
// libcurl behind a value interface: curl.h stays out of this header, one
// easy handle is reused (kept-alive connection), and every outcome is a value:
// a transport error, or an HTTP status with headers and body.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace regiebord {

struct HttpOptions {
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds totalTimeout{30000};
    long lowSpeedBytesPerSecond = 64;           ///< abort when slower than this ...
    std::chrono::seconds lowSpeedTime{10};      ///< ... for this long
    std::size_t maxResponseBytes = 256u << 20U; ///< enforced while receiving
    std::string caFile;                         ///< extra CA bundle (PEM); system store otherwise
    std::string pinnedPublicKey;                ///< "sha256//base64..." (curl's form), optional
    bool allowPlainHttp = false;                ///< plain http:// (only honoured for loopback hosts)
    std::string userAgent = "regiebord";
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct HttpResponse {
    long status = 0;                            ///< 0 when the transport failed
    std::string transportError;                 ///< set when no complete HTTP response arrived
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

    /// True for URLs whose host is loopback (127.0.0.0/8, ::1, localhost).
    static bool isLoopbackUrl(const std::string& url);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace regiebord
