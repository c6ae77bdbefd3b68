#pragma once
// The sync engine: pulls the board from the hub, keeps the display cache,
// delivers queued decisions, and publishes immutable snapshots for the UI.
// It runs on its own threads; the UI only reads snapshot() and issues commands.

#include "http_client.hpp"
#include "snapshot.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace regiebord {

class CacheStore;

struct SyncSettings {
    std::string hubUrl; ///< e.g. https://hub.example.nl (no trailing slash needed)
    std::string boardId;
    std::string token; ///< device bearer token; never logged
    std::string cachePath;
    std::string outboxPath;
    std::chrono::milliseconds pollInterval{30000};
    HttpOptions http;
};

class SyncEngine {
public:
    using Listener = std::function<void()>;

    /// listener is called (from an engine thread) after each publish; keep it cheap.
    SyncEngine(SyncSettings settings, Listener listener);
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;
    ~SyncEngine();

    /// Loads the cache, publishes it, then starts syncing.
    void start();
    void stop();

    std::shared_ptr<const Snapshot> snapshot() const;

    /// Asks for a decision to be recorded. Returns at once with the decision's
    /// idempotency key; the decision is recorded (durable) when a snapshot's
    /// outbox holds that key, or refused when its refusals do.
    std::string submitDecision(DecisionRequest request);
    /// Wakes the sync thread for an immediate round.
    void requestSync();

    /// One round (push, then pull) on the calling thread, for tests and tools:
    /// only on an engine that was not start()ed.
    void syncOnce();

private:
    void ensureOpen(); ///< opens the stores and loads the cache, once
    void syncLoop();
    void writerLoop();
    void push(Outbox& outbox);
    void pull();
    void publish(Outbox& outbox);
    std::string url(const std::string& path) const;
    std::vector<std::pair<std::string, std::string>> authHeaders() const;

    SyncSettings m_settings;
    Listener m_listener;

    // Owned by the sync thread (or the caller of syncOnce when not started).
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<Outbox> m_syncOutbox;
    std::string m_etag;

    // Shared state; m_mutex guards it and is never held across I/O except the
    // short outbox read inside publish (which keeps snapshots in order).
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_syncRequested = false;
    std::shared_ptr<const BoardData> m_board;
    SyncStatus m_status;
    std::vector<Refusal> m_refusals;
    std::deque<std::pair<std::string, DecisionRequest>> m_pendingRecords;
    std::shared_ptr<const Snapshot> m_snapshot;
    std::uint64_t m_version = 0;

    std::thread m_syncThread;
    std::thread m_writerThread;
};

} // namespace regiebord
