#pragma once
// The sync engine: pulls the board from the hub, keeps the display cache,
// delivers queued decisions, and publishes immutable snapshots for the UI.
// It runs on its own threads; the UI only reads snapshot() and issues commands.
// No exception ends one of its threads: each catches at its top, reports the
// fault (status, heartbeat, log), backs off and goes on.

#include "http_client.hpp"
#include "outbox_files.hpp"
#include "protocol.hpp"
#include "retry.hpp"
#include "snapshot.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace regiebord {

class CacheStore;

/// Where the engine tells IT what happened: a syslog priority (3 error, 4 warning,
/// 5 notice, 6 info) and one line of valid UTF-8.
using LogSink = std::function<void(int priority, const std::string& line)>;

struct SyncSettings {
    std::string hubUrl; ///< e.g. https://hub.example.nl (no trailing slash needed)
    std::string boardId;
    std::string token; ///< device bearer token; never logged
    std::string cachePath;
    std::string outboxPath;
    std::chrono::milliseconds pollInterval{30000};
    std::chrono::seconds heartbeatInterval{60};
    bool deltaSync = true; ///< ask for changes since the cursor (off: always the snapshot)
    std::chrono::seconds clockTolerance{120};
    /// The largest snapshot or changes answer taken; larger is "unusable", not "offline".
    std::size_t maxBoardBytes = kMaxBoardBytes;
    RetryPolicy retry;
    std::string version = REGIEBORD_VERSION;
    HttpOptions http;
    LogSink log; ///< optional
};

/// What opening the stores found; the kiosk's start-up self-check reports it.
struct StoreReport {
    std::string cache; ///< "ok", "new", or why the file was moved aside and rebuilt
    bool cacheRebuilt = false;
    std::string outbox;                       ///< "ok", "new", or why it was set aside (see outboxDamage)
    std::optional<OutboxDamage> outboxDamage; ///< set aside at this start
    std::string error; ///< a store that could not be opened at all ("" when both opened)
};

class SyncEngine {
public:
    using Listener = std::function<void()>;

    /// listener is called (from an engine thread) after each publish; keep it cheap.
    SyncEngine(SyncSettings settings, Listener listener);
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;
    ~SyncEngine();

    /// Checks and opens the stores, loads the cache, publishes it, then starts syncing.
    /// Never throws: a store that cannot be opened is a fault shown in the status.
    void start();
    void stop();

    std::shared_ptr<const Snapshot> snapshot() const;
    /// What start() found in the stores.
    StoreReport storeReport() const;

    /// Asks for a decision to be recorded. Returns at once with the decision's
    /// idempotency key; the decision is recorded (durable) when a snapshot's
    /// outbox holds that key, or refused when its refusals do.
    std::string submitDecision(DecisionRequest request);
    /// Marks an agenda item of a meeting as under discussion, on the hub (the chair's kiosk,
    /// chair mode): sent at once, in a round of its own; a later call replaces one not yet
    /// sent; none (nullopt) clears it. Not a decision: the last one set counts, so it does not
    /// go through the outbox. The next pull brings it back as the meeting's current item.
    void setCurrentItem(std::string meetingId, std::optional<int> order);
    /// While a meeting of the board is in session, rounds come at least this often, so that
    /// every kiosk in the room follows the current item (docs/protocol.md).
    static constexpr std::chrono::milliseconds kInSessionPoll{5000};
    /// IT asked for a picture of this screen (the hub said so in a heartbeat's answer), and
    /// none was handed over since.
    bool screenshotAsked() const { return m_screenshotAsked.load(); }
    /// A PNG of the screen for the hub (IT's devices page): sent in the next round, a later
    /// one replacing one not yet sent.
    void submitScreenshot(std::string png);
    /// Wakes the sync thread for an immediate round.
    void requestSync();
    /// Sync rounds run so far (for the log and the soak benchmark).
    std::uint64_t rounds() const { return m_rounds.load(std::memory_order_relaxed); }

