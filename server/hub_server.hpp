#pragma once
// The hub's HTTP API (docs/protocol.md) on cpp-httplib.

#include "hub_store.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace regiebord::hub {

class HubServer {
public:
    /// Plain HTTP without cert/key (loopback, tests, demo); HTTPS with both (PEM files).
    explicit HubServer(HubStore& store, const std::string& certFile = {}, const std::string& keyFile = {});
    bool valid() const; ///< false when the TLS files could not be loaded
    HubServer(const HubServer&) = delete;
    HubServer& operator=(const HubServer&) = delete;
    ~HubServer();

    /// Binds host:port (0 = any free port) and serves on a background thread; returns the port, or -1.
    int start(const std::string& host, int port);
    /// Serves on the calling thread until stop() (from another thread or a signal watcher).
    int bind(const std::string& host, int port);
    void serve();
    void stop();

private:
    void routes();
    HubStore& m_store;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    std::atomic<bool> m_serving{false};
};

} // namespace regiebord::hub
