#include "http_client.hpp"

#include "text.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cstring>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <type_traits>
#include <unistd.h>

namespace regiebord {

namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

struct Receive {
    HttpResponse* response;
    CURL* handle;
    std::size_t cap;
    bool overflow = false;
    bool reserved = false;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* rx = static_cast<Receive*>(user);
    const std::size_t n = size * count;
    std::string& body = rx->response->body;
    if (body.size() + n > rx->cap) {
        rx->overflow = true;
        return 0; // aborts the transfer with CURLE_WRITE_ERROR
    }
    if (!rx->reserved) {
        // Room for the whole answer at once, so the buffer is never copied while it grows:
        // what was announced, else the cap. Pages are touched only as bytes arrive, so an
        // unannounced small answer costs no memory, and an endless one stops at the cap
        // instead of at twice it (the old and the new buffer while a doubling copies).
        // A compressed answer announces its compressed length: then the cap too.
        curl_off_t announced = -1;
        curl_easy_getinfo(rx->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
        const bool encoded = rx->response->headers.count("content-encoding") != 0;
        const std::size_t want =
            announced > 0 && !encoded ? std::min(rx->cap, static_cast<std::size_t>(announced)) : rx->cap;
        if (want > std::size_t{64} * 1024) body.reserve(want);
        rx->reserved = true;
    }
    body.append(data, n);
    return n;
}

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return s.substr(i);
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* response = static_cast<HttpResponse*>(user);
    const std::size_t n = size * count;
    const std::string line(data, n);
    if (line.rfind("HTTP/", 0) == 0) {
        response->headers.clear(); // a new response (after 100-continue)
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) return n;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Header values are foreign bytes: kept as one line of valid UTF-8.
    if (response->headers.size() < 100) response->headers[name] = oneLine(trim(line.substr(colon + 1)), 1000);
    return n;
}

bool isLoopbackAddress(const sockaddr* address) {
    if (address->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(address);
        return (ntohl(in->sin_addr.s_addr) >> 24U) == 127U;
    }
    if (address->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) != 0;
    }
    return false;
}

