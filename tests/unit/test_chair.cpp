// Chair mode logic: PIN hash, persisted lockout, session expiry, undo window.
// Times are injected; nothing sleeps. Few PBKDF2 iterations keep it fast.

#include "chair.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace regiebord;
using namespace regiebord::ui;
using namespace std::chrono_literals;

namespace {

constexpr int kFast = 1000;

// A fixed wall-clock moment (2024-01-01T00:00:00Z) so lock ends are exact.
const WallTime kT0{std::chrono::seconds(1704067200)};

DecisionRequest decision(const std::string& escalationId) {
    DecisionRequest r;
    r.escalationId = escalationId;
    r.decidedBy = "Voorzitter";
    return r;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("PIN hash round trip and wrong PIN", "[ui][chair][pin]") {
    const std::string encoded = hashPin("4821", kFast);
    CHECK(encoded.rfind("pbkdf2-sha256$1000$", 0) == 0);
    CHECK(isPinHash(encoded));
    CHECK(verifyPin("4821", encoded));
    CHECK_FALSE(verifyPin("4822", encoded));
    CHECK_FALSE(verifyPin("", encoded));
    CHECK_FALSE(verifyPin("48210", encoded));
}

TEST_CASE("two PIN hashes of the same PIN differ by their salt", "[ui][chair][pin]") {
    const std::string a = hashPin("123456", kFast);
    const std::string b = hashPin("123456", kFast);
    CHECK(a != b);
    CHECK(verifyPin("123456", a));
    CHECK(verifyPin("123456", b));
}

TEST_CASE("PIN hash stores its iteration count and default is 200000", "[ui][chair][pin]") {
    CHECK(kDefaultIterations == 200000);
    const std::string encoded = hashPin("0000", 1234);
    CHECK(encoded.rfind("pbkdf2-sha256$1234$", 0) == 0);
    CHECK(verifyPin("0000", encoded));
    CHECK_THROWS_AS(hashPin("0000", 0), std::invalid_argument);
    CHECK_THROWS_AS(hashPin("0000", -5), std::invalid_argument);
}

TEST_CASE("malformed PIN hash encodings verify as false and never throw", "[ui][chair][pin]") {
    const std::string good = hashPin("2468", kFast);
    const auto first = good.find('$');
    const auto second = good.find('$', first + 1);
    const auto third = good.find('$', second + 1);
    const std::string salt = good.substr(second + 1, third - second - 1);
    const std::string hash = good.substr(third + 1);
    REQUIRE(verifyPin("2468", "pbkdf2-sha256$1000$" + salt + "$" + hash));

    const std::vector<std::string> bad{
        "",
        "$$$",
        "pbkdf2-sha256",
        "pbkdf2-sha1$1000$" + salt + "$" + hash,               // wrong prefix
        "PBKDF2-SHA256$1000$" + salt + "$" + hash,             // prefix is case-sensitive
        "pbkdf2-sha256$$" + salt + "$" + hash,                 // no iterations
        "pbkdf2-sha256$abc$" + salt + "$" + hash,              // not a number
        "pbkdf2-sha256$-1000$" + salt + "$" + hash,            // negative
        "pbkdf2-sha256$+1000$" + salt + "$" + hash,            // sign
        "pbkdf2-sha256$0$" + salt + "$" + hash,                // zero
        "pbkdf2-sha256$1000x$" + salt + "$" + hash,            // trailing junk
        "pbkdf2-sha256$99999999999999$" + salt + "$" + hash,   // overflows int
        "pbkdf2-sha256$999999999$" + salt + "$" + hash,        // above kMaxIterations
        "pbkdf2-sha256$1000$$" + hash,                         // empty salt
        "pbkdf2-sha256$1000$zz" + salt.substr(2) + "$" + hash, // salt not hex
        "pbkdf2-sha256$1000$" + salt.substr(1) + "$" + hash,   // odd salt length
        "pbkdf2-sha256$1000$" + salt + "$" + hash.substr(2),   // short hash
        "pbkdf2-sha256$1000$" + salt + "$" + hash + "00",      // long hash
        "pbkdf2-sha256$1000$" + salt + "$" + hash + "$extra",  // extra field
        "pbkdf2-sha256$1000$" + salt,                          // missing hash
    };
    for (const auto& encoded : bad) {
        INFO(encoded);
        CHECK_NOTHROW(verifyPin("2468", encoded));
        CHECK_FALSE(verifyPin("2468", encoded));
        CHECK_FALSE(isPinHash(encoded));
    }
}

TEST_CASE("PIN problems: 4 to 8 digits only", "[ui][chair][pin]") {
    CHECK_FALSE(pinProblem("1234"));
    CHECK_FALSE(pinProblem("12345678"));
    CHECK(pinProblem(""));
    CHECK(pinProblem("123"));
    CHECK(pinProblem("123456789"));
    CHECK(pinProblem("12a4"));
    CHECK(pinProblem("12 34"));
    CHECK(pinProblem("-123"));
}

TEST_CASE("lockout policy: 3 free failures then 30 s doubling to a 15 min cap", "[ui][chair][lock]") {
    CHECK(PinGuard::lockAfter(0) == 0s);
    CHECK(PinGuard::lockAfter(3) == 0s);
    CHECK(PinGuard::lockAfter(4) == 30s);
    CHECK(PinGuard::lockAfter(5) == 60s);
    CHECK(PinGuard::lockAfter(6) == 120s);
    CHECK(PinGuard::lockAfter(7) == 240s);
    CHECK(PinGuard::lockAfter(8) == 480s);
    CHECK(PinGuard::lockAfter(9) == 900s);
    CHECK(PinGuard::lockAfter(10) == 900s);
    CHECK(PinGuard::lockAfter(1000000) == 900s);
}

TEST_CASE("PIN lockout sequence with injected times", "[ui][chair][lock][pin]") {
    test::TempDir dir;
    PinGuard guard(dir.file("chair.db"), hashPin("4821", kFast));
    REQUIRE(guard.configured());
    WallTime t = kT0;

    for (int i = 1; i <= 3; ++i) {
        const auto a = guard.attempt("0000", t);
        CHECK(a.result == PinGuard::Attempt::Wrong);
        CHECK(a.failures == i);
        CHECK(a.retryAfter == 0s);
        CHECK_FALSE(guard.lockedFor(t));
    }

    auto a = guard.attempt("0000", t);
    CHECK(a.result == PinGuard::Attempt::Wrong);
    CHECK(a.failures == 4);
    CHECK(a.retryAfter == 30s);
    CHECK(guard.lockedFor(t) == 30s);

    SECTION("while locked even the right PIN is not checked") {
        a = guard.attempt("4821", t + 10s);
        CHECK(a.result == PinGuard::Attempt::Locked);
        CHECK(a.retryAfter == 20s);
        CHECK(a.failures == 4);
        CHECK(guard.lockedFor(t + 29s) == 1s);
        CHECK(guard.failures() == 4);
    }

    SECTION("the next failure locks 60 s, and the lock is capped at 15 min") {
        t += 30s;
        CHECK_FALSE(guard.lockedFor(t));
        a = guard.attempt("0000", t);
        CHECK(a.result == PinGuard::Attempt::Wrong);
        CHECK(a.retryAfter == 60s);
        CHECK(guard.lockedFor(t + 59s) == 1s);
        CHECK_FALSE(guard.lockedFor(t + 60s));

        t += 60s;
        CHECK(guard.attempt("0000", t).retryAfter == 120s);
        t += 120s;
        CHECK(guard.attempt("0000", t).retryAfter == 240s);
        t += 240s;
        CHECK(guard.attempt("0000", t).retryAfter == 480s);
        t += 480s;
        CHECK(guard.attempt("0000", t).retryAfter == 900s);
        t += 900s;
        a = guard.attempt("0000", t);
        CHECK(a.retryAfter == 900s);
        CHECK(a.failures == 10);
    }

    SECTION("a correct PIN after the lock resets the counter") {
        t += 30s;
        a = guard.attempt("4821", t);
        CHECK(a.result == PinGuard::Attempt::Ok);
        CHECK(a.failures == 0);
        CHECK(guard.failures() == 0);
        a = guard.attempt("0000", t);
        CHECK(a.failures == 1);
        CHECK(a.retryAfter == 0s); // free again
    }
}

TEST_CASE("PIN lockout survives reopening the file", "[ui][chair][lock][pin]") {
    test::TempDir dir;
    const std::string db = dir.file("chair.db");
    const std::string hash = hashPin("4821", kFast);
    {
        PinGuard guard(db, hash);
        for (int i = 0; i < 4; ++i)
            guard.attempt("1111", kT0);
        REQUIRE(guard.lockedFor(kT0) == 30s);
    }
    PinGuard reopened(db, hash);
    CHECK(reopened.failures() == 4);
    CHECK(reopened.lockedFor(kT0 + 5s) == 25s);
    const auto a = reopened.attempt("4821", kT0 + 5s);
    CHECK(a.result == PinGuard::Attempt::Locked);
    CHECK(a.retryAfter == 25s);
    // After the lock the next failure continues the sequence: 60 s, not free.
    CHECK(reopened.attempt("1111", kT0 + 30s).retryAfter == 60s);

    // SQLite's rollback journal, as docs/architecture.md says (synchronous=FULL is the
    // connection's own setting, not in the file: each counted failure is on disk before
    // the answer).
    sql::Database raw(db);
    auto mode = raw.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "delete");
}

TEST_CASE("PIN lockout is never longer than earned when the clock is set back", "[ui][chair][lock]") {
    test::TempDir dir;
    PinGuard guard(dir.file("chair.db"), hashPin("4821", kFast));
    for (int i = 0; i < 4; ++i)
        guard.attempt("1111", kT0);
    CHECK(guard.lockedFor(kT0 - std::chrono::hours(24 * 365)) == 30s);
}

TEST_CASE("chair mode without a PIN hash is not configured", "[ui][chair][pin]") {
    test::TempDir dir;
    for (const std::string& hash :
         {std::string(), std::string("garbage"), std::string("pbkdf2-sha256$1$aa$bb")}) {
        PinGuard guard(dir.file("chair.db"), hash);
        CHECK_FALSE(guard.configured());
        const auto a = guard.attempt("1234", kT0);
        CHECK(a.result == PinGuard::Attempt::NotConfigured);
        CHECK(guard.failures() == 0);
    }
    // A hash read from a file with its trailing newline is accepted.
    PinGuard withNewline(dir.file("chair2.db"), hashPin("1234", kFast) + "\n");
    CHECK(withNewline.configured());
    CHECK(withNewline.attempt("1234", kT0).result == PinGuard::Attempt::Ok);
}

TEST_CASE("chair session expires after idle timeout and touch extends it", "[ui][chair]") {
    const SteadyTime t0{};
    ChairSession session(180s);
    CHECK_FALSE(session.active(t0));
    CHECK(session.secondsLeft(t0) == 0s);

    session.open(t0);
    CHECK(session.active(t0));
    CHECK(session.secondsLeft(t0) == 180s);
    CHECK(session.secondsLeft(t0 + 60s + 500ms) == 120s); // rounded up
    CHECK(session.active(t0 + 179s));
    CHECK_FALSE(session.active(t0 + 180s));

    session.touch(t0 + 100s);
    CHECK(session.active(t0 + 279s));
    CHECK(session.secondsLeft(t0 + 279s) == 1s);
    CHECK_FALSE(session.active(t0 + 280s));

    // Touching an expired session does not revive it.
    session.touch(t0 + 300s);
    CHECK_FALSE(session.active(t0 + 300s));

    session.open(t0 + 400s);
    CHECK(session.active(t0 + 401s));
    session.close();
    CHECK_FALSE(session.active(t0 + 401s));
}

TEST_CASE("undo inside the window removes the decision", "[ui][chair][undo]") {
    const SteadyTime t0{};
    PendingDecisions pending; // 10 s window
    const auto a = pending.add(decision("esc-1"), t0);
    const auto b = pending.add(decision("esc-2"), t0 + 2s);
    CHECK(a != b);

    auto list = pending.pending(t0 + 2500ms);
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == a);
    CHECK(list[0].secondsLeft == 8s); // 7.5 s rounded up
    CHECK(list[1].request.escalationId == "esc-2");
    CHECK(list[1].secondsLeft == 10s);

