#pragma once
// The control side of regiebord-hub-load, on a connection of its own: it reads the board
// once before the kiosks start (its seq and the escalations that can take a decision),
// posts decisions during the run and measures the time to the 201, runs the change
// command, and after every change asks the hub for its new seq (a "probe"), so that the
// kiosks' sightings can be matched against it.
//
// Decisions use the outcome "aangehouden" (held over): the escalation stays open, so the
// same few escalations of the demo board take a decision again and again, and every one
// moves the board's sequence. A decision that gets no answer, or a 5xx, is sent again with
// the same Idempotency-Key and body, as a kiosk does, until it is acknowledged (201, or 200
// for a replay); with a key log, every acknowledged key is written there, so a failover run
// can compare them with what the hub stored (bench/hub_cluster.sh).

#include "load_link.hpp"
#include "load_stats.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <list>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace regiebord::load {

/// A change of the board made by the tool.
struct ChangeEvent {
    std::string what{};          ///< "decision esc-03", "command"
    Clock::time_point at{};      ///< when it was surely in place: the decision's 201 came, the command ended
    std::int64_t seq = -1;       ///< the board's seq after it; -1 while unknown or when there is none
    std::int64_t seqBefore = -1; ///< the last seq the control knew when it began
    std::string problem{};       ///< why there is no seq
    bool awaitingProbe = false;
};

class Control {
public:
    Control(boost::asio::io_context& io, const LinkSettings& link, std::string boardId, Stats& stats,
            std::string token, std::string keyLog = {});
    Control(const Control&) = delete;
    Control& operator=(const Control&) = delete;
    /// Ends commands still running (their process groups get SIGTERM) and joins their threads.
    ~Control();

    /// Reads the snapshot; calls `done` with "" or the reason it could not.
    void setup(std::function<void(const std::string& problem)> done);
    [[nodiscard]] std::int64_t startSeq() const { return m_startSeq; }
    [[nodiscard]] const std::vector<std::string>& escalations() const { return m_escalations; }

    /// Posts one decision; skipped (and counted) while the previous one is still out.
    void decide();
    /// Runs `command` with sh -c in its own process group, then probes.
    void runCommand(const std::string& command);
    /// No new requests but the probes asked for; the connection stays open (see LoadKiosk::stop).
    void stop();
    void close() { m_link.close(); }
    [[nodiscard]] bool busy() const { return !m_queue.empty(); }

    [[nodiscard]] const std::vector<ChangeEvent>& events() const { return m_events; }
    [[nodiscard]] std::int64_t knownSeq() const { return m_knownSeq; }
    [[nodiscard]] std::uint64_t skippedDecisions() const { return m_skippedDecisions; }
    /// Decisions sent again (same key) after no answer or a 5xx.
    [[nodiscard]] std::uint64_t decisionRetries() const { return m_decisionRetries; }
    /// Decisions acknowledged: 201 and 200 (the hub had it already).
    [[nodiscard]] std::uint64_t decisionsAcknowledged() const { return m_acknowledged; }

private:
    struct Op {
        RequestKind kind;
        std::size_t event = 0;
        bool bySnapshot = false; ///< a probe after a 410: the snapshot's ETag instead
        std::string key{};       ///< a decision's Idempotency-Key, kept for its retries
        std::string body{};      ///< and its body
    };
    struct Command {
        pid_t pid = -1;
        std::thread waiter;
        std::atomic<bool> done{false};
    };

    void enqueue(Op op);
    void next();
    void probe();
    void onSetup(const LinkResult& result);
    void onDecision(std::size_t event, const LinkResult& result);
    void onProbe(const LinkResult& result);
    void onCommandDone(std::size_t event, int status, Clock::duration took);
    HttpRequest request(const char* method, const std::string& target) const;

    boost::asio::io_context& m_io;
    std::string m_boardId;
    Stats& m_stats;
    std::string m_token;
    HttpLink m_link;
    std::deque<Op> m_queue; ///< front: the request out
    bool m_stopping = false;

    std::function<void(const std::string&)> m_setupDone;
    std::int64_t m_startSeq = -1;
    std::int64_t m_knownSeq = -1;
    std::vector<std::string> m_escalations;
    std::size_t m_nextEscalation = 0;
    std::uint64_t m_skippedDecisions = 0;
    std::uint64_t m_decisionRetries = 0;
    std::uint64_t m_acknowledged = 0;
    std::FILE* m_keyLog = nullptr;
    boost::asio::steady_timer m_retryTimer;
    bool m_retryWaiting = false; ///< a decision waits out its pause before it is sent again
    std::vector<ChangeEvent> m_events;
    std::list<Command> m_commands; ///< std::list: a Command does not move (thread, atomic)
};

} // namespace regiebord::load
