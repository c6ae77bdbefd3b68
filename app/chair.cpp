#include "chair.hpp"

#include "private_file.hpp"
#include "text.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace regiebord::ui {

namespace {

constexpr std::string_view kPrefix = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;     // SHA-256 output
constexpr std::size_t kMaxSaltBytes = 64;  // what verifyPin accepts from a file
constexpr std::size_t kMaxPinBytes = 256;  // verifyPin refuses longer input outright
constexpr int kMaxCountedFailures = 10000; // keeps the counter far from overflow

struct ParsedHash {
    int iterations = 0;
    std::vector<unsigned char> salt;
    std::vector<unsigned char> hash;
};

// Strict reader of `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`.
std::optional<ParsedHash> parseHash(std::string_view encoded) {
    std::array<std::string_view, 4> fields;
    std::size_t count = 0;
    for (;;) {
        const auto dollar = encoded.find('$');
        if (count == fields.size()) return std::nullopt; // too many fields
        fields.at(count++) = encoded.substr(0, dollar);
        if (dollar == std::string_view::npos) break;
        encoded.remove_prefix(dollar + 1);
    }
    if (count != fields.size() || fields[0] != kPrefix) return std::nullopt;

    ParsedHash parsed;
    const std::string_view iterations = fields[1];
    if (iterations.empty() || iterations.size() > 9 ||
        !std::all_of(iterations.begin(), iterations.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const auto [end, ec] =
        std::from_chars(iterations.data(), iterations.data() + iterations.size(), parsed.iterations);
    if (ec != std::errc() || end != iterations.data() + iterations.size()) return std::nullopt;
    if (parsed.iterations < 1 || parsed.iterations > kMaxIterations) return std::nullopt;

    auto salt = fromHex(fields[2]);
    auto hash = fromHex(fields[3]);
    if (!salt || salt->size() > kMaxSaltBytes || !hash || hash->size() != kHashBytes) return std::nullopt;
    parsed.salt = std::move(*salt);
    parsed.hash = std::move(*hash);
    return parsed;
}

bool derive(std::string_view pin, const std::vector<unsigned char>& salt, int iterations,
            std::array<unsigned char, kHashBytes>& out) {
    return PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(),
                             static_cast<int>(salt.size()), iterations, EVP_sha256(),
                             static_cast<int>(out.size()), out.data()) == 1;
}

// A hash read from a file keeps its line end; the encoding itself has none.
std::string withoutTrailingSpace(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

} // namespace

// ---- PIN hash --------------------------------------------------------------

std::string hashPin(std::string_view pin, int iterations) {
    if (iterations < 1 || iterations > kMaxIterations)
        throw std::invalid_argument("hashPin: iterations must be 1.." + std::to_string(kMaxIterations));
    if (pin.size() > kMaxPinBytes) throw std::invalid_argument("hashPin: PIN too long");
    std::vector<unsigned char> salt(kSaltBytes);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
        throw std::runtime_error("hashPin: no random bytes from OpenSSL");
    std::array<unsigned char, kHashBytes> hash{};
    if (!derive(pin, salt, iterations, hash)) throw std::runtime_error("hashPin: PBKDF2 failed");
    return std::string(kPrefix) + "$" + std::to_string(iterations) + "$" + toHex(salt.data(), salt.size()) +
           "$" + toHex(hash.data(), hash.size());
}

bool verifyPin(std::string_view pin, const std::string& encoded) {
    if (pin.size() > kMaxPinBytes) return false;
    const auto parsed = parseHash(encoded);
    if (!parsed) return false;
    std::array<unsigned char, kHashBytes> hash{};
    if (!derive(pin, parsed->salt, parsed->iterations, hash)) return false;
    return CRYPTO_memcmp(hash.data(), parsed->hash.data(), hash.size()) == 0;
}

bool isPinHash(const std::string& encoded) {
    return parseHash(encoded).has_value();
}

std::optional<std::string> pinProblem(std::string_view pin) {
    if (pin.size() < 4 || pin.size() > 8) return "a PIN has 4 to 8 digits";
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "a PIN has digits only";
    return std::nullopt;
}

// Created with mode 0600 so the hash is never readable by others, then
// fchmod (O_CREAT leaves an existing file's mode alone), written, fsync'ed.
std::string writePinHashFile(const std::string& path, std::string_view pin, int iterations) {
    if (auto problem = pinProblem(pin)) return *problem;
    std::string content;
    try {
        content = hashPin(pin, iterations) + "\n";
    } catch (const std::exception& e) {
        return e.what();
    }
    if (const std::string problem = writePrivateFile(path, content); !problem.empty())
        return path + ": " + problem;
    return {};
}

// ---- Lockout ---------------------------------------------------------------

namespace {

const std::vector<sql::Migration>& guardMigrations() {
    static const std::vector<sql::Migration> list{
        {1, "one row: consecutive wrong PINs and the wall-clock end of the lock",
         R"sql(
            CREATE TABLE pin_guard (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
                locked_until INTEGER NOT NULL DEFAULT 0 -- epoch seconds, 0 = not locked
            );
            INSERT INTO pin_guard(id) VALUES (1);
        )sql"},
    };
    return list;
}

std::int64_t epochSecondsCeil(WallTime t) {
    return std::chrono::ceil<std::chrono::seconds>(t.time_since_epoch()).count();
}

} // namespace

PinGuard::PinGuard(const std::string& dbPath, std::string encodedHash)
    : m_db(dbPath), m_hash(withoutTrailingSpace(std::move(encodedHash))), m_configured(isPinHash(m_hash)) {
    // FULL: a counted failure is on disk before attempt() answers, so pulling
    // the plug after a wrong guess does not give the guess back.
    m_db.exec("PRAGMA synchronous=FULL");
    sql::migrate(m_db, guardMigrations());
}

std::chrono::seconds PinGuard::lockAfter(int failures) {
    constexpr int kFree = 3;
    constexpr std::chrono::seconds kFirst{30};
    constexpr std::chrono::seconds kCap = std::chrono::minutes(15);
    if (failures <= kFree) return std::chrono::seconds(0);
    const int doublings = failures - kFree - 1;
    if (doublings >= 5) return kCap; // 30 s * 2^5 is already past the cap
    return std::min(kFirst * (1 << doublings), std::chrono::duration_cast<std::chrono::seconds>(kCap));
}

PinGuard::State PinGuard::load() {
    auto stmt = m_db.prepare("SELECT failures, locked_until FROM pin_guard WHERE id = 1");
    State state;
    if (stmt.step()) {
        state.failures = static_cast<int>(std::clamp<std::int64_t>(stmt.int64(0), 0, kMaxCountedFailures));
        state.lockedUntil = stmt.int64(1);
    }
    return state;
}

void PinGuard::store(const State& state) {
    m_db.prepare("INSERT OR REPLACE INTO pin_guard(id, failures, locked_until) VALUES (1, ?1, ?2)")
        .bindAll(state.failures, state.lockedUntil)
        .run();
}

std::optional<std::chrono::seconds> PinGuard::remaining(const State& state, WallTime now) {
    if (state.lockedUntil == 0) return std::nullopt;
    const WallTime until{std::chrono::seconds(state.lockedUntil)};
    if (now >= until) return std::nullopt;
    // Never longer than the lock this failure count earns: a wall clock set
    // back (or a tampered file) must not lock the chair out for days.
    const auto left =
        std::min(std::chrono::ceil<std::chrono::seconds>(until - now), lockAfter(state.failures));
    if (left <= std::chrono::seconds(0)) return std::nullopt;
    return left;
}

std::optional<std::chrono::seconds> PinGuard::lockedFor(WallTime now) {
    return remaining(load(), now);
}

int PinGuard::failures() {
    return load().failures;
}

PinGuard::Attempt PinGuard::attempt(std::string_view pin, WallTime now) {
    if (!m_configured) return {Attempt::NotConfigured, std::chrono::seconds(0), load().failures};
    {
        const State state = load();
        if (auto left = remaining(state, now)) return {Attempt::Locked, *left, state.failures};
    }
    const bool ok = verifyPin(pin, m_hash); // outside the transaction: it takes a while

    sql::Transaction tx(m_db);
    State state = load();
    Attempt result{Attempt::Ok, std::chrono::seconds(0), 0};
    if (ok) {
        state = State{};
    } else {
        state.failures = std::min(state.failures + 1, kMaxCountedFailures);
        const auto lock = lockAfter(state.failures);
        state.lockedUntil = lock.count() > 0 ? epochSecondsCeil(now) + lock.count() : 0;
        result = {Attempt::Wrong, lock, state.failures};
    }
    store(state);
    tx.commit();
    return result;
}

// ---- Session ---------------------------------------------------------------

void ChairSession::open(SteadyTime now) {
    m_open = true;
    m_lastTouch = now;
}

void ChairSession::touch(SteadyTime now) {
    if (active(now)) m_lastTouch = now;
}

bool ChairSession::active(SteadyTime now) const {
    return m_open && now - m_lastTouch < m_timeout;
}

std::chrono::seconds ChairSession::secondsLeft(SteadyTime now) const {
    if (!active(now)) return std::chrono::seconds(0);
    return std::chrono::ceil<std::chrono::seconds>(m_lastTouch + m_timeout - now);
}

// ---- Undo window -----------------------------------------------------------

PendingDecisions::Id PendingDecisions::add(DecisionRequest request, SteadyTime now) {
    const Id id = m_next++;
    m_items.push_back({id, std::move(request), now + m_window});
    return id;
}

bool PendingDecisions::undo(Id id, SteadyTime now) {
    const auto it = std::find_if(m_items.begin(), m_items.end(), [id](const Item& i) { return i.id == id; });
    if (it == m_items.end() || now >= it->deadline) return false; // gone, or already due for release
    m_items.erase(it);
    return true;
}

std::vector<DecisionRequest> PendingDecisions::release(SteadyTime now) {
    std::vector<DecisionRequest> due;
    std::vector<Item> kept;
    for (auto& item : m_items) {
        if (now >= item.deadline)
            due.push_back(std::move(item.request));
        else
            kept.push_back(std::move(item));
    }
    m_items = std::move(kept);
    return due;
}

std::vector<PendingDecisions::Pending> PendingDecisions::pending(SteadyTime now) const {
    std::vector<Pending> out;
    for (const auto& item : m_items)
        if (now < item.deadline)
            out.push_back(
                {item.id, item.request, std::chrono::ceil<std::chrono::seconds>(item.deadline - now)});
    return out;
}

} // namespace regiebord::ui
