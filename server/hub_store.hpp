#pragma once
// The hub's store: boards (one row per object, each with the change sequence that
// last touched it), devices with hashed tokens, and decisions with their
// idempotency keys and stored responses. One implementation over two databases
// (sql_session.hpp): SQLite for one machine, PostgreSQL for several hub
// instances. Safe to call from any number of threads: reads run in parallel on
// pooled connections, each in one consistent view; writes of a board are
// serialised by the database (SQLite's one writer, a row lock in PostgreSQL), so
// exactly-once and the change order hold across instances.

#include "model.hpp"
#include "sql_session.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
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
    /// When `device revoke` (or remove) disconnected it: its token then gets 401
    /// device_revoked. "" while it may connect.
    std::string revokedAt;
};

/// What a device command found.
enum class DeviceChange {
    Done,
    NoSuchDevice, ///< no (listed) device has that name
    NameTaken,    ///< rename: another device has the new name
    Kept,         ///< remove: decisions name it, so it stays as their record, revoked and unlisted
};

/// A document built once and shared by every request for it (never copied per request):
/// a board's snapshot at one sequence, or its changes since a cursor. Its gzip form is
/// made once, by the first request that wants it.
class SharedBody {
public:
    SharedBody(std::int64_t seq, std::string text) : m_seq(seq), m_text(std::move(text)) {}
    std::int64_t seq() const { return m_seq; }
    const std::string& text() const { return m_text; }
    const std::string& gzipped() const;

private:
    std::int64_t m_seq;
    std::string m_text;
    mutable std::once_flag m_gzipOnce;
    mutable std::string m_gzip;
};

/// The outcome of a write request: an HTTP status and the JSON body.
struct DecideResult {
    int status = 500;
    std::string body;
};

/// GET .../changes: the document, or why there is none.
struct ChangesResult {
    enum class Kind { Changes, Resync, UnknownBoard } kind = Kind::UnknownBoard;
    std::shared_ptr<const SharedBody> body; ///< set for Changes
};

/// An import the hub refuses as a whole (nothing was written).
struct ImportRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One import in the audit trail (table import_log; `regiebord-hub history`).
struct ImportRecord {
    std::string boardId;
    std::string at; ///< UTC timestamp
    std::string by; ///< who ran it (--by, else $SUDO_USER or $USER)
    std::string file;
    std::string sha256;   ///< of the file's bytes, hex
    std::string fileKind; ///< "xlsx", "csv", "json"
    std::string outcome;  ///< "applied", "dry_run", "refused"
    std::int64_t added = 0;
    std::int64_t changed = 0;
    std::int64_t removed = 0;
    std::int64_t seq = 0; ///< applied: the board's sequence after it
    std::string details;  ///< the changes as text (applied, dry run) or the problems (refused)
};

/// What an import would store (HubStore::previewImport).
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's noexcept move checks its invariant
struct ImportPreview {
    BoardData board;            ///< the import, plus the actions decisions added that it leaves out
    nlohmann::json escalations; ///< its escalations with the hub's decisions re-applied
};

/// Connections to one database for any thread. SQLite: any number of readers and
/// one writer connection (writes queue on it); PostgreSQL: one pool for both.
class ConnectionPool {
public:
    /// location: an SQLite file path or a postgresql:// URL. At most `size` connections.
    ConnectionPool(std::string location, std::size_t size);
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;
    ~ConnectionPool();

    /// Runs fn(SqlConnection&) on a free connection (waits while all are busy).
    void read(const std::function<void(SqlConnection&)>& fn);
    void write(const std::function<void(SqlConnection&)>& fn);
    bool postgres() const { return m_postgres; }
    const std::string& location() const { return m_location; }

private:
    std::unique_ptr<SqlConnection> open() const;
    std::string m_location;
    bool m_postgres;
    std::size_t m_size;
    std::mutex m_mutex;
    std::condition_variable m_free;
    std::vector<std::unique_ptr<SqlConnection>> m_idle;
    std::size_t m_open = 0;
    std::mutex m_writerMutex; ///< SQLite: the one writer
    std::unique_ptr<SqlConnection> m_writer;
};

class HubStore {
public:
    /// How stale a device's stored last-seen time may be (it is written at most this often).
    static constexpr std::chrono::seconds kLastSeenResolution{30};

    /// Opens (and migrates) the store at location: an SQLite path or a postgresql:// URL.
    /// `connections`: the most database connections this process opens at once.
    explicit HubStore(const std::string& location, std::size_t connections = 8);
    HubStore(const HubStore&) = delete;
    HubStore& operator=(const HubStore&) = delete;
    ~HubStore();

    /// Replaces the board's objects in one transaction; returns the new sequence.
    /// Decisions stay and are re-applied to their escalations; throws
    /// ImportRefused when the board would drop an escalation that has a decision.
    /// With a record, it is added to the audit trail in the same transaction (its seq set).
    std::int64_t importBoard(const BoardData& board, ImportRecord* record = nullptr);
    /// What importBoard would store, without writing anything: for a dry run and the report of what
    /// an import changes. Throws ImportRefused as importBoard would.
    ImportPreview previewImport(const BoardData& board);
    /// Adds an import that changed nothing (a dry run, a refused file) to the audit trail.
    void recordImport(const ImportRecord& record);
    /// The audit trail, newest first: one board's, or every board's for "".
    std::vector<ImportRecord> importHistory(const std::string& boardId, std::size_t limit = 1000);
    bool hasBoard(const std::string& boardId);

