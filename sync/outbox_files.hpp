#pragma once
// The outbox's files before SQLite touches them. SQLite silently drops what it
// cannot read: a WAL whose header or a committed frame is damaged is ignored
// (and deleted when the last connection closes), and a WAL next to an empty
// database file is deleted on open. Either loses decisions without a word. So
// the kiosk looks at the files first, and a damaged outbox is moved aside byte
// for byte (never opened for writing) and a new one started; IT recovers what is
// readable with `regiebord --salvage-outbox DIR`.

#include "outbox.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace regiebord {

/// A damaged outbox that was moved aside.
struct OutboxDamage {
    std::string movedTo; ///< the directory holding its files (outbox.db, -wal, -shm) unchanged
    std::string reason;  ///< what was wrong, one line
    std::string foundAt; ///< RFC 3339 (from the directory's name)
    /// Undelivered (queued or sending) decisions that a salvage can read from it; unset when
    /// nothing could be read, so the number is unknown.
    std::optional<std::int64_t> undelivered;
};

/// What the WAL file holds, read from its own format (https://sqlite.org/fileformat2.html#walformat).
struct WalReport {
    bool present = false;     ///< the file exists and is not empty
    bool headerValid = false; ///< magic, version and header checksum hold
    int frames = 0;           ///< frames of the current generation whose checksum chain holds
    int commits = 0;          ///< of those, commit frames
    /// A frame of the current generation fails its checksum while a later one, sound in
    /// itself, commits: SQLite would drop a committed transaction.
    bool lostCommit = false;
    std::string problem; ///< "" when SQLite will read every committed transaction
};
WalReport inspectWal(const std::string& walPath);

/// Checks outbox.db and its WAL (never writing them: the database is opened only as a
/// copy in a scratch directory). Empty when absent or sound; otherwise the reason.
std::string outboxProblem(const std::string& path);

/// Checks the outbox at path; when damaged, moves its files into
/// "<path>.damaged-<UTC stamp>/" and returns what was found. Nothing when sound or absent,
/// or when another user has the outbox open (Outbox holds <path>.lock shared; this takes it
/// exclusively or does nothing): files being written are never judged or moved.
std::optional<OutboxDamage> setAsideIfDamaged(const std::string& path);

/// Damaged outboxes set aside next to path earlier that no salvage has taken yet
/// (a directory "<path>.damaged-*" without a SALVAGED file), oldest first.
std::vector<OutboxDamage> unsalvagedDamage(const std::string& path);

/// The decisions that can be read from a set-aside outbox: what SQLite reads of a copy of
/// its files, what a replay of its WAL's sound frames adds, and rows found page by page.
struct SalvageRead {
    std::vector<OutboxItem> items;
    std::vector<std::string> problems; ///< rows or files that could not be read
};
SalvageRead readDamagedOutbox(const std::string& damagedDir);

/// Salvages a set-aside outbox into the current one: every readable decision is
/// recorded again under its own idempotency key (the hub stores each key once, so
/// nothing is duplicated); undelivered ones are queued. Marks the directory SALVAGED.
struct SalvageResult {
    int read = 0;     ///< decisions read from the damaged files
    int requeued = 0; ///< undelivered ones queued again
    int kept = 0;     ///< delivered ones kept for the record
    int present = 0;  ///< already in the current outbox (same key)
    int held = 0;     ///< queued as needs-attention: a later decision on the same escalation exists
    std::vector<std::string> problems;
};
SalvageResult salvageOutbox(const std::string& damagedDir, Outbox& into);

} // namespace regiebord
