#pragma once
// What the UI draws from: an immutable picture of the board, the outbox and
// the sync status, published by the sync engine as a whole.

#include "clock.hpp"
#include "model.hpp"
#include "outbox.hpp"
#include "outbox_files.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace regiebord {

enum class Reachability {
    Unknown, ///< no answer from the hub yet since start
    Online,  ///< the last request got a good answer
    Offline, ///< the hub could not be reached
    Refused  ///< the hub answered but refused (token, board) or sent bad data
};

/// What a refusal (Reachability::Refused) means for the room; the detail is in lastError.
enum class HubRefusal {
    None,
    Disconnected, ///< 401: the hub revoked this device's token, or does not know it
    WrongBoard,   ///< 403: the token is for another board
    Unusable,     ///< the answer could not be used (too large, not a valid board)
    Other,        ///< any other refusal
};

struct SyncStatus {
    Reachability reach = Reachability::Unknown;
    HubRefusal refusal = HubRefusal::None;            ///< why, when reach is Refused
    std::optional<WallClock::time_point> lastSuccess; ///< hub confirmed the data is current
    std::optional<WallClock::time_point> lastAttempt;
    std::string lastError;                           ///< "" when the last attempt went well
    std::string cacheNotice;                         ///< e.g. a damaged cache that was replaced
    std::optional<std::chrono::seconds> clockOffset; ///< ours minus the hub's Date
    bool clockTrusted = true;                        ///< false when off by more than the tolerance
    std::string deviceId;                            ///< as the hub knows this kiosk (X-Regiebord-Device)
    /// The engine's own trouble, one line per part: an outbox or cache it cannot open or
    /// write (a full disk, SQLITE_BUSY past its timeout), an error caught at a thread's
    /// top. "" when none. Shown on the screen and sent in the heartbeat.
    std::string fault;
    int cacheRebuilds = 0; ///< damaged caches moved aside and rebuilt since start
    /// Damaged outboxes set aside and not salvaged yet: decisions in them did not reach the hub.
    std::vector<OutboxDamage> outboxDamage;
};

/// A decision the UI asked for that the outbox would not take.
struct Refusal {
    std::string idempotencyKey;
    std::string reason;
};

struct Snapshot {
    std::uint64_t version = 0;
    std::shared_ptr<const BoardData> board; ///< null until the cache or the hub gave data
    std::vector<OutboxItem> outbox;
    std::vector<Refusal> refusals;
    SyncStatus status;

    /// The newest live (queued, sending or confirmed) outbox item for an escalation, if any;
    /// else the newest. A confirmed "aangehouden" followed by a new decision gives the new one.
    const OutboxItem* outboxFor(const std::string& subject) const; ///< subjectOf() of a decision
    const OutboxItem* outboxByKey(const std::string& key) const;
    const Refusal* refusalFor(const std::string& key) const;
};

} // namespace regiebord
