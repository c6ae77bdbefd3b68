#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace regiebord::test {

namespace {

bool sendAll(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

/// Reads one HTTP message (head + Content-Length body). False on EOF or error.
bool readMessage(int fd, std::string& buffer, std::string& message, bool responseToHead = false) {
    auto headEnd = buffer.find("\r\n\r\n");
    char chunk[16384];
    while (headEnd == std::string::npos) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
        headEnd = buffer.find("\r\n\r\n");
    }
    std::size_t length = 0;
    std::string head = buffer.substr(0, headEnd + 4);
    std::string lower = head;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto cl = lower.find("content-length:");
    if (cl != std::string::npos && !responseToHead) length = std::stoul(head.substr(cl + 15));
    while (buffer.size() < headEnd + 4 + length) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    message = buffer.substr(0, headEnd + 4 + length);
    buffer.erase(0, message.size());
    return true;
}

void resetAndClose(int fd) {
    linger l{1, 0}; // RST instead of FIN
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
}

int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string canned(int status, const std::string& reason, const std::string& extraHeaders) {
    const std::string body = R"({"error":{"code":"injected","message":"fault injected by the test proxy"}})";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: application/json\r\n" +
           extraHeaders + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

} // namespace

FaultProxy::FaultProxy(int upstreamPort, Policy policy)
    : m_upstreamPort(upstreamPort), m_policy(std::move(policy)) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 16) != 0)
        throw std::runtime_error("fault proxy cannot listen");
    socklen_t len = sizeof addr;
    getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy() {
    m_stop = true;
    ::shutdown(m_listen, SHUT_RDWR);
    ::close(m_listen);
    if (m_acceptThread.joinable()) m_acceptThread.join();
    {
        std::lock_guard lock(m_mutex);
        for (const int fd : m_openSockets)
            ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : m_workers)
        if (t.joinable()) t.join();
}

void FaultProxy::setRewrite(std::function<std::string(const std::string&)> rewrite) {
    std::lock_guard lock(m_mutex);
    m_rewrite = std::move(rewrite);
}

void FaultProxy::setPolicy(Policy policy) {
    std::lock_guard lock(m_mutex);
    m_policy = std::move(policy);
}

Fault FaultProxy::decide(const std::string& line) {
    std::lock_guard lock(m_mutex);
    return m_policy(line);
}

void FaultProxy::acceptLoop() {
    while (!m_stop) {
        pollfd p{m_listen, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        std::lock_guard lock(m_mutex);
        m_openSockets.push_back(client);
        m_workers.emplace_back([this, client] { serve(client); });
    }
}

void FaultProxy::serve(int client) {
    std::string buffer;
    std::string request;
    for (;;) {
        // Peek at what the next request will be: a reset-before-request fault
        // must hit before anything is read, so decide on the connection's first line.
        pollfd p{client, POLLIN, 0};
        while (!m_stop && ::poll(&p, 1, 100) == 0) {
        }
        if (m_stop) break;
        char peek[512];
        const ssize_t n = ::recv(client, peek, sizeof peek, MSG_PEEK);
        if (n <= 0) break;
        const std::string start(peek, static_cast<std::size_t>(n));
        const std::string line = start.substr(0, start.find("\r\n"));
        const Fault fault = decide(line);
        ++m_requests;
        if (fault == Fault::ResetBeforeRequest) {
            finish(client, true);
            return;
        }
        if (!readMessage(client, buffer, request)) break;
        m_bytesUp += request.size();
        if (fault == Fault::Status500) {
            if (!sendAll(client, canned(500, "Internal Server Error", ""))) break;
            continue;
        }
        if (fault == Fault::Status503RetryAfter || fault == Fault::Status429RetryAfter) {
            const bool is503 = fault == Fault::Status503RetryAfter;
            if (!sendAll(client,
                         canned(is503 ? 503 : 429, is503 ? "Service Unavailable" : "Too Many Requests",
                                "Retry-After: " + retryAfter + "\r\n")))
                break;
            continue;
        }
        if (fault == Fault::EndlessBody) {
            sendAll(client, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[");
            const std::string chunk(64 * 1024, ' ');
            while (!m_stop && sendAll(client, chunk)) {
            }
            break;
        }
        if (fault == Fault::Rewrite) {
            // The body is rewritten as text: ask the hub for it uncompressed.
            std::string lower = request;
            for (auto& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const auto at = lower.find("\r\naccept-encoding:");
            if (at != std::string::npos) request.erase(at, request.find("\r\n", at + 2) - at);
        }
        const int upstream = connectTo(m_upstreamPort);
        if (upstream < 0) break;
        std::string upstreamBuffer;
        std::string response;
        const bool got = sendAll(upstream, request) &&
                         readMessage(upstream, upstreamBuffer, response, line.rfind("HEAD", 0) == 0);
        ::close(upstream);
        ++m_forwarded;
        if (!got) break;
        if (fault == Fault::CutAfterCommit) {
            finish(client, true); // the hub has acted; the kiosk never hears
            return;
        }
        if (fault == Fault::Rewrite) {
            std::function<std::string(const std::string&)> rewrite;
            {
                std::lock_guard lock(m_mutex);
                rewrite = m_rewrite;
            }
            const auto headEnd = response.find("\r\n\r\n");
            std::string head = response.substr(0, headEnd + 2);
            const std::string body =
                rewrite ? rewrite(response.substr(headEnd + 4)) : response.substr(headEnd + 4);
            std::string lower = head;
            for (auto& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const auto cl = lower.find("content-length:");
            if (cl != std::string::npos) head.erase(cl, head.find("\r\n", cl) + 2 - cl);
            response = head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        }
        if (fault == Fault::SlowDrip) {
            for (const char c : response) {
                if (m_stop || !sendAll(client, std::string(1, c))) break;
                usleep(250'000);
            }
            break;
        }
        if (!sendAll(client, response)) break;
        m_bytesDown += response.size();
    }
    finish(client, false);
}

void FaultProxy::finish(int client, bool reset) {
    {
        std::lock_guard lock(m_mutex);
        std::erase(m_openSockets, client);
    }
    if (reset)
        resetAndClose(client);
    else
        ::close(client);
}

} // namespace regiebord::test
