#pragma once
// The decision outbox: the only data a kiosk creates, so it is precious. Its
// own SQLite file with synchronous=FULL: when record() returns, the decision
// survives a power cut. Every decision carries the idempotency key made when
// the chair confirmed it, and keeps it on every retry.

#include "file_lock.hpp"
#include "model.hpp"
#include "sqlite.hpp"

#include <optional>
#include <string>
#include <vector>

namespace regiebord {

enum class OutboxState { Queued, Sending, Confirmed, NeedsAttention, Conflict };
std::string_view toString(OutboxState state);
std::optional<OutboxState> outboxStateFromText(std::string_view text);
/// The newest schema version this release writes (PRAGMA user_version).
int outboxSchemaVersion();

struct OutboxItem {
    std::int64_t seq = 0; ///< order of recording
    std::string idempotencyKey;
    std::string boardId;
    DecisionRequest request;
    std::string body; ///< the exact request body sent on every attempt
    OutboxState state = OutboxState::Queued;
    std::string createdAt;
    int attempts = 0;
    std::string lastError;
    std::string confirmedAt;
    std::string serverId;
};

class Outbox {
public:
    /// Opens or creates the outbox. Unlike the cache it is never replaced:
    /// a damaged file is an error for IT, reported, not silently reset.
    explicit Outbox(const std::string& path);

    struct RecordResult {
        std::optional<OutboxItem> item; ///< set when durably recorded
        std::string refusal;            ///< why not, e.g. already decided here
    };
    /// Durably records a decision under a new or given idempotency key. One live decision
    /// per escalation: a second is refused while one is queued, being sent, or confirmed,
    /// except after a confirmed "aangehouden" (held over), which a later decision follows up.
    RecordResult record(const std::string& boardId, const DecisionRequest& request, std::string key = {});

    /// Puts back a decision salvaged from a damaged outbox, under its own key.
    enum class Restored {
        Queued,  ///< undelivered: queued again
        Kept,    ///< delivered before (confirmed, conflict, needs attention): kept for the record
        Present, ///< this key is already here: nothing changed
        Held     ///< undelivered, but a later decision on its escalation is live: needs attention
    };
    Restored restore(const OutboxItem& item);

    std::vector<OutboxItem> all();
    /// Items to send, oldest first (queued, or sending when a previous run stopped mid-send).
    std::vector<OutboxItem> deliverable();
    std::optional<OutboxItem> find(const std::string& key);

    void markSending(const std::string& key);
    void markConfirmed(const std::string& key, const std::string& serverId, const std::string& at);
    /// Back to queued after a temporary failure.
    void markRetry(const std::string& key, const std::string& error);
    /// A confirmed decision the hub no longer holds (restored from a backup): sent again
    /// under its own key.
    void requeue(const std::string& key, const std::string& reason);
    /// Stops retrying: needs attention (permanent 4xx) or conflict (409).
    void markStopped(const std::string& key, OutboxState state, const std::string& error);

    std::string quickCheck() { return m_db.quickCheck(); }

    /// The lock file every user of the outbox at path holds shared while it is open.
    static std::string lockPath(const std::string& path) { return path + ".lock"; }

private:
    std::vector<OutboxItem> query(const std::string& where, const std::string& key = {});
    std::optional<FileLock> m_lock; ///< shared while open (outbox_files.hpp checks only unused files)
    sql::Database m_db;
};

} // namespace regiebord