    CHECK(pending.undo(a, t0 + 9s));
    CHECK_FALSE(pending.undo(a, t0 + 9s)); // already undone
    CHECK(pending.release(t0 + 11s).empty());
    CHECK(pending.pending(t0 + 11s).size() == 1);
}

TEST_CASE("undo window: release after it and undo after release returns false", "[ui][chair][undo]") {
    const SteadyTime t0{};
    PendingDecisions pending(10s);
    const auto a = pending.add(decision("esc-1"), t0);
    const auto b = pending.add(decision("esc-2"), t0 + 5s);

    CHECK(pending.release(t0 + 9s).empty());
    auto released = pending.release(t0 + 10s);
    REQUIRE(released.size() == 1);
    CHECK(released[0] == decision("esc-1"));
    CHECK_FALSE(pending.undo(a, t0 + 10s));

    // Due but not yet released: undo is refused, release still delivers it.
    CHECK_FALSE(pending.undo(b, t0 + 15s));
    CHECK(pending.pending(t0 + 15s).empty());
    released = pending.release(t0 + 15s);
    REQUIRE(released.size() == 1);
    CHECK(released[0].escalationId == "esc-2");
    CHECK(pending.empty());
    CHECK_FALSE(pending.undo(b, t0 + 16s));
    CHECK_FALSE(pending.undo(12345, t0));
}

TEST_CASE("PIN hash file is written with mode 0600", "[ui][chair][pin]") {
    test::TempDir dir;
    const std::string path = dir.file("chair.pin");
    CHECK(writePinHashFile(path, "13579", kFast).empty());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string content = readAll(path);
    CHECK(content.back() == '\n');
    CHECK(verifyPin("13579", content.substr(0, content.size() - 1)));

    // An existing, more open file is narrowed to 0600 and replaced.
    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    CHECK(writePinHashFile(path, "24680", kFast).empty());
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(verifyPin("24680", readAll(path).substr(0, readAll(path).size() - 1)));
}

TEST_CASE("PIN hash file refuses a bad PIN and an unwritable path", "[ui][chair][pin]") {
    test::TempDir dir;
    CHECK_THAT(writePinHashFile(dir.file("p"), "12", kFast), Catch::Contains("4 to 8"));
    CHECK_FALSE(std::filesystem::exists(dir.file("p")));
    CHECK_FALSE(writePinHashFile(dir.file("no-such-dir/p"), "1234", kFast).empty());
}
