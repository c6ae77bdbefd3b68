// The hub's limits, against the real hub process: each answers with its status before
// any work, slow and idle clients cost no thread and are dropped in time, and one
// address cannot take the hub (issue 14). Raw sockets: these are the requests a
// well-behaved client never sends.

#include "http_client.hpp"
#include "protocol.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace regiebord;
using namespace regiebord::test;
using namespace std::chrono_literals;

namespace {

class Socket {
public:
    explicit Socket(int port) : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket() {
        if (m_fd >= 0) ::close(m_fd);
    }
    bool connected() const { return m_connected; }
    /// Sends what it can; false once the peer closed.
    bool send(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(m_fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    /// What arrives within the timeout, until the peer closes or a whole answer is there.
    std::string receive(std::chrono::milliseconds timeout) {
        std::string out;
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            pollfd p{m_fd, POLLIN, 0};
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            if (::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 1))) <= 0) break;
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                m_closed = true;
                break;
            }
            out.append(buffer, static_cast<std::size_t>(n));
            if (complete(out)) break;
        }
        return out;
    }
    /// True once the peer closed the connection (within the timeout).
    bool closedWithin(std::chrono::milliseconds timeout) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (!m_closed && std::chrono::steady_clock::now() < end)
            receive(end - std::chrono::steady_clock::now() > 100ms ? 100ms : 10ms);
        return m_closed;
    }

private:
    static bool complete(const std::string& text) {
        const auto head = text.find("\r\n\r\n");
        if (head == std::string::npos) return false;
        const auto cl = text.find("Content-Length: ");
        if (cl == std::string::npos || cl > head) return true;
        return text.size() >= head + 4 + std::stoul(text.substr(cl + 16));
    }
    int m_fd;
    bool m_connected = false;
    bool m_closed = false;
};

int statusOf(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

std::string request(const std::string& method, const std::string& path, const std::string& headers,
                    const std::string& body = {}) {
    return method + " " + path + " HTTP/1.1\r\nHost: hub\r\n" + headers +
           (body.empty() ? std::string() : "Content-Length: " + std::to_string(body.size()) + "\r\n") +
           "\r\n" + body;
}

const std::string kAuth = std::string("Authorization: Bearer ") + kDemoToken + "\r\n";

long residentKb(int pid) {
    const std::string status = readFile("/proc/" + std::to_string(pid) + "/status");
    const auto at = status.find("VmRSS:");
    return at == std::string::npos ? 0 : std::stol(status.substr(at + 6));
}

int threadsOf(int pid) {
    const std::string status = readFile("/proc/" + std::to_string(pid) + "/status");
    const auto at = status.find("Threads:");
    return at == std::string::npos ? 0 : std::stoi(status.substr(at + 8));
}

} // namespace

TEST_CASE("a header larger than the limit is 431, a body larger than the limit 413 (chunked too)",
          "[hub][limits]") {
    TempDir dir;
    HubProcess hub(dir.path());
    {
        Socket s(hub.port());
        s.send(request("GET", "/v1/boards/demo-regio/snapshot",
                       kAuth + "X-Padding: " + std::string(20000, 'x') + "\r\n"));
        CHECK(statusOf(s.receive(5s)) == 431);
    }
    const std::string decisions = "/v1/boards/demo-regio/decisions";
    const std::string key =
        "Idempotency-Key: 6a1c3c2e-1111-4222-8333-444455556666\r\nContent-Type: application/json\r\n";
    {
        // Announced too large: refused before a byte of it is read.
        Socket s(hub.port());
        s.send("POST " + decisions + " HTTP/1.1\r\nHost: hub\r\n" + kAuth + key +
               "Content-Length: 70000\r\n\r\n");
        CHECK(statusOf(s.receive(5s)) == 413);
    }
    {
        // Chunked, with no length announced: cut at the limit.
        Socket s(hub.port());
        s.send("POST " + decisions + " HTTP/1.1\r\nHost: hub\r\n" + kAuth + key +
               "Transfer-Encoding: chunked\r\n\r\n");
        const std::string chunk(16384, ' ');
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
        for (int i = 0; i < 8; ++i)
            if (!s.send(size + chunk + "\r\n")) break;
        CHECK(statusOf(s.receive(5s)) == 413);
    }
}