    /// One round (push, pull, heartbeat) on the calling thread, for tests and tools:
    /// only on an engine that was not start()ed. Returns the wait before the next
    /// round: the poll interval, or a backoff / Retry-After after a failure. Never throws.
    std::chrono::milliseconds syncOnce();

private:
    void ensureOpen(); ///< opens the stores and loads the cache; retried while one is missing
    void openOutbox(); ///< checks the outbox files (setting damage aside) and opens them
    void openCache();
    void syncLoop();
    void writerLoop();
    struct Round {
        bool failed = false; ///< the hub was unreachable or unwell (5xx, 408, 429)
        std::optional<std::chrono::milliseconds> retryAfter;
    };
    std::chrono::milliseconds round();
    void push(Outbox& outbox, Round& round);
    void pull(Round& round);
    /// False when the hub wants a resync (410) or has no /changes (404).
    bool pullChanges(const BoardData& base, Round& round);
    void pullSnapshot(Round& round);
    void touchCache(WallClock::time_point at);
    /// Writes a new board to the cache; a failure is a notice ("failed" + why), not an error.
    void keepInCache(const char* failed, const std::function<void(CacheStore&)>& write);
    /// After the hub went back in time (a restore from a backup): decisions it confirmed
    /// to this kiosk that the new board does not hold are sent again, under their keys.
    void resendForgotten(const BoardData& board);
    /// The end of every pull: a 304 touches the cache, any other answer but 200 is the problem;
    /// then the new board (if any) and the status are published.
    void finishPull(const HttpResponse& response, std::shared_ptr<const BoardData> fresh, std::string problem,
                    WallClock::time_point attemptAt);
    void heartbeat();
    void sendCurrentItem(Round& round);
    void sendScreenshot(Round& round);
    void noteResponse(const HttpResponse& response, Round& round);
    /// Publishes a new snapshot; the outbox is read from `outbox` when given (else the last list).
    void publish(Outbox* outbox);
    /// Sets (or with "" clears) the fault of one part ("outbox", "cache", "sync", "writer"),
    /// logging each new one once.
    void setFault(const std::string& part, const std::string& fault);
    void log(int priority, const std::string& line) const;
    std::string url(const std::string& path) const;
    std::vector<std::pair<std::string, std::string>> authHeaders() const;

    SyncSettings m_settings;
    Listener m_listener;

    // Owned by the sync thread (or the caller of syncOnce when not started).
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<Outbox> m_syncOutbox;
    bool m_cacheLoaded = false;
    std::string m_etag;
    bool m_hubWentBack = false; ///< a 410 for a cursor ahead of the hub: the next snapshot is checked
    BoardIndex m_index;         ///< positions in m_board (sync thread only)
    int m_failures = 0;
    std::mt19937_64 m_rng{std::random_device{}()};
    std::chrono::steady_clock::time_point m_startedAt = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> m_lastHeartbeat;

    // Shared state; m_mutex guards it and is never held across I/O except the
    // short outbox read inside publish (which keeps snapshots in order).
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_syncRequested = false;
    bool m_outboxChecked = false;    ///< the files were checked (and damage set aside): others may open them
    std::uint64_t m_outboxOpens = 0; ///< times the sync side opened the outbox (wakes a waiting writer)
    std::chrono::steady_clock::time_point m_notBefore{}; ///< end of a hub's Retry-After
    std::shared_ptr<const BoardData> m_board;
    SyncStatus m_status;
    StoreReport m_storeReport;
    std::map<std::string, std::string> m_faults; ///< part -> fault
    std::vector<OutboxItem> m_outboxItems;       ///< the last outbox list read
    std::vector<Refusal> m_refusals;
    std::deque<std::pair<std::string, DecisionRequest>> m_pendingRecords;
    std::optional<std::pair<std::string, std::optional<int>>> m_pendingCurrent; ///< meeting, order to send
    std::optional<std::string> m_pendingScreenshot;                             ///< a PNG to send
    std::atomic<bool> m_screenshotAsked{false};
    std::shared_ptr<const Snapshot> m_snapshot;
    std::uint64_t m_version = 0;
    std::atomic<std::uint64_t> m_rounds{0};

    std::thread m_syncThread;
    std::thread m_writerThread;
};

} // namespace regiebord
