#include "load_kiosk.hpp"

#include "protocol.hpp"

#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <charconv>

namespace regiebord::load {

namespace http = boost::beast::http;

std::optional<std::int64_t> seqFromEtag(std::string_view etag) {
    if (etag.substr(0, 2) == "W/") etag.remove_prefix(2);
    if (etag.size() < 3 || etag.front() != '"' || etag.back() != '"') return std::nullopt;
    etag = etag.substr(1, etag.size() - 2);
    std::int64_t seq = 0;
    const auto [end, ec] = std::from_chars(etag.data(), etag.data() + etag.size(), seq);
    if (ec != std::errc() || end != etag.data() + etag.size() || seq < 0) return std::nullopt;
    return seq;
}

LoadKiosk::LoadKiosk(boost::asio::io_context& io, const KioskSettings& settings, Stats& stats,
                     std::string token, std::int64_t seq, std::uint64_t seed, boost::asio::ip::address source)
    : m_settings(settings), m_stats(stats), m_token(std::move(token)), m_rng(seed),
      m_link(io, settings.link, stats, std::move(source)), m_timer(io), m_seq(seq) {}

void LoadKiosk::start(Clock::time_point connectAt, Clock::time_point firstRoundAt) {
    m_connectAt = connectAt;
    m_due = firstRoundAt;
    // A kiosk that starts sends a heartbeat in its first round; a fleet that has run for a while
    // sends them spread over the interval. So the first one falls due at a random point of the
    // first interval (and goes with the round after it), not all in the first rounds.
    std::uniform_int_distribution<Clock::rep> phase(0, m_settings.heartbeat.count() - 1);
    m_heartbeatDue = firstRoundAt + Clock::duration(phase(m_rng));
    m_timer.expires_at(connectAt);
    m_timer.async_wait([this](const boost::system::error_code& ec) {
        if (ec || m_stopping) return;
        m_link.open();
        wait();
    });
}

void LoadKiosk::stop() {
    m_stopping = true;
    m_timer.cancel();
}

void LoadKiosk::wait() {
    m_timer.expires_at(m_due);
    m_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !m_stopping) roundDue();
    });
}

void LoadKiosk::roundDue() {
    if (Clock::now() - m_due > std::chrono::milliseconds(100)) ++m_stats.counters.lateRounds;
    m_inRound = true;
    ++m_stats.counters.activeRounds;
    send(Step::Poll);
}

void LoadKiosk::send(Step step) {
    HttpRequest request;
    const std::string board = "/v1/boards/" + m_settings.boardId;
    RequestKind kind = RequestKind::Poll;
    std::size_t limit = kBoardAnswerBytes;
    switch (step) {
    case Step::Poll: {
        const std::string seq = std::to_string(m_seq);
        request.method(http::verb::get);
        request.target(board + "/changes?since=" + seq);
        request.set(http::field::if_none_match, "\"" + seq + "\"");
        break;
    }
    case Step::Snapshot:
        request.method(http::verb::get);
        request.target(board + "/snapshot");
        kind = RequestKind::Snapshot;
        break;
    case Step::Heartbeat: {
        const auto now = Clock::now();
        Heartbeat h;
        h.version = REGIEBORD_VERSION;
        h.dataAgeSeconds = 0;
        h.uptimeSeconds = std::chrono::duration_cast<std::chrono::seconds>(now - *m_connectAt).count();
        h.memoryKb = 40000; // a kiosk's usual figure; the hub only stores it
        h.clockOffsetSeconds = 0;
        request.method(http::verb::post);
        request.target(board + "/heartbeat");
        request.set(http::field::content_type, "application/json");
        request.body() = encodeHeartbeat(h);
        // On a schedule, like the rounds: one per interval, whatever the answers took.
        m_heartbeatDue += m_settings.heartbeat;
        if (m_heartbeatDue < now) m_heartbeatDue = now + m_settings.heartbeat; // after failed rounds
        kind = RequestKind::Heartbeat;
        limit = kSmallAnswerBytes;
        break;
    }
    }
    request.set(http::field::authorization, "Bearer " + m_token);
    request.set(http::field::accept, "application/json");
    request.set(http::field::accept_encoding, "gzip"); // as the kiosk; bodies are counted, not read
    request.set(http::field::user_agent, "regiebord-hub-load");
    m_link.send(std::move(request), kind, limit, [this, step](const LinkResult& r) { onAnswer(step, r); });
}

void LoadKiosk::onAnswer(Step step, const LinkResult& result) {
    if (result.failure) return endRound(true);
    const int status = result.status();
    // Temporary for the kiosk (sync_engine.cpp, noteResponse): the round failed, back off.
    const bool temporary = status >= 500 || status == 429 || status == 408;
    switch (step) {
    case Step::Poll:
        if (status == 410 || status == 404) return m_stopping ? endRound(false) : send(Step::Snapshot);
        [[fallthrough]];
    case Step::Snapshot:
        if (!takeBoardAnswer(step, result)) return endRound(true);
        if (!m_stopping && Clock::now() >= m_heartbeatDue) return send(Step::Heartbeat);
        return endRound(false);
    case Step::Heartbeat:
        if (status == 204) {
            m_stats.heartbeat.add(result.latency);
        } else {
            m_stats.counters.fail(Failure::Status, "heartbeat: HTTP " + std::to_string(status));
        }
        return endRound(status != 204 && temporary);
    }
}

bool LoadKiosk::takeBoardAnswer(Step step, const LinkResult& result) {
    const int status = result.status();
    const char* what = step == Step::Poll ? "poll" : "snapshot";
    if (status == 304) {
        if (step == Step::Poll) m_stats.unchangedPoll.add(result.latency);
        return true;
    }
    if (status != 200) {
        m_stats.counters.fail(Failure::Status, std::string(what) + ": HTTP " + std::to_string(status));
        return !(status >= 500 || status == 429 || status == 408);
    }
    const auto seq = seqFromEtag(headerOf(*result.response, http::field::etag));
    if (!seq) {
        m_stats.counters.fail(Failure::BadAnswer, std::string(what) + ": 200 without a usable ETag");
        return true;
    }
    (step == Step::Poll ? m_stats.changedPoll : m_stats.snapshot).add(result.latency);
    if (*seq != m_seq) {
        m_seq = *seq;
        m_sightings.push_back({*seq, result.sentAt + result.latency, result.sentAt});
    }
    return true;
}

void LoadKiosk::endRound(bool failed) {
    m_inRound = false;
    --m_stats.counters.activeRounds;
    if (m_stopping) return;
    const auto now = Clock::now();
    if (failed) {
        // As the kiosk: full jitter, never longer than a poll interval after a plain failure.
        ++m_failures;
        const auto cap = std::max<Clock::duration>(m_settings.poll, m_settings.retry.base);
        m_due = now + std::min<Clock::duration>(backoffDelay(m_failures, m_settings.retry, m_rng), cap);
    } else {
        m_failures = 0;
        m_due += m_settings.poll;
        if (m_due < now) m_due = now; // the round ran longer than an interval: the next one at once
    }
    wait();
}

} // namespace regiebord::load