/// Plain HTTP: the socket is opened only towards a loopback address, whatever the
/// name resolved to. The device token never leaves the machine in clear text.
curl_socket_t openLoopbackOnly(void* /*user*/, curlsocktype /*purpose*/, curl_sockaddr* address) {
    if (!isLoopbackAddress(&address->addr)) return CURL_SOCKET_BAD;
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

/// What curl.h says an option takes (its number's CURLOPTTYPE_* range): a long, a data or
/// string pointer, a function pointer, or a curl_off_t. curl's own compile-time check
/// (typecheck-gcc.h) is for C only; this is a coarser one for our C++ calls.
template <CURLoption Option, typename V> constexpr bool optionTakes() {
    constexpr int range = Option / 10000 * 10000;
    constexpr bool function = std::is_pointer_v<V> && std::is_function_v<std::remove_pointer_t<V>>;
    if constexpr (range == CURLOPTTYPE_LONG)
        return std::is_same_v<V, long>;
    else if constexpr (range == CURLOPTTYPE_OBJECTPOINT)
        return std::is_pointer_v<V> && !function;
    else if constexpr (range == CURLOPTTYPE_FUNCTIONPOINT)
        return function;
    else if constexpr (range == CURLOPTTYPE_OFF_T)
        return std::is_same_v<V, curl_off_t>;
    else
        return false;
}

/// Sets every option through one checked call: an option libcurl refuses (not built
/// in, a value out of range) stops the request before anything is sent.
class Options {
public:
    explicit Options(CURL* handle) : m_handle(handle) {}
    template <CURLoption Option, typename V> void set(const char* name, V value) {
        static_assert(optionTakes<Option, V>(), "a value of the wrong type for this libcurl option");
        if (!m_failed.empty()) return;
        const CURLcode rc = curl_easy_setopt(m_handle, Option, value);
        if (rc != CURLE_OK)
            m_failed = std::string("libcurl refused ") + name + ": " + curl_easy_strerror(rc) +
                       "; the request was not sent";
    }
    const std::string& failed() const { return m_failed; }

private:
    CURL* m_handle;
    std::string m_failed;
};

#define REGIEBORD_SET(options, option, value) (options).set<option>(#option, value)

std::string bytesText(std::size_t bytes) {
    if (bytes >= (1U << 20U)) return std::to_string(bytes >> 20U) + " MB";
    return std::to_string(bytes >> 10U) + " KB";
}

bool unusableCode(CURLcode rc) {
    return rc == CURLE_WEIRD_SERVER_REPLY || rc == CURLE_BAD_CONTENT_ENCODING ||
           rc == CURLE_FILESIZE_EXCEEDED || rc == CURLE_UNSUPPORTED_PROTOCOL;
}

void globalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

struct HttpClient::Impl {
    HttpOptions options;
    std::unique_ptr<CURL, EasyDeleter> easy;
};

HttpClient::HttpClient(HttpOptions options) : m_impl(std::make_unique<Impl>()) {
    globalInit();
    m_impl->options = std::move(options);
    m_impl->easy.reset(curl_easy_init());
}

HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
HttpClient::~HttpClient() = default;

std::optional<std::string> HttpClient::urlHost(const std::string& url) {
    std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
    if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        return std::nullopt;
    char* host = nullptr;
    if (curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK || !host) return std::nullopt;
    std::string out(host);
    curl_free(host);
    if (out.size() >= 2 && out.front() == '[' && out.back() == ']') out = out.substr(1, out.size() - 2);
    return out;
}

bool HttpClient::isLoopbackHost(std::string_view host) {
    std::string lower(host);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, lower.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24U) == 127U;
    in6_addr v6{};
    if (inet_pton(AF_INET6, lower.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6) != 0;
    return false;
}

bool HttpClient::isLoopbackUrl(const std::string& url) {
    const auto host = urlHost(url);
    return host && isLoopbackHost(*host);
}

HttpResponse HttpClient::perform(const HttpRequest& request) {
    HttpResponse response;
    CURL* h = m_impl->easy.get();
    if (!h) {
        response.transportError = "libcurl could not create a handle";
        return response;
    }
    const HttpOptions& o = m_impl->options;

    // libcurl parses the URL once; the same parse is checked here and used to connect.
    std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
    if (!url || curl_url_set(url.get(), CURLUPART_URL, request.url.c_str(), 0) != CURLUE_OK) {
        response.transportError = "invalid hub URL";
        return response;
    }
    char* scheme = nullptr;
    curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0);
    const bool plain = scheme && std::strcmp(scheme, "http") == 0;
    const bool https = scheme && std::strcmp(scheme, "https") == 0;
    curl_free(scheme);
    if (!plain && !https) {
        response.transportError = "the hub URL must start with https://";
        return response;
    }
    const bool loopbackOnly = plain && !o.allowPlainHttp;
    if (loopbackOnly && !isLoopbackUrl(request.url)) {
        response.transportError = "refusing plain http:// to a non-loopback host (use https://)";
        return response;
    }
    // Reset per-request options but keep the connection cache (keep-alive).
    curl_easy_reset(h);
    const std::size_t cap = request.maxResponseBytes ? request.maxResponseBytes : o.maxResponseBytes;
    Receive rx{&response, h, cap};
    Options set(h);
    REGIEBORD_SET(set, CURLOPT_CURLU, url.get());
    REGIEBORD_SET(set, CURLOPT_PROTOCOLS_STR, plain ? "http" : "https");
    if (loopbackOnly) REGIEBORD_SET(set, CURLOPT_OPENSOCKETFUNCTION, openLoopbackOnly);
    REGIEBORD_SET(set, CURLOPT_FOLLOWLOCATION, 0L);
    REGIEBORD_SET(set, CURLOPT_NOSIGNAL, 1L);
    REGIEBORD_SET(set, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connectTimeout.count()));
    REGIEBORD_SET(set, CURLOPT_TIMEOUT_MS, static_cast<long>(o.totalTimeout.count()));
    REGIEBORD_SET(set, CURLOPT_LOW_SPEED_LIMIT, o.lowSpeedBytesPerSecond);
    REGIEBORD_SET(set, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.lowSpeedTime.count()));
    REGIEBORD_SET(set, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(cap));
    REGIEBORD_SET(set, CURLOPT_SSL_VERIFYPEER, 1L); // never turned off
    REGIEBORD_SET(set, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!o.caFile.empty()) REGIEBORD_SET(set, CURLOPT_CAINFO, o.caFile.c_str());
    if (!o.pinnedPublicKey.empty()) REGIEBORD_SET(set, CURLOPT_PINNEDPUBLICKEY, o.pinnedPublicKey.c_str());
    REGIEBORD_SET(set, CURLOPT_USERAGENT, o.userAgent.c_str());
    // gzip only: cpp-httplib compresses brotli at its slowest quality (seconds for a large board).
    REGIEBORD_SET(set, CURLOPT_ACCEPT_ENCODING, "gzip");
    REGIEBORD_SET(set, CURLOPT_WRITEFUNCTION, onBody);
    REGIEBORD_SET(set, CURLOPT_WRITEDATA, &rx);
    REGIEBORD_SET(set, CURLOPT_HEADERFUNCTION, onHeader);
    REGIEBORD_SET(set, CURLOPT_HEADERDATA, &response);

    std::unique_ptr<curl_slist, ListDeleter> headers;
    for (const auto& [name, value] : request.headers) {
        const std::string line = name + ": " + value;
        headers.reset(curl_slist_append(headers.release(), line.c_str()));
    }
    if (request.method == "POST") {
        REGIEBORD_SET(set, CURLOPT_POST, 1L);
        REGIEBORD_SET(set, CURLOPT_POSTFIELDS, request.body.data());
        REGIEBORD_SET(set, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        headers.reset(curl_slist_append(headers.release(), "Content-Type: application/json"));
        headers.reset(curl_slist_append(headers.release(), "Expect:"));
    } else if (request.method != "GET") {
        REGIEBORD_SET(set, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    REGIEBORD_SET(set, CURLOPT_HTTPHEADER, headers.get());
    if (!set.failed().empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
        curl_easy_setopt(h, CURLOPT_CURLU, nullptr);
        response.transportError = set.failed();
        return response;
    }

    const CURLcode rc = curl_easy_perform(h);
    // The handle outlives this call: it must not keep pointers to what dies here.
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_CURLU, nullptr);
    if (rc != CURLE_OK) {
        response.unusable = rx.overflow || unusableCode(rc);
        response.transportError =
            rx.overflow || rc == CURLE_FILESIZE_EXCEEDED
                ? "answer larger than " + bytesText(cap) + ", the most this request may get"
                : oneLine(curl_easy_strerror(rc), 200);
        std::string().swap(response.body); // give the memory back at once
        response.status = 0;
        return response;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

} // namespace regiebord