TEST_CASE("the token is checked before the body is read: no token, no body taken", "[hub][limits]") {
    TempDir dir;
    HubProcess hub(dir.path());
    const long before = residentKb(hub.process().pid());
    Socket s(hub.port());
    // A chunked body of 200 MB would follow; the answer comes after the header alone.
    s.send(
        "POST /v1/boards/demo-regio/decisions HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string answer = s.receive(5s);
    CHECK(statusOf(answer) == 401);
    CHECK_THAT(answer, Catch::Contains("Connection: close"));
    const std::string chunk = "100000\r\n" + std::string(0x100000, 'x') + "\r\n";
    int sent = 0;
    while (sent < 200 && s.send(chunk))
        ++sent;
    CHECK(sent < 200); // the hub closed the connection instead of reading
    CHECK(residentKb(hub.process().pid()) - before < 20 * 1024);
}

TEST_CASE("a client that sends its header too slowly is dropped; an idle one waits for its next request",
          "[hub][limits]") {
    TempDir dir;
    HubProcess hub(dir.path(), true, 0, {}, "http",
                   {"server.header_timeout_seconds = 1", "server.idle_timeout_seconds = 5"});
    Socket slow(hub.port());
    slow.send("GET /v1/health HTTP/1.1\r\n");
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10 && slow.send("X-Drip: 1\r\n"); ++i)
        std::this_thread::sleep_for(200ms);
    CHECK(slow.closedWithin(3s));
    CHECK(std::chrono::steady_clock::now() - start < 4s);
    // Kept alive between requests, for the idle timeout, not the header timeout.
    Socket kept(hub.port());
    kept.send(request("GET", "/v1/health", ""));
    CHECK(statusOf(kept.receive(5s)) == 200);
    std::this_thread::sleep_for(2s);
    REQUIRE(kept.send(request("GET", "/v1/health", "")));
    CHECK(statusOf(kept.receive(5s)) == 200);
}

TEST_CASE("idle connections cost no thread: with 300 of them open, a poll is answered at once",
          "[hub][limits]") {
    TempDir dir;
    HubProcess hub(dir.path(), true, 0, {}, "http", {"server.connections_per_address = 1000"});
    std::vector<std::unique_ptr<Socket>> idle;
    for (int i = 0; i < 300; ++i) {
        idle.push_back(std::make_unique<Socket>(hub.port()));
        idle.back()->send(request("GET", "/v1/health", ""));
    }
    for (auto& s : idle)
        CHECK(statusOf(s->receive(5s)) == 200); // now each waits, kept alive
    const int threads = threadsOf(hub.process().pid());
    CHECK(threads < 30);
    HttpClient http({});
    const auto start = std::chrono::steady_clock::now();
    const auto r = http.perform({"GET",
                                 hub.url() + "/v1/boards/demo-regio/changes?since=0",
                                 {{"Authorization", std::string("Bearer ") + kDemoToken}},
                                 {}});
    CHECK(r.status == 200);
    CHECK(std::chrono::steady_clock::now() - start < 2s); // not 65 s behind kept-alive sockets
}

TEST_CASE("one address gets at most its share of connections (429); the hub at most its total (503)",
          "[hub][limits]") {
    TempDir dir;
    HubProcess hub(dir.path(), true, 0, {}, "http",
                   {"server.connections_per_address = 20", "server.max_connections = 30"});
    std::vector<std::unique_ptr<Socket>> held;
    for (int i = 0; i < 20; ++i)
        held.push_back(std::make_unique<Socket>(hub.port()));
    std::this_thread::sleep_for(200ms);
    {
        Socket extra(hub.port());
        const std::string answer = extra.receive(5s);
        CHECK(statusOf(answer) == 429);
        CHECK_THAT(answer, Catch::Contains("too_many_connections"));
    }
    held.clear();
    std::this_thread::sleep_for(200ms);
    // Once they close, the address is welcome again.
    Socket again(hub.port());
    again.send(request("GET", "/v1/health", ""));
    CHECK(statusOf(again.receive(5s)) == 200);
}

TEST_CASE("a request with a body where none belongs, or a path or method that does not exist, is refused",
          "[hub][limits]") {
    TempDir dir;
    HubProcess hub(dir.path());
    {
        Socket s(hub.port());
        s.send(request("GET", "/v1/boards/demo-regio/snapshot", kAuth, "{}"));
        CHECK(statusOf(s.receive(5s)) == 400);
    }
    {
        Socket s(hub.port());
        s.send(request("GET", "/v1/nothing-here", ""));
        CHECK(statusOf(s.receive(5s)) == 404);
    }
    {
        Socket s(hub.port());
        s.send(request("DELETE", "/v1/boards/demo-regio/snapshot", kAuth));
        CHECK(statusOf(s.receive(5s)) == 405);
    }
    {
        Socket s(hub.port());
        s.send("THIS IS NOT HTTP\r\n\r\n");
        CHECK(statusOf(s.receive(5s)) == 400);
    }
}
