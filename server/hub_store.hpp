#pragma once
// The hub's own SQLite database: boards (one row per object, each with the
// change sequence that last touched it), devices with hashed tokens, and
// decisions with their idempotency keys and stored responses. All writes go
// through one mutex, so concurrent requests with the same key store once.

#include "model.hpp"
#include "sqlite.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace regiebord::hub {

struct Device {
    std::string id;
    std::string boardId;
    std::string name;
    std::string createdAt;
    std::string lastSeenAt;
    std::string heartbeat; ///< the last heartbeat body (JSON), "" if none yet
    std::string heartbeatAt;
    /// Decisions this device queued that never reached the hub: its outbox depth fell
    /// without answers from the hub to account for it, or it reported a damaged outbox.
    /// "" when nothing was lost.
    std::string lostOutbox;
};

struct SnapshotBody {
    std::int64_t seq = 0;
    std::string body;
};

/// The outcome of POST .../decisions: an HTTP status and the JSON body.
struct DecideResult {
    int status = 500;
    std::string body;
};

/// An import the hub refuses as a whole (nothing was written).
struct ImportRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class HubStore {
public:
    /// How stale a device's stored last-seen time may be (written at most this often).
    static constexpr std::chrono::seconds kLastSeenResolution{30};

    explicit HubStore(const std::string& path);

    /// Replaces the board's objects in one transaction; returns the new sequence.
    /// Decisions stay and are re-applied to their escalations; throws
    /// ImportRefused when the board would drop an escalation that has a decision.
    std::int64_t importBoard(const BoardData& board);
    bool hasBoard(const std::string& boardId);

    /// Creates a device; returns its id. The token itself is not stored, only its SHA-256.
    std::string addDevice(const std::string& boardId, const std::string& name, const std::string& token);
    std::optional<Device> authenticate(const std::string& token);
    std::vector<Device> devices();
    std::optional<Device> deviceByName(const std::string& name);

    std::int64_t seq(const std::string& boardId);
    /// The whole board as a snapshot document; cached per sequence.
    std::optional<SnapshotBody> snapshot(const std::string& boardId);

    /// The changes since a sequence (format regiebord.changes.v1); nullopt and
    /// resync=true when that cursor can no longer be served, nullopt alone for an unknown board.
    std::optional<std::string> changes(const std::string& boardId, std::int64_t since, bool& resync);
    /// Drops the tombstones: kiosks with an older cursor must resync. False for an unknown board.
    bool compact(const std::string& boardId);

    /// Stores a device's heartbeat (validated); 204 or 400. Flags a lost outbox: a depth
    /// of N earlier and M now, with fewer than N - M of its decisions answered between the
    /// two heartbeats, or a damaged outbox the device reports.
    DecideResult heartbeat(const Device& device, const std::string& body);
    DecideResult decide(const Device& device, const std::string& idempotencyKey,
                        const std::string& requestBody);

    std::string quickCheck();
    /// Waits for any write in progress and blocks further ones (before a hard exit).
    void quiesce() { m_mutex.lock(); } // deliberately never unlocked

private:
    std::int64_t bumpSeq(const std::string& boardId);
    /// Counts a final answer (stored, refused, replayed) to one of a device's decision keys
    /// in the device's current heartbeat interval. Called with the lock held.
    void noteAnswer(const Device& device, const std::string& key);
    DecideResult decideLocked(const Device& device, const std::string& key, const std::string& requestBody);
    std::mutex m_mutex;
    sql::Database m_db;
    std::map<std::string, std::chrono::steady_clock::time_point> m_lastSeenWritten;
    std::string m_cachedBoard;
    SnapshotBody m_cachedSnapshot;
};

/// Hex SHA-256 of a token (what the device table stores).
std::string hashToken(const std::string& token);
/// A new random token: 32 bytes from OpenSSL's RAND_bytes, base64url without padding.
std::string newToken();
/// {"error":{"code":...,"message":...}}, as valid UTF-8 whatever the message quotes.
std::string errorBody(const std::string& code, const std::string& message);

} // namespace regiebord::hub
