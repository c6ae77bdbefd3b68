#pragma once
// Who is signed in on the hub's web side, and the login rate limit (docs/web.md).
// A session is a row keyed by the SHA-256 of a 32-byte random id; the browser holds
// the id in an HttpOnly, Secure, SameSite=Strict cookie and nothing else. Each session
// has its own CSRF token for the forms. Sessions end after an hour without a request
// and after twelve hours in all, at logout, and with their account.
// The rate limit counts failed logins per account name and per address in the store
// (every hub instance sees the same counts, and a restart does not reset them): from
// the fifth failure on, a name is locked for a minute, doubling to at most an hour.

#include "accounts.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord::hub {

class ConnectionPool;

/// 32 random bytes as 43 base64url characters (libsodium's randombytes_buf).
std::string randomToken();
/// The SHA-256 of a token, hex: what the store keeps instead of the token.
std::string tokenHash(std::string_view token);
/// Bytes as base64 (the store keeps an uploaded file as text), and back (nullopt: not base64).
std::string toBase64(std::string_view bytes);
std::optional<std::string> fromBase64(std::string_view text);
/// Compares two secrets in time that does not depend on where they differ.
bool sameSecret(std::string_view a, std::string_view b);

struct WebSession {
    std::string account;
    AccountRole role = AccountRole::Kijker;
    std::string csrf; ///< the token every form of this session carries
};

class WebSessions {
public:
    static constexpr std::chrono::seconds kIdle{60 * 60};
    static constexpr std::chrono::seconds kLifetime{12 * 60 * 60};

    explicit WebSessions(ConnectionPool& pool) : m_pool(pool) {}
    struct Opened {
        std::string cookie; ///< the id for the browser's cookie
        WebSession session;
    };
    /// A new session for an account that just signed in.
    Opened open(const std::string& account, AccountRole role, const std::string& address);
    /// The session of a cookie's id; nullopt when unknown, ended or expired (an expired
    /// one is deleted). Notes the request's time (written at most once a minute).
    std::optional<WebSession> find(const std::string& cookie);
    /// Ends a session (logout).
    void close(const std::string& cookie);

private:
    ConnectionPool& m_pool;
};

class LoginThrottle {
public:
    static constexpr std::int64_t kFreeFailuresPerAccount = 5;
    static constexpr std::int64_t kFreeFailuresPerAddress = 20; ///< an office shares one address
    static constexpr std::int64_t kFirstLockSeconds = 60;
    static constexpr std::int64_t kLongestLockSeconds = 60L * 60;

    explicit LoginThrottle(ConnectionPool& pool) : m_pool(pool) {}
    /// Seconds until a login for this name from this address may be tried again (0: now).
    std::int64_t lockedFor(const std::string& account, const std::string& address);
    /// A wrong name or password: counts for the name and for the address.
    void failed(const std::string& account, const std::string& address);
    /// A good login: the name's failures are forgotten (the address's stay until they expire).
    void succeeded(const std::string& account);

private:
    ConnectionPool& m_pool;
};

/// Who changed what and when, for every change people make on the hub's web side and the
/// account and link commands on its shell (imports keep their own trail, import_log).
struct AuditEntry {
    std::int64_t n = 0;
    std::string at;     ///< timestamp
    std::string who;    ///< an account's name, or "shell:USER"
    std::string action; ///< "link.add", "link.revoke", "user.add", ...
    std::string board;  ///< "" when it concerns no board
    std::string detail; ///< one line for people
};

class AuditLog {
public:
    explicit AuditLog(ConnectionPool& pool) : m_pool(pool) {}
    /// Adds an entry in a transaction of its own (two hub instances taking the same number at
    /// once: the second tries again).
    void record(const std::string& who, const std::string& action, const std::string& board,
                const std::string& detail);
    /// The newest entries first.
    std::vector<AuditEntry> recent(std::size_t limit = 200);

private:
    ConnectionPool& m_pool;
};

/// A per-board link to the live view that needs no account (`/v/TOKEN`): long, random,
/// listed and revocable. The store keeps the token's hash and a short public id.
struct ViewingLink {
    std::string id; ///< 12 hex digits, for listing and revoking
    std::string board;
    std::string label; ///< who it is for, e.g. "wethouder Voorbeeldstad"
    std::string createdBy;
    std::string createdAt;
    std::string lastUsedAt; ///< "" when never used
    std::string revokedAt;  ///< "" while it works
};

class ViewingLinks {
public:
    explicit ViewingLinks(ConnectionPool& pool) : m_pool(pool) {}
    struct Made {
        std::string token; ///< shown once, for the link
        ViewingLink link;
    };
    Made add(const std::string& board, const std::string& label, const std::string& by);
    /// One board's links, or every board's for "", newest first.
    std::vector<ViewingLink> list(const std::string& board = {});
    /// False when there is no such link; revoking again keeps the first time.
    bool revoke(const std::string& id);
    /// The board a working token opens; nullopt for an unknown or revoked one. Notes its
    /// use (written at most once a minute).
    std::optional<std::string> boardOf(const std::string& token);

private:
    ConnectionPool& m_pool;
};

} // namespace regiebord::hub
