#include "accounts.hpp"

#include "clock.hpp"
#include "hub_store.hpp"
#include "text.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace regiebord::hub {

namespace {

// argon2id with 19 MiB and 2 passes (OWASP's password storage advice, 2023): about 60 ms
// on one core here, and a hub serves eight logins at once with 152 MiB (its worker pool);
// libsodium's "interactive" 64 MiB would take 512 MiB for the same.
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19UL * 1024 * 1024;

void needSodium() {
    static const int ready = sodium_init();
    if (ready < 0) throw std::runtime_error("libsodium cannot start (sodium_init)");
}

constexpr std::array<std::string_view, 3> kRoleNames{"secretariaat", "it", "kijker"};

AccountRole roleFrom(const std::string& text) {
    const auto role = parseRole(text);
    if (!role) throw std::runtime_error("an account has an unknown role \"" + text + "\"");
    return *role;
}

constexpr const char* kAccountColumns =
    "SELECT name, role, created_at, created_by, password_changed_at FROM account";

Account accountFrom(const SqlRows& rows) {
    return {rows.text(0), roleFrom(rows.text(1)), rows.text(2), rows.text(3), rows.text(4)};
}

} // namespace

std::string_view roleName(AccountRole role) {
    return kRoleNames.at(static_cast<std::size_t>(role));
}

std::optional<AccountRole> parseRole(std::string_view text) {
    for (std::size_t i = 0; i < kRoleNames.size(); ++i)
        if (kRoleNames[i] == text) return static_cast<AccountRole>(i);
    return std::nullopt;
}

std::string accountNameProblem(std::string_view name) {
    if (name.empty() || name.size() > 64) return "expected 1 to 64 characters";
    const auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!plain(name.front())) return "expected a lower-case letter or a digit first";
    for (const char c : name)
        if (!plain(c) && c != '.' && c != '_' && c != '-')
            return "expected only lower-case letters, digits, '.', '_' and '-'";
    return {};
}

std::string passwordProblem(std::string_view password) {
    if (password.size() > 1024) return "longer than 1024 bytes";
    if (!isValidUtf8(password)) return "not valid UTF-8";
    std::size_t characters = 0;
    for (const char c : password) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return "holds a control character";
        if ((byte & 0xC0U) != 0x80U) ++characters; // not a continuation byte
    }
    if (characters < 12) return "shorter than 12 characters";
    return {};
}

std::string hashPassword(std::string_view password) {
    needSodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOpsLimit, kMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("the password could not be hashed (out of memory)");
    return out.data();
}

bool verifyPassword(const std::string& hash, std::string_view password) {
    needSodium();
    if (hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool passwordNeedsRehash(const std::string& hash) {
    needSodium();
    return crypto_pwhash_str_needs_rehash(hash.c_str(), kOpsLimit, kMemLimit) != 0;
}

bool AccountStore::add(const std::string& name, AccountRole role, const std::string& passwordHash,
                       const std::string& by) {
    std::int64_t added = 0;
    m_pool.write([&](SqlConnection& c) {
        const std::string now = utcNow();
        added = c.run(
            "INSERT INTO account(name, role, password_hash, created_at, created_by, password_changed_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?4) ON CONFLICT (name) DO NOTHING",
            {name, std::string(roleName(role)), passwordHash, now, by});
    });
    return added > 0;
}

std::vector<Account> AccountStore::list() {
    std::vector<Account> out;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query(std::string(kAccountColumns) + " ORDER BY name");
        while (rows->next())
            out.push_back(accountFrom(*rows));
    });
    return out;
}

std::optional<Account> AccountStore::find(const std::string& name) {
    std::optional<Account> found;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query(std::string(kAccountColumns) + " WHERE name = ?1", {name});
        if (rows->next()) found = accountFrom(*rows);
    });
    return found;
}

std::optional<std::string> AccountStore::passwordHash(const std::string& name) {
    std::optional<std::string> hash;
    m_pool.read([&](SqlConnection& c) {
        hash = c.scalarText("SELECT password_hash FROM account WHERE name = ?1", {name});
    });
    return hash;
}

bool AccountStore::setPassword(const std::string& name, const std::string& passwordHash) {
    std::int64_t changed = 0;
    m_pool.write([&](SqlConnection& c) {
        changed = c.run("UPDATE account SET password_hash = ?2, password_changed_at = ?3 WHERE name = ?1",
                        {name, passwordHash, utcNow()});
    });
    return changed > 0;
}

bool AccountStore::remove(const std::string& name) {
    std::int64_t removed = 0;
    m_pool.write([&](SqlConnection& c) { removed = c.run("DELETE FROM account WHERE name = ?1", {name}); });
    return removed > 0;
}

} // namespace regiebord::hub
