#include "http_client.hpp"

#include "curl_api.hpp"

#include <algorithm>
#include <cctype>

namespace regiebord {

namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const { curlApi()->easy_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curlApi()->slist_free_all(list); }
};

struct Receive {
    HttpResponse* response;
    std::size_t cap;
    bool overflow = false;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* rx = static_cast<Receive*>(user);
    const std::size_t n = size * count;
    if (rx->response->body.size() + n > rx->cap) {
        rx->overflow = true;
        return 0; // aborts the transfer with CURLE_WRITE_ERROR
    }
    rx->response->body.append(data, n);
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
    response->headers[name] = trim(line.substr(colon + 1));
    return n;
}

std::string hostOf(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return {};
    std::size_t start = scheme + 3;
    const auto at = url.find('@', start);
    const auto slash = url.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) start = at + 1;
    if (start < url.size() && url[start] == '[') {
        const auto close = url.find(']', start);
        return close == std::string::npos ? std::string() : url.substr(start + 1, close - start - 1);
    }
    const auto end = url.find_first_of(":/?#", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

} // namespace

struct HttpClient::Impl {
    HttpOptions options;
    std::unique_ptr<CURL, EasyDeleter> easy;
};

HttpClient::HttpClient(HttpOptions options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
    // libcurl is loaded, and the handle made, by the first request (see curl_api.hpp).
}

HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
HttpClient::~HttpClient() = default;

bool HttpClient::isLoopbackUrl(const std::string& url) {
    const std::string host = hostOf(url);
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

HttpResponse HttpClient::perform(const HttpRequest& request) {
    HttpResponse response;
    if (!m_impl->easy)
        if (const CurlApi* curl = curlApi()) m_impl->easy.reset(curl->easy_init());
    CURL* h = m_impl->easy.get();
    if (!h) {
        response.transportError = curlApi() ? "libcurl could not create a handle" : curlLoadError();
        return response;
    }
    const CurlApi& curl = *curlApi();
    const HttpOptions& o = m_impl->options;
    const bool plain = request.url.rfind("http://", 0) == 0;
    if (plain && !isLoopbackUrl(request.url) && !o.allowPlainHttp) {
        response.transportError = "refusing plain http:// to a non-loopback host (use https://)";
        return response;
    }
    // Reset per-request options but keep the connection cache (keep-alive).
    curl.easy_reset(h);
    Receive rx{&response, o.maxResponseBytes};
    curl.easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, plain ? "http" : "https");
    curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connectTimeout.count()));
    curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o.totalTimeout.count()));
    curl.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, o.lowSpeedBytesPerSecond);
    curl.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.lowSpeedTime.count()));
    curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.maxResponseBytes));
    curl.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L); // never turned off
    curl.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!o.caFile.empty()) curl.easy_setopt(h, CURLOPT_CAINFO, o.caFile.c_str());
    if (!o.pinnedPublicKey.empty()) curl.easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, o.pinnedPublicKey.c_str());
    curl.easy_setopt(h, CURLOPT_USERAGENT, o.userAgent.c_str());
    // gzip only: cpp-httplib compresses brotli at its slowest quality (seconds for a large board).
    curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody);
    curl.easy_setopt(h, CURLOPT_WRITEDATA, &rx);
    curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
    curl.easy_setopt(h, CURLOPT_HEADERDATA, &response);

    std::unique_ptr<curl_slist, ListDeleter> headers;
    for (const auto& [name, value] : request.headers) {
        const std::string line = name + ": " + value;
        headers.reset(curl.slist_append(headers.release(), line.c_str()));
    }
    if (request.method == "POST") {
        curl.easy_setopt(h, CURLOPT_POST, 1L);
        curl.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        headers.reset(curl.slist_append(headers.release(), "Content-Type: application/json"));
        headers.reset(curl.slist_append(headers.release(), "Expect:"));
    } else if (request.method != "GET") {
        curl.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

    const CURLcode rc = curl.easy_perform(h);
    curl.easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    if (rc != CURLE_OK) {
        response.transportError =
            rx.overflow ? "response larger than " + std::to_string(o.maxResponseBytes) + " bytes; aborted"
                        : std::string(curl.easy_strerror(rc));
        response.body.clear();
        response.status = 0;
        return response;
    }
    curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

} // namespace regiebord