    /// Creates a device; returns its id. The token itself is not stored, only its SHA-256.
    std::string addDevice(const std::string& boardId, const std::string& name, const std::string& token);
    /// The device of a token. Its last-seen time is noted in memory and written by
    /// flushLastSeen() (a poll never waits for a disk write).
    std::optional<Device> authenticate(const std::string& token);
    std::vector<Device> devices();
    std::optional<Device> deviceByName(const std::string& name);
    /// Disconnects a device at once: its token gets 401 device_revoked from the next request
    /// on, from every hub on the store. Revoking again keeps the first time.
    DeviceChange revokeDevice(const std::string& name);
    DeviceChange renameDevice(const std::string& name, const std::string& newName);
    /// Deletes a device with its heartbeat. One that recorded decisions is kept for them
    /// (Kept): revoked, its token hash and name freed, left out of devices().
    DeviceChange removeDevice(const std::string& name);
    /// Writes the last-seen times noted since the previous flush, in one transaction.
    void flushLastSeen();

    /// The board's change sequence; -1 for an unknown board.
    std::int64_t seq(const std::string& boardId);
    /// The whole board as a snapshot document, shared while its sequence holds.
    std::shared_ptr<const SharedBody> snapshot(const std::string& boardId);
    /// The changes since a sequence (format regiebord.changes.v1).
    ChangesResult changes(const std::string& boardId, std::int64_t since);
    /// Drops the tombstones: kiosks with an older cursor must resync. False for an unknown board.
    bool compact(const std::string& boardId);
    /// After a restore from a backup: every board's sequence jumps ahead of any cursor a
    /// kiosk may hold, and its tombstones' floor with it, so every kiosk fetches the whole
    /// board again (410) and re-sends decisions the restored hub does not hold. Returns
    /// the number of boards.
    std::int64_t resyncAll();

    /// Stores a device's heartbeat (validated); 204 or 400. Flags a lost outbox: a depth
    /// of N earlier and M now, with fewer than N - M of its decisions answered between the
    /// two heartbeats, or a damaged outbox the device reports.
    DecideResult heartbeat(const Device& device, const std::string& body);
    DecideResult decide(const Device& device, const std::string& idempotencyKey,
                        const std::string& requestBody);
    /// Marks an agenda item of a meeting as under discussion (or none), set by this device:
    /// 200 with the meeting's current item and the board's sequence; the same item again
    /// changes nothing (no new sequence). 400 for a bad body, 404 for an unknown meeting,
    /// 422 for an order the agenda does not have.
    DecideResult setCurrentItem(const Device& device, const std::string& meetingId,
                                const std::string& requestBody);

    /// "ok" or what is wrong with the database (SQLite reads every page: not for health checks).
    std::string quickCheck();
    /// A round trip to the database (health checks); throws when it is not there.
    void ping();
    const char* dialect() const { return m_pool.postgres() ? "postgresql" : "sqlite"; }

    /// For copyStore(): the pool behind this store.
    ConnectionPool& pool() { return m_pool; }

private:
    DecideResult decideIn(SqlConnection& c, const Device& device, const std::string& key,
                          const std::string& requestBody);
    ChangesResult changesIn(SqlConnection& c, const std::string& boardId, std::int64_t since);
    std::shared_ptr<const SharedBody> snapshotIn(SqlConnection& c, const std::string& boardId,
                                                 std::int64_t seq, const std::string& header);

    ConnectionPool m_pool;
    std::mutex m_seenMutex;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point>
        m_seenWritten;                                          ///< device -> last write
    std::unordered_map<std::string, std::string> m_seenPending; ///< device -> time to write
    std::mutex m_cacheMutex;
    std::map<std::string, std::shared_ptr<const SharedBody>> m_snapshots; ///< board -> latest built
    std::mutex m_buildMutex; ///< one snapshot built at a time: a burst of requests waits for it
    struct CachedChanges {
        std::string board;
        std::int64_t since = 0;
        std::int64_t seq = 0;
        std::shared_ptr<const SharedBody> body;
    };
    std::list<CachedChanges> m_changes; ///< most recent first, a few entries
};

/// Hex SHA-256 of a token (what the device table stores).
std::string hashToken(const std::string& token);
/// Hex SHA-256 of any bytes (OpenSSL's libcrypto).
std::string sha256Hex(std::string_view bytes);
/// Adds the record to the audit trail on c (inside the caller's transaction).
void insertImportRecord(SqlConnection& c, const ImportRecord& record);
/// A new random token: 32 bytes from OpenSSL's RAND_bytes, base64url without padding.
std::string newToken();
/// {"error":{"code":...,"message":...}}, as valid UTF-8 whatever the message quotes.
std::string errorBody(const std::string& code, const std::string& message);

} // namespace regiebord::hub
