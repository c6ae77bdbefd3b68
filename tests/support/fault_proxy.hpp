#pragma once
// A fault-injecting HTTP proxy for tests: sits on a loopback port between the
// kiosk and the real hub, reads each request and, as the test's policy says,
// forwards it or breaks it the way networks and servers break.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace regiebord::test {

enum class Fault {
    Pass,                ///< forward, relay the answer
    ResetBeforeRequest,  ///< accept, then reset the connection before reading anything
    CutAfterCommit,      ///< forward (the hub acts on it), then reset instead of answering
    SlowDrip,            ///< forward, relay the answer one byte every 250 ms
    Status500,           ///< answer 500 without forwarding
    Status503RetryAfter, ///< answer 503 with Retry-After (see retryAfter) without forwarding
    Status429RetryAfter, ///< answer 429 with Retry-After without forwarding
    EndlessBody,         ///< answer 200 and stream bytes forever
    Rewrite              ///< forward (uncompressed), pass the answer's body through rewrite()
};

class FaultProxy {
public:
    /// requestLine is e.g. "POST /v1/boards/demo-regio/decisions HTTP/1.1".
    using Policy = std::function<Fault(const std::string& requestLine)>;

    FaultProxy(int upstreamPort, Policy policy);
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;
    ~FaultProxy();

    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    void setPolicy(Policy policy);
    std::string retryAfter = "2"; ///< value of Retry-After for the 429/503 faults
    /// For Fault::Rewrite: the answer's body in, the body to send out (Content-Length follows).
    void setRewrite(std::function<std::string(const std::string&)> rewrite);
    int requestsSeen() const { return m_requests; }
    int forwarded() const { return m_forwarded; }
    /// Bytes of requests read from, and of answers relayed to, the client (headers included).
    std::size_t bytesFromClient() const { return m_bytesUp; }
    std::size_t bytesToClient() const { return m_bytesDown; }

private:
    void acceptLoop();
    void serve(int client);
    Fault decide(const std::string& requestLine);
    void finish(int client, bool reset);

    int m_upstreamPort;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_requests{0};
    std::atomic<int> m_forwarded{0};
    std::atomic<std::size_t> m_bytesUp{0};
    std::atomic<std::size_t> m_bytesDown{0};
    std::mutex m_mutex;
    Policy m_policy;
    std::function<std::string(const std::string&)> m_rewrite;
    std::thread m_acceptThread;
    std::vector<std::thread> m_workers;
    std::vector<int> m_openSockets;
};

/// Policy helpers.
inline FaultProxy::Policy always(Fault fault) {
    return [fault](const std::string&) { return fault; };
}
inline FaultProxy::Policy onDecisions(Fault fault) {
    return [fault](const std::string& line) {
        return line.find("/decisions") != std::string::npos ? fault : Fault::Pass;
    };
}

} // namespace regiebord::test
