#pragma once
// One simulated kiosk of regiebord-hub-load: its own kept-alive connection, and the
// rounds of the kiosk's sync engine (sync/sync_engine.cpp): a changes poll with
// If-None-Match, then a heartbeat in the same round once one is due, the snapshot after
// a 410 or 404, capped exponential backoff with full jitter after a failed round (no
// heartbeat in that round).
//
// One difference, on purpose: rounds are due at fixed times (first round + k * poll
// interval) instead of one interval after the previous round ended. The offered load
// stays N / interval however slowly the hub answers (a slow hub cannot lower its own
// load: no "coordinated omission"), and a change is fetched by the first poll due after
// it. With a hub that answers in milliseconds the two schedules differ by milliseconds.

#include "load_link.hpp"
#include "load_stats.hpp"
#include "retry.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord::load {

/// What all simulated kiosks share.
struct KioskSettings {
    LinkSettings link;
    std::string boardId;
    Clock::duration poll = std::chrono::seconds(30);
    Clock::duration heartbeat = std::chrono::seconds(60);
    RetryPolicy retry;
};

/// A kiosk's cursor moved: the seq it now holds, when the answer came, when that request was sent.
struct Sighting {
    std::int64_t seq = 0;
    Clock::time_point answeredAt;
    Clock::time_point sentAt;
};

class LoadKiosk {
public:
    LoadKiosk(boost::asio::io_context& io, const KioskSettings& settings, Stats& stats, std::string token,
              std::int64_t seq, std::uint64_t seed, boost::asio::ip::address source = {});
    LoadKiosk(const LoadKiosk&) = delete;
    LoadKiosk& operator=(const LoadKiosk&) = delete;

    /// Opens the connection at `connectAt` and makes the first round at `firstRoundAt`.
    void start(Clock::time_point connectAt, Clock::time_point firstRoundAt);
    /// No round after the one running. The connection stays open: on a hub that serves a few
    /// connections at a time, closing the lucky ones would let others through at the end.
    void stop();
    void close() { m_link.close(); }

    /// Its connection was due by `at` (kiosks of the ramp-up not yet due are not counted).
    [[nodiscard]] bool startedBy(Clock::time_point at) const { return m_connectAt && *m_connectAt <= at; }
    [[nodiscard]] std::int64_t seq() const { return m_seq; }
    [[nodiscard]] const std::vector<Sighting>& sightings() const { return m_sightings; }

private:
    enum class Step { Poll, Snapshot, Heartbeat };

    void roundDue();
    void send(Step step);
    void onAnswer(Step step, const LinkResult& result);
    /// A poll's or snapshot's answer; false when the round failed.
    bool takeBoardAnswer(Step step, const LinkResult& result);
    void endRound(bool failed);
    void wait();

    const KioskSettings& m_settings;
    Stats& m_stats;
    std::string m_token;
    std::mt19937_64 m_rng;
    HttpLink m_link;
    boost::asio::steady_timer m_timer;

    std::optional<Clock::time_point> m_connectAt;
    bool m_stopping = false;
    bool m_inRound = false;
    Clock::time_point m_due;
    Clock::time_point m_heartbeatDue;
    int m_failures = 0;
    std::int64_t m_seq;
    std::vector<Sighting> m_sightings;
};

/// The cursor in an ETag ("42" or W/"42"); nullopt when it is not one.
std::optional<std::int64_t> seqFromEtag(std::string_view etag);

} // namespace regiebord::load
