#pragma once
// The people who use the hub's web side (docs/web.md): the programme office
// (secretariaat), IT and viewers (kijker). Accounts are made on the hub's shell
// (`regiebord-hub user add`), never with a default password. A password is kept
// only as an argon2id hash (libsodium's crypto_pwhash_str: the salt and the limits
// are in the string).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord::hub {

class ConnectionPool;

enum class AccountRole { Secretariaat, It, Kijker };
std::string_view roleName(AccountRole role);
std::optional<AccountRole> parseRole(std::string_view text);

/// Why a name cannot be an account's ("" when it can): 1-64 of a-z, 0-9, '.', '_', '-',
/// starting with a letter or digit (it goes into the audit log and the pages as it is).
std::string accountNameProblem(std::string_view name);
/// Why a password cannot be used ("" when it can): at least 12 characters, at most 1024
/// bytes, valid UTF-8 without control characters.
std::string passwordProblem(std::string_view password);

/// The argon2id hash of a password with a new random salt ($argon2id$v=19$m=...,t=...,p=1$...).
/// Throws std::runtime_error when it cannot be made (libsodium out of memory).
std::string hashPassword(std::string_view password);
/// True when the password is the one hashed.
bool verifyPassword(const std::string& hash, std::string_view password);
/// True when the hash was made with other limits than hashPassword uses now (hash again at
/// the next good login).
bool passwordNeedsRehash(const std::string& hash);

struct Account {
    std::string name;
    AccountRole role = AccountRole::Kijker;
    std::string createdAt;
    std::string createdBy;
    std::string passwordChangedAt;
};

/// Accounts in the hub's store (table account, schema step 9).
class AccountStore {
public:
    explicit AccountStore(ConnectionPool& pool) : m_pool(pool) {}
    /// False when the name is taken.
    bool add(const std::string& name, AccountRole role, const std::string& passwordHash,
             const std::string& by);
    std::vector<Account> list();
    std::optional<Account> find(const std::string& name);
    /// The stored hash, for a login; nullopt for no such account.
    std::optional<std::string> passwordHash(const std::string& name);
    /// False when there is no such account.
    bool setPassword(const std::string& name, const std::string& passwordHash);
    /// False when there is no such account.
    bool remove(const std::string& name);

private:
    ConnectionPool& m_pool;
};

} // namespace regiebord::hub
