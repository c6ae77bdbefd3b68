#include "web_session.hpp"

#include "clock.hpp"
#include "hub_store.hpp"
#include "text.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <stdexcept>

namespace regiebord::hub {

namespace {

void needSodium() {
    static const int ready = sodium_init();
    if (ready < 0) throw std::runtime_error("libsodium cannot start (sodium_init)");
}

std::int64_t nowSeconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

/// A session's last-seen time is written when it is older than this (not on every request).
constexpr std::int64_t kTouchSeconds = 60;
/// Failures are forgotten a day after the last one.
constexpr std::int64_t kForgetSeconds = 24L * 60 * 60;

std::string accountKey(const std::string& account) {
    return "account:" + account;
}
std::string addressKey(const std::string& address) {
    return "address:" + address;
}

} // namespace

std::string randomToken() {
    needSodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text.data();
}

std::string tokenHash(std::string_view token) {
    needSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

std::string toBase64(std::string_view bytes) {
    needSodium();
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.pop_back(); // the terminating NUL
    return out;
}

std::optional<std::string> fromBase64(std::string_view text) {
    needSodium();
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    out.resize(length);
    return out;
}

bool sameSecret(std::string_view a, std::string_view b) {
    needSodium();
    if (a.size() != b.size() || a.empty()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

WebSessions::Opened WebSessions::open(const std::string& account, AccountRole role,
                                      const std::string& address) {
    Opened opened{randomToken(), {account, role, randomToken()}};
    const std::int64_t now = nowSeconds();
    m_pool.write([&](SqlConnection& c) {
        // Ended sessions of anyone are swept here: a login is rare enough to pay for it.
        c.run("DELETE FROM web_session WHERE last_seen_at < ?1 OR created_at < ?2",
              {now - kIdle.count(), now - kLifetime.count()});
        c.run("INSERT INTO web_session(id_hash, account, csrf, address, created_at, last_seen_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
              {tokenHash(opened.cookie), account, opened.session.csrf, address, now});
    });
    return opened;
}

std::optional<WebSession> WebSessions::find(const std::string& cookie) {
    if (cookie.empty() || cookie.size() > 64) return std::nullopt;
    const std::string hash = tokenHash(cookie);
    const std::int64_t now = nowSeconds();
    std::optional<WebSession> found;
    bool expired = false;
    bool touch = false;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query("SELECT s.account, a.role, s.csrf, s.created_at, s.last_seen_at"
                            " FROM web_session s JOIN account a ON a.name = s.account WHERE s.id_hash = ?1",
                            {hash});
        if (!rows->next()) return;
        const auto role = parseRole(rows->text(1));
        const std::int64_t created = rows->int64(3);
        const std::int64_t seen = rows->int64(4);
        if (!role || now - seen > kIdle.count() || now - created > kLifetime.count()) {
            expired = true;
            return;
        }
        found = WebSession{rows->text(0), *role, rows->text(2)};
        touch = now - seen >= kTouchSeconds;
    });
    if (expired)
        m_pool.write([&](SqlConnection& c) { c.run("DELETE FROM web_session WHERE id_hash = ?1", {hash}); });
    else if (touch)
        m_pool.write([&](SqlConnection& c) {
            c.run("UPDATE web_session SET last_seen_at = ?2 WHERE id_hash = ?1", {hash, now});
        });
    return found;
}

void WebSessions::close(const std::string& cookie) {
    if (cookie.empty() || cookie.size() > 64) return;
    m_pool.write(
        [&](SqlConnection& c) { c.run("DELETE FROM web_session WHERE id_hash = ?1", {tokenHash(cookie)}); });
}

std::int64_t LoginThrottle::lockedFor(const std::string& account, const std::string& address) {
    std::int64_t until = 0;
    m_pool.read([&](SqlConnection& c) {
        until = c.scalar("SELECT coalesce(max(locked_until), 0) FROM login_throttle WHERE key IN (?1, ?2)",
                         {accountKey(account), addressKey(address)})
                    .value_or(0);
    });
    return std::max<std::int64_t>(0, until - nowSeconds());
}

void LoginThrottle::failed(const std::string& account, const std::string& address) {
    const std::int64_t now = nowSeconds();
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        for (const auto& [key, free] : {std::pair{accountKey(account), kFreeFailuresPerAccount},
                                        std::pair{addressKey(address), kFreeFailuresPerAddress}}) {
            // locked_until holds the last failure's time while there is no lock, so that
            // failures a day old are forgotten.
            c.run("INSERT INTO login_throttle(key, failures, locked_until) VALUES (?1, 0, ?2)"
                  " ON CONFLICT(key) DO UPDATE SET failures = CASE WHEN login_throttle.locked_until < ?3"
                  " THEN 0 ELSE login_throttle.failures END",
                  {key, now, now - kForgetSeconds});
            const std::int64_t failures =
                c.scalar(
                     "UPDATE login_throttle SET failures = failures + 1 WHERE key = ?1 RETURNING failures",
                     {key})
                    .value_or(1);
            std::int64_t lock = 0;
            if (failures >= free) {
                lock = kFirstLockSeconds;
                for (std::int64_t i = free; i < failures && lock < kLongestLockSeconds; ++i)
                    lock *= 2;
                lock = std::min(lock, kLongestLockSeconds);
            }
            c.run("UPDATE login_throttle SET locked_until = ?2 WHERE key = ?1", {key, now + lock});
        }
        tx.commit();
    });
}

