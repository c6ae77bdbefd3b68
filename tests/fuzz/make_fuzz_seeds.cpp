// Writes the binary seeds of the fuzz corpora (tests/fuzz/README.md): outbox files
// (database and WAL) made by Outbox in a process that dies without closing them, and
// chair PIN files made by hashPin. The text seeds (JSON, TOML) are kept
// as files; see capture_hub_seeds.sh.
//   regiebord_fuzz_seeds OUT_DIR   (then copy OUT_DIR/<target>/ over tests/fuzz/corpus/<target>/)

#include "chair.hpp"
#include "outbox.hpp"
#include "sqlite.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace regiebord;
namespace fs = std::filesystem;

namespace {

fs::path g_out;

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void seed(const std::string& target, const std::string& name, const std::string& bytes) {
    fs::create_directories(g_out / target);
    std::ofstream out(g_out / target / name, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::printf("%s/%s: %zu bytes\n", target.c_str(), name.c_str(), bytes.size());
}

// ---- outbox ------------------------------------------------------------------------------

DecisionRequest decision(int n) {
    DecisionRequest r;
    r.escalationId = "esc-" + std::to_string(n);
    r.outcome = n % 3 == 0 ? Outcome::Option : Outcome::Akkoord;
    if (r.outcome == Outcome::Option) r.optionId = "opt-" + std::to_string(n);
    r.note = n % 2 == 0 ? "Besloten in de vergadering; \xc3\xa9\xc3\xa9n regel." : "";
    r.decidedBy = "Voorzitter";
    r.decidedAt = "2026-11-28T14:0" + std::to_string(n % 10) + ":00Z";
    if (n % 4 == 0) r.meetingId = "mtg-2026-11";
    return r;
}

/// Runs fn in a child; fn ends the child itself (_exit) before its objects close anything,
/// as a power cut would: what it committed stays in the WAL.
template <typename Fn> void thenDie(Fn fn) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        try {
            fn();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child: %s\n", e.what());
            ::_exit(1);
        }
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("the recording child failed");
}

struct OutboxScene {
    std::string db;
    std::string wal;
};

/// `delivered` confirmed decisions checkpointed into the file, then `queued` left in the WAL.
OutboxScene outboxScene(const fs::path& dir, int delivered, int queued, bool restartWal = false) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = (dir / "outbox.db").string();
    {
        Outbox outbox(path);
        for (int i = 0; i < delivered; ++i) {
            const auto key = outbox.record("demo-regio", decision(100 + i)).item->idempotencyKey;
            outbox.markConfirmed(key, "dec-" + std::to_string(i), "2026-11-28T14:00:01Z");
        }
        if (delivered > 1)
            outbox.markStopped(outbox.all().back().idempotencyKey, OutboxState::NeedsAttention,
                               "hub: 422 unknown escalation");
    }
    thenDie([&] {
        Outbox outbox(path);
        for (int i = 0; i < queued; ++i) {
            outbox.record("demo-regio", decision(i));
            if (restartWal && i == 1) { // later frames overwrite the start of the WAL: a new generation
                sql::Database db(path);
                db.exec("PRAGMA wal_checkpoint(RESTART)");
            }
        }
        ::_exit(0); // no destructor, no checkpoint
    });
    OutboxScene s{readFile(path), readFile(path + "-wal")};
    fs::remove_all(dir);
    return s;
}

std::string salvageInput(char mode, const std::string& db, const std::string& wal) {
    std::string in(1, mode);
    const auto n = static_cast<std::uint32_t>(db.size());
    for (unsigned shift = 0; shift < 32; shift += 8)
        in.push_back(static_cast<char>((n >> shift) & 0xFFU));
    return in + db + wal;
}

void outboxes() {
    const fs::path dir = g_out / "scene";
    const auto killed = outboxScene(dir, 3, 1);
    const auto walOnly = outboxScene(dir, 0, 2);
    const auto restarted = outboxScene(dir, 1, 3, true);
    const auto closed = outboxScene(dir, 4, 0);

    seed("outbox_wal", "killed-after-one", std::string(1, '\0') + killed.wal);
    seed("outbox_wal", "killed-after-one-repaired", std::string(1, '\1') + killed.wal);
    seed("outbox_wal", "two-queued", std::string(1, '\0') + walOnly.wal);
    seed("outbox_wal", "new-generation", std::string(1, '\0') + restarted.wal);
    seed("outbox_wal", "header-only", std::string(1, '\0') + killed.wal.substr(0, 32));
    std::string lost = killed.wal; // a byte of the first frame's page: later commits are lost to SQLite
    if (lost.size() > 32 + 24 + 100) lost[32 + 24 + 100] = static_cast<char>(lost[32 + 24 + 100] ^ 0x5A);
    seed("outbox_wal", "lost-commit", std::string(1, '\0') + lost);

    seed("outbox_salvage", "killed-after-one", salvageInput('\0', killed.db, killed.wal));
    seed("outbox_salvage", "killed-after-one-repaired", salvageInput('\1', killed.db, killed.wal));
    seed("outbox_salvage", "wal-only-rows", salvageInput('\0', walOnly.db, walOnly.wal));
    seed("outbox_salvage", "emptied-db", salvageInput('\0', "", walOnly.wal));
    seed("outbox_salvage", "new-generation", salvageInput('\0', restarted.db, restarted.wal));
    seed("outbox_salvage", "closed-no-wal", salvageInput('\0', closed.db, ""));
    seed("outbox_salvage", "lost-commit", salvageInput('\0', killed.db, lost));
    std::string scribbled = closed.db; // the b-tree pages damaged: rows are read page by page
    for (std::size_t i = 4096; i < scribbled.size() && i < 4096 + 64; ++i)
        scribbled[i] = static_cast<char>(i * 37);
    seed("outbox_salvage", "scribbled-db", salvageInput('\0', scribbled, killed.wal));
}

// ---- chair PIN ---------------------------------------------------------------------------

void chairPins() {
    const std::string h1 = ui::hashPin("1234", 1);
    const std::string h100 = ui::hashPin("1234", 100);
    seed("chair_pin", "rounds-1", h1 + "\n");
    seed("chair_pin", "rounds-100-crlf", h100 + "\r\n");
    seed("chair_pin", "rounds-1000-no-newline", ui::hashPin("1234", 1000));
    seed("chair_pin", "other-pin", ui::hashPin("98765432", 10) + "  \n");
    seed("chair_pin", "default-rounds", ui::hashPin("1234", ui::kDefaultIterations) + "\n");
    std::string upper = h100;
    for (auto& c : upper)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    seed("chair_pin", "upper-hex", upper.replace(0, 13, "pbkdf2-sha256") + "\n");
    seed("chair_pin", "long-salt",
         "pbkdf2-sha256$5$" + std::string(128, 'a') + "$" + std::string(64, '0') + "\n");
    seed("chair_pin", "too-long-salt",
         "pbkdf2-sha256$5$" + std::string(130, 'a') + "$" + std::string(64, '0'));
    seed("chair_pin", "extra-field", h1 + "$00\n");
    seed("chair_pin", "zero-rounds", "pbkdf2-sha256$0$00$" + std::string(64, '1'));
    seed("chair_pin", "two-lines", h1 + "\n" + h100 + "\n");
    seed("chair_pin", "empty", "");
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
        return 2;
    }
    g_out = argv[1];
    fs::create_directories(g_out);
    outboxes();
    chairPins();
    return 0;
}
