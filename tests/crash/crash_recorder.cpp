// regiebord-crash-recorder: records decisions as fast as it can while a sync
// engine delivers them, and is meant to be killed with SIGKILL at any moment.
// It prints "recorded <key> <escalation>" only after the outbox commit
// returned, i.e. exactly when the kiosk would show "recorded".
//   --drain: record nothing, deliver what is queued, exit 0 when none is left.

#include "outbox.hpp"
#include "sync_engine.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

using namespace regiebord;

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: %s HUB_URL TOKEN BOARD STATE_DIR ESCALATION_COUNT [--drain]\n", argv[0]);
        return 2;
    }
    SyncSettings s;
    s.hubUrl = argv[1];
    s.token = argv[2];
    s.boardId = argv[3];
    const std::string dir = argv[4];
    const int escalations = std::atoi(argv[5]);
    const bool drain = argc > 6 && std::string(argv[6]) == "--drain";
    s.cachePath = dir + "/cache.db";
    s.outboxPath = dir + "/outbox.db";
    s.pollInterval = std::chrono::milliseconds(20);
    s.retry.base = std::chrono::milliseconds(20);
    s.heartbeatInterval = std::chrono::hours(1);

    Outbox outbox(s.outboxPath);
    // Continue after the highest escalation this outbox ever recorded.
    int next = 0;
    for (const auto& item : outbox.all())
        next = std::max(next, std::atoi(item.request.escalationId.c_str() + 6) + 1);

    SyncEngine engine(s, nullptr);
    if (drain) {
        engine.start();
        // Every change costs a full snapshot today (no delta sync yet), so allow minutes.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(9);
        while (std::chrono::steady_clock::now() < deadline) {
            bool pending = false;
            for (const auto& item : outbox.all())
                pending = pending || item.state == OutboxState::Queued || item.state == OutboxState::Sending;
            if (!pending) {
                engine.stop();
                std::printf("drained\n");
                return 0;
            }
            engine.requestSync();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        std::fprintf(stderr, "outbox did not drain\n");
        return 1;
    }
    // Delivery starts beside the recording, as in the kiosk (the writer never waits for the network).
    std::thread starter([&] { engine.start(); });
    for (; next < escalations; ++next) {
        DecisionRequest r;
        char id[32];
        std::snprintf(id, sizeof id, "crash-%05d", next);
        r.escalationId = id;
        r.outcome = Outcome::Akkoord;
        r.decidedBy = "crash test";
        r.decidedAt = utcNow();
        const auto result = outbox.record(s.boardId, r);
        if (!result.item) {
            std::fprintf(stderr, "refused: %s\n", result.refusal.c_str());
            return 1;
        }
        std::printf("recorded %s %s\n", result.item->idempotencyKey.c_str(), id);
        std::fflush(stdout);
        engine.requestSync();
    }
    starter.join();
    engine.stop();
    return 0;
}