void LoginThrottle::succeeded(const std::string& account) {
    m_pool.write(
        [&](SqlConnection& c) { c.run("DELETE FROM login_throttle WHERE key = ?1", {accountKey(account)}); });
}

void AuditLog::record(const std::string& who, const std::string& action, const std::string& board,
                      const std::string& detail) {
    for (int attempt = 0;; ++attempt) {
        try {
            m_pool.write([&](SqlConnection& c) {
                SqlTransaction tx(c, SqlTransactionKind::Write);
                const std::int64_t n = c.scalar("SELECT coalesce(max(n), 0) FROM audit").value_or(0) + 1;
                c.run(
                    "INSERT INTO audit(n, at, who, action, board_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    {n, utcNow(), who, action, board, oneLine(detail)});
                tx.commit();
            });
            return;
        } catch (const SqlError& e) {
            if (!e.unique || attempt == 4) throw;
        }
    }
}

std::vector<AuditEntry> AuditLog::recent(std::size_t limit) {
    std::vector<AuditEntry> out;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query("SELECT n, at, who, action, board_id, detail FROM audit ORDER BY n DESC LIMIT ?1",
                            {static_cast<std::int64_t>(limit)});
        while (rows->next())
            out.push_back(
                {rows->int64(0), rows->text(1), rows->text(2), rows->text(3), rows->text(4), rows->text(5)});
    });
    return out;
}

namespace {

constexpr const char* kLinkColumns =
    "SELECT id, board_id, label, created_by, created_at, coalesce(last_used_at, ''), coalesce(revoked_at, '')"
    " FROM viewing_link";

} // namespace

ViewingLinks::Made ViewingLinks::add(const std::string& board, const std::string& label,
                                     const std::string& by) {
    Made made;
    made.token = randomToken();
    const std::string hash = tokenHash(made.token);
    made.link = {hash.substr(0, 12), board, label, by, utcNow(), {}, {}};
    m_pool.write([&](SqlConnection& c) {
        c.run("INSERT INTO viewing_link(id, token_hash, board_id, label, created_by, created_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
              {made.link.id, hash, board, label, by, made.link.createdAt});
    });
    return made;
}

std::vector<ViewingLink> ViewingLinks::list(const std::string& board) {
    std::vector<ViewingLink> out;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query(std::string(kLinkColumns) +
                                " WHERE ?1 = '' OR board_id = ?1 ORDER BY created_at DESC, id",
                            {board});
        while (rows->next())
            out.push_back({rows->text(0), rows->text(1), rows->text(2), rows->text(3), rows->text(4),
                           rows->text(5), rows->text(6)});
    });
    return out;
}

bool ViewingLinks::revoke(const std::string& id) {
    std::int64_t found = 0;
    m_pool.write([&](SqlConnection& c) {
        found = c.scalar("SELECT count(*) FROM viewing_link WHERE id = ?1", {id}).value_or(0);
        c.run("UPDATE viewing_link SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", {id, utcNow()});
    });
    return found > 0;
}

std::optional<std::string> ViewingLinks::boardOf(const std::string& token) {
    if (token.size() != 43) return std::nullopt;
    const std::string hash = tokenHash(token);
    std::optional<std::string> board;
    std::string lastUsed;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query("SELECT board_id, coalesce(last_used_at, '') FROM viewing_link"
                            " WHERE token_hash = ?1 AND revoked_at IS NULL",
                            {hash});
        if (!rows->next()) return;
        board = rows->text(0);
        lastUsed = rows->text(1);
    });
    // Its use is noted, but not on every poll of an open page: a write at most once a minute.
    const std::string cutoff = formatUtc(WallClock::now() - std::chrono::minutes(1));
    if (board && lastUsed < cutoff)
        m_pool.write([&](SqlConnection& c) {
            c.run("UPDATE viewing_link SET last_used_at = ?2 WHERE token_hash = ?1", {hash, utcNow()});
        });
    return board;
}

} // namespace regiebord::hub
