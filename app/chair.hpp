#pragma once
// Chair mode without drawing: the PIN hash, the persisted lockout after wrong
// PINs, the idle expiry of an open chair session and the undo window in front
// of the sync engine. Time is always passed in, so tests never sleep.

#include "model.hpp"
#include "sqlite.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord::ui {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// ---- PIN hash --------------------------------------------------------------

inline constexpr int kDefaultIterations = 200000;
/// verifyPin refuses encodings above this, so a tampered hash file cannot
/// make a PIN check take minutes.
inline constexpr int kMaxIterations = 10000000;

/// PBKDF2-HMAC-SHA256 with a fresh 16-byte salt, encoded as
/// `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`. Throws
/// std::invalid_argument for iterations outside 1..kMaxIterations and
/// std::runtime_error when OpenSSL has no randomness.
std::string hashPin(std::string_view pin, int iterations = kDefaultIterations);

/// True when pin matches the encoding (constant-time compare). False for a
/// malformed encoding; never throws.
bool verifyPin(std::string_view pin, const std::string& encoded);

/// True when encoded has the form hashPin produces.
bool isPinHash(const std::string& encoded);

/// Why pin cannot be a chair PIN (it must be 4 to 8 digits), or nullopt.
std::optional<std::string> pinProblem(std::string_view pin);

/// Validates pin, hashes it and writes the encoding plus a newline to path,
/// created or replaced with mode 0600 and fsync'ed. Returns "" or the problem.
std::string writePinHashFile(const std::string& path, std::string_view pin,
                             int iterations = kDefaultIterations);

// ---- Lockout ---------------------------------------------------------------

/// Checks PINs against the configured hash and locks out guessing. The failure
/// count and the lock's end (wall clock, epoch seconds) live in a small SQLite
/// file, so restarting the kiosk does not reset them. Policy: the first 3
/// failures cost nothing; the 4th locks for 30 s, each further one doubles the
/// lock (60 s, 120 s, ...) up to 15 minutes. A correct PIN resets the count.
class PinGuard {
public:
    struct Attempt {
        enum Result { Ok, Wrong, Locked, NotConfigured } result;
        /// How long until the next attempt is allowed (0 when it is now).
        std::chrono::seconds retryAfter{0};
        /// Consecutive failures so far (0 after Ok).
        int failures = 0;
    };

    /// Opens or creates the lockout file (throws sql::Error when it cannot).
    /// An empty or malformed encodedHash leaves the guard unconfigured: chair
    /// mode cannot be opened until a PIN is set.
    PinGuard(const std::string& dbPath, std::string encodedHash);

    bool configured() const { return m_configured; }
    /// While locked, the PIN is not even checked: the answer is Locked.
    /// When the lockout file cannot be read or written (sql::Error), the exception
    /// passes and the failure count is left as it was.
    Attempt attempt(std::string_view pin, WallTime now);
    /// Remaining lock time, or nullopt when attempts are allowed now.
    std::optional<std::chrono::seconds> lockedFor(WallTime now);
    int failures();

    /// The lock that follows the given number of consecutive failures (0 s for
    /// the free ones).
    static std::chrono::seconds lockAfter(int failures);

private:
    struct State {
        int failures = 0;
        std::int64_t lockedUntil = 0; ///< epoch seconds; 0 = not locked
    };
    State load();
    void store(const State& state);
    static std::optional<std::chrono::seconds> remaining(const State& state, WallTime now);

    sql::Database m_db;
    std::string m_hash;
    bool m_configured = false;
};

// ---- Session ---------------------------------------------------------------

/// An open chair session closes itself after a period without touches.
class ChairSession {
public:
    explicit ChairSession(std::chrono::seconds idleTimeout = std::chrono::minutes(3))
        : m_timeout(idleTimeout) {}

    void open(SteadyTime now);
    /// Extends an active session; an expired one stays closed.
    void touch(SteadyTime now);
    bool active(SteadyTime now) const;
    void close() { m_open = false; }
    /// Whole seconds until expiry, rounded up; 0 when not active.
    std::chrono::seconds secondsLeft(SteadyTime now) const;
    std::chrono::seconds idleTimeout() const { return m_timeout; }

private:
    std::chrono::seconds m_timeout;
    bool m_open = false;
    SteadyTime m_lastTouch{};
};

// ---- Undo window -----------------------------------------------------------

/// Decisions the chair confirmed but that are not yet handed to the sync
/// engine, so the chair can still take them back ("Ongedaan maken (7 s)").
///
/// A decision in the window exists only in memory. A power cut or crash
/// inside the window means it was never recorded: the UI must show it as "not
/// yet recorded" until release() has handed it to the outbox. That is what
/// undo means here; it is intended, not a durability gap of the outbox.
class PendingDecisions {
public:
    using Id = std::uint64_t;
    struct Pending {
        Id id = 0;
        DecisionRequest request;
        std::chrono::seconds secondsLeft{0}; ///< rounded up
    };

    explicit PendingDecisions(std::chrono::seconds window = std::chrono::seconds(10)) : m_window(window) {}

    /// Puts a confirmed decision in the window; returns its local id.
    Id add(DecisionRequest request, SteadyTime now);
    /// Takes a decision back: true when it was still in its window (and is now
    /// gone), false when the window has passed, it was released or undone.
    bool undo(Id id, SteadyTime now);
    /// Removes and returns the decisions whose window has passed, oldest first.
    std::vector<DecisionRequest> release(SteadyTime now);
    /// What can still be undone, oldest first.
    std::vector<Pending> pending(SteadyTime now) const;
    bool empty() const { return m_items.empty(); }

private:
    struct Item {
        Id id;
        DecisionRequest request;
        SteadyTime deadline;
    };
    std::chrono::seconds m_window;
    Id m_next = 1;
    std::vector<Item> m_items;
};

} // namespace regiebord::ui
