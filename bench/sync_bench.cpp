// regiebord-sync-bench: what staying in sync costs, against the real hub
// process on loopback. Prints, per board size (agreements):
//   full sync time (empty kiosk -> board on screen and in the cache),
//   peak RSS of the kiosk's sync during that full sync (a child process),
//   bytes on the wire for an unchanged poll (request + 304, headers included).
// Usage: regiebord-sync-bench [N ...]   (default 1000 10000 100000)
// Not part of ctest; see docs/performance.md.

#include "protocol.hpp"
#include "sync_engine.hpp"

#include "support/fault_proxy.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace regiebord;
using namespace regiebord::test;

namespace {

constexpr const char* kToken = "bench-token-not-secret";

/// The demo board's parties and definitions, with n generated agreements.
std::string benchBoard(int n, int edited = 0, int round = 0) {
    BoardData b =
        parseBoard(readFile(REGIEBORD_SOURCE_DIR "/assets/demo/board.json"), DocumentKind::Import).value();
    b.board.id = "bench";
    const Agreement templ = b.agreements.front();
    b.agreements.clear();
    for (std::size_t i = 0; i < b.escalations.size(); ++i)
        b.escalations.mutableAt(i).agreement.reset();
    for (std::size_t i = 0; i < b.meetings.size(); ++i)
        for (auto& item : b.meetings.mutableAt(i).agenda)
            item.agreement.reset();
    for (int i = 0; i < n; ++i) {
        Agreement a = templ;
        a.id = "pa-" + std::to_string(i);
        a.title = "Prestatieafspraak " + std::to_string(i) + " (benchmark, verzonnen)";
        if (i < edited) a.title += ", gewijzigd " + std::to_string(round);
        a.target.quantity = 100 + i % 400;
        a.progress.realised = i % 300;
        a.status = static_cast<AgreementStatus>(i % 5);
        b.agreements.push_back(std::move(a));
    }
    return encodeBoard(b, DocumentKind::Import);
}

SyncSettings settings(const std::string& url, const std::string& dir) {
    SyncSettings s;
    s.hubUrl = url;
    s.boardId = "bench";
    s.token = kToken;
    s.cachePath = dir + "/cache.db";
    s.outboxPath = dir + "/outbox.db";
    s.heartbeatInterval = std::chrono::hours(24);
    s.http.totalTimeout = std::chrono::minutes(5);
    // The hub needs a while to build and compress a 100k-agreement snapshot
    // before the first byte flows; the default low-speed guard (10 s) is for rooms.
    s.http.lowSpeedTime = std::chrono::seconds(120);
    return s;
}

double ms(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

/// Child mode: one full sync into an empty state dir; prints its time in ms.
int oneSync(const std::string& url, const std::string& dir) {
    SyncEngine engine(settings(url, dir), nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    engine.syncOnce();
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    const auto snap = engine.snapshot();
    if (!snap->board) {
        std::fprintf(stderr, "sync failed: %s\n", snap->status.lastError.c_str());
        return 1;
    }
    // Peak RSS of this process's own memory (VmHWM after exec): the parent's
    // pages, shared until exec, would inflate getrusage's figure for the child.
    long hwmKb = 0;
    std::istringstream status(readFile("/proc/self/status"));
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) hwmKb = std::atol(line.c_str() + 6);
    std::printf("%.1f %zu %ld\n", ms(elapsed), snap->board->agreements.size(), hwmKb);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--one-sync") return oneSync(argv[2], argv[3]);
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty()) sizes = {1000, 10000, 100000};

    std::printf("%-11s %-14s %-20s %-22s %-16s %-18s %s\n", "agreements", "full sync ms",
                "sync peak RSS (MB)", "unchanged poll bytes", "delta(10) ms", "delta(10) bytes",
                "snapshot bytes");
    for (const int n : sizes) {
        TempDir dir;
        writeFile(dir.file("board.json"), benchBoard(n), 0644);
        if (runCommand(
                {REGIEBORD_HUB_BINARY, "--db", dir.file("hub.db"), "import", dir.file("board.json")}) != 0 ||
            runCommand({REGIEBORD_HUB_BINARY, "--db", dir.file("hub.db"), "device", "add", "--board", "bench",
                        "--name", "bench", "--token", kToken}) != 0) {
            std::fprintf(stderr, "hub set-up failed\n");
            return 1;
        }
        HubProcess hub(dir.path(), false);

        // Full sync in a child process, so that its peak RSS is the sync's alone.
        const std::string state = dir.file("state");
        std::filesystem::create_directories(state);
        const std::string out = dir.file("one.txt");
        std::fflush(stdout);
        const pid_t pid = fork();
        if (pid == 0) {
            if (!freopen(out.c_str(), "w", stdout)) _exit(2);
            execl("/proc/self/exe", "regiebord-sync-bench", "--one-sync", hub.url().c_str(), state.c_str(),
                  nullptr);
            _exit(127);
        }
        int status = 0;
        rusage usage{};
        wait4(pid, &status, 0, &usage);
        double fullMs = 0;
        std::size_t got = 0;
        long hwmKb = 0;
        if (std::sscanf(readFile(out).c_str(), "%lf %zu %ld", &fullMs, &got, &hwmKb) != 3 ||
            got != static_cast<std::size_t>(n)) {
            std::fprintf(stderr, "full sync of %d failed\n", n);
            return 1;
        }

        // Unchanged poll through a byte-counting proxy, on the kept-alive connection.
        FaultProxy proxy(hub.port(), always(Fault::Pass));
        std::size_t pollBytes = 0;
        {
            SyncEngine engine(settings(proxy.url(), state), nullptr);
            engine.syncOnce(); // cache loaded, If-None-Match sent -> 304
            const auto up0 = proxy.bytesFromClient();
            const auto down0 = proxy.bytesToClient();
            engine.syncOnce();
            usleep(50'000); // let the proxy finish counting what it relayed (it counts after forwarding)
            pollBytes = (proxy.bytesFromClient() - up0) + (proxy.bytesToClient() - down0);
        }

        // Ten agreements change on the hub; the kiosk's next round fetches only
        // those. Timed straight against the hub, as a kiosk talks to it (the
        // proxy opens a new upstream connection per request, which is not what
        // is measured here); five rounds, the median reported.
        int round = 0;
        auto edit = [&] {
            ++round;
            writeFile(dir.file("edited.json"), benchBoard(n, 10, round), 0644);
            return runCommand({REGIEBORD_HUB_BINARY, "--db", dir.file("hub.db"), "import",
                               dir.file("edited.json")}) == 0;
        };
        auto applied = [&](const SyncEngine& engine) {
            if (engine.snapshot()->board->agreements[3].title.find("gewijzigd " + std::to_string(round)) !=
                std::string::npos)
                return true;
            std::fprintf(stderr, "delta not applied\n");
            return false;
        };
        std::vector<double> deltaTimes;
        {
            SyncEngine engine(settings(hub.url(), state), nullptr);
            engine.syncOnce(); // cache loaded, connection open
            for (int i = 0; i < 5; ++i) {
                if (!edit()) return 1;
                const auto t0 = std::chrono::steady_clock::now();
                engine.syncOnce();
                deltaTimes.push_back(ms(std::chrono::steady_clock::now() - t0));
                if (!applied(engine)) return 1;
            }
        }
        // One more change, through the proxy, for the bytes on the wire.
        std::size_t deltaBytes = 0;
        {
            SyncEngine engine(settings(proxy.url(), state), nullptr);
            engine.syncOnce();
            if (!edit()) return 1;
            const auto up1 = proxy.bytesFromClient();
            const auto down1 = proxy.bytesToClient();
            engine.syncOnce();
            usleep(50'000); // let the proxy finish counting what it relayed
            deltaBytes = (proxy.bytesFromClient() - up1) + (proxy.bytesToClient() - down1);
            if (!applied(engine)) return 1;
        }
        std::sort(deltaTimes.begin(), deltaTimes.end());
        const double deltaMs = deltaTimes[deltaTimes.size() / 2];

        std::printf("%-11d %-14.1f %-20.1f %-22zu %-16.1f %-18zu %zu\n", n, fullMs,
                    static_cast<double>(hwmKb) / 1024.0, pollBytes, deltaMs, deltaBytes,
                    readFile(dir.file("board.json")).size());
        std::fflush(stdout);
    }
    return 0;
}
