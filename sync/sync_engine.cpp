#include "sync_engine.hpp"

#include "cache_store.hpp"
#include "protocol.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <unistd.h>

namespace regiebord {

namespace {
long residentKilobytes() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0;
    long resident = 0;
    statm >> pages >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

std::string httpProblem(const HttpResponse& r) {
    if (!r.transportOk()) return r.transportError;
    std::string text = "HTTP " + std::to_string(r.status);
    // The hub's error bodies say what was wrong; keep a short excerpt.
    if (!r.body.empty()) text += ": " + r.body.substr(0, 200);
    return text;
}
} // namespace

SyncEngine::SyncEngine(SyncSettings settings, Listener listener)
    : m_settings(std::move(settings)), m_listener(std::move(listener)) {
    while (!m_settings.hubUrl.empty() && m_settings.hubUrl.back() == '/')
        m_settings.hubUrl.pop_back();
}

SyncEngine::~SyncEngine() {
    stop();
}

std::string SyncEngine::url(const std::string& path) const {
    return m_settings.hubUrl + path;
}

std::vector<std::pair<std::string, std::string>> SyncEngine::authHeaders() const {
    return {{"Authorization", "Bearer " + m_settings.token}, {"Accept", "application/json"}};
}

std::shared_ptr<const Snapshot> SyncEngine::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

void SyncEngine::publish(Outbox& outbox) {
    {
        std::lock_guard lock(m_mutex);
        auto next = std::make_shared<Snapshot>();
        next->version = ++m_version;
        next->board = m_board;
        next->status = m_status;
        next->refusals = m_refusals;
        next->outbox = outbox.all();
        m_snapshot = std::move(next);
    }
    if (m_listener) m_listener();
}

void SyncEngine::ensureOpen() {
    if (m_http) return;
    m_http = std::make_unique<HttpClient>(m_settings.http);
    m_cache = std::make_unique<CacheStore>(m_settings.cachePath);
    m_syncOutbox = std::make_unique<Outbox>(m_settings.outboxPath);
    std::lock_guard lock(m_mutex);
    if (!m_cache->recoveredFrom().empty())
        m_status.cacheNotice = "cache replaced: " + m_cache->recoveredFrom();
    if (auto cached = m_cache->load(m_settings.boardId)) {
        m_board = std::make_shared<const BoardData>(std::move(cached->data));
        m_index = BoardIndex::build(*m_board);
        m_etag = cached->etag;
        m_status.lastSuccess = parseTimestamp(cached->syncedAt);
    } else if (!m_cache->lastLoadProblem().empty()) {
        m_status.cacheNotice = m_cache->lastLoadProblem();
    }
}

void SyncEngine::start() {
    ensureOpen();
    {
        std::lock_guard lock(m_mutex);
        m_stop = false;
    }
    // Items of a run that stopped mid-send are resent under the same key.
    publish(*m_syncOutbox);
    m_writerThread = std::thread([this] { writerLoop(); });
    m_syncThread = std::thread([this] { syncLoop(); });
}

void SyncEngine::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_syncThread.joinable()) m_syncThread.join();
    if (m_writerThread.joinable()) m_writerThread.join();
}

std::string SyncEngine::submitDecision(DecisionRequest request) {
    std::string key = makeUuidV4();
    {
        std::lock_guard lock(m_mutex);
        m_pendingRecords.emplace_back(key, std::move(request));
    }
    m_wake.notify_all();
    return key;
}

void SyncEngine::requestSync() {
    {
        std::lock_guard lock(m_mutex);
        m_syncRequested = true;
    }
    m_wake.notify_all();
}

void SyncEngine::writerLoop() {
    Outbox outbox(m_settings.outboxPath);
    for (;;) {
        std::pair<std::string, DecisionRequest> next;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_pendingRecords.empty(); });
            // Drain what the UI submitted even when stopping: it was asked for.
            if (m_pendingRecords.empty()) return;
            next = std::move(m_pendingRecords.front());
            m_pendingRecords.pop_front();
        }
        std::string refusal;
        try {
            auto result = outbox.record(m_settings.boardId, next.second, next.first);
            refusal = result.refusal;
        } catch (const std::exception& e) {
            refusal = std::string("could not record: ") + e.what();
        }
        {
            std::lock_guard lock(m_mutex);
            if (!refusal.empty()) m_refusals.push_back({next.first, refusal});
            m_syncRequested = true;
        }
        publish(outbox);
        m_wake.notify_all();
    }
}

void SyncEngine::releaseFirstRound() {
    {
        std::lock_guard lock(m_mutex);
        m_firstRoundReleased = true;
    }
    m_wake.notify_all();
}

void SyncEngine::syncLoop() {
    if (m_settings.firstRoundHold.count() > 0) {
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, m_settings.firstRoundHold, [this] { return m_stop || m_firstRoundReleased; });
        if (m_stop) return;
    }
    for (;;) {
        const auto delay = syncOnce();
        const auto due = std::chrono::steady_clock::now() + delay;
        std::unique_lock lock(m_mutex);
        for (;;) {
            // A request (a new decision, "sync now") cuts a backoff short, never a Retry-After.
            m_wake.wait_until(lock, due, [this] { return m_stop || m_syncRequested; });
            if (m_stop) return;
            if (std::chrono::steady_clock::now() >= due) break;
            if (m_syncRequested && std::chrono::steady_clock::now() >= m_notBefore) break;
            m_syncRequested = false; // inside a Retry-After: the round comes when it ends
        }
        m_syncRequested = false;
    }
}

std::chrono::milliseconds SyncEngine::syncOnce() {
    ensureOpen();
    Round round;
    push(*m_syncOutbox, round);
    pull(round);
    if (!round.failed) heartbeat();
    publish(*m_syncOutbox);

    const auto now = std::chrono::steady_clock::now();
    if (!round.failed) {
        m_failures = 0;
        m_notBefore = now;
        return m_settings.pollInterval;
    }
    ++m_failures;
    auto delay = backoffDelay(m_failures, m_settings.retry, m_rng);
    if (round.retryAfter) {
        delay = std::max<std::chrono::milliseconds>(delay, *round.retryAfter);
        m_notBefore = now + *round.retryAfter;
    } else {
        m_notBefore = now;
    }
    // Never wait longer than a normal poll after a plain failure; a Retry-After may.
    if (!round.retryAfter) delay = std::min(delay, std::max(m_settings.pollInterval, m_settings.retry.base));
    return delay;
}

void SyncEngine::noteResponse(const HttpResponse& response, Round& round) {
    if (!response.transportOk() || response.status >= 500 || response.status == 429 ||
        response.status == 408) {
        round.failed = true;
        if (response.status == 429 || response.status == 503) {
            const auto after =
                parseRetryAfter(response.header("retry-after"), WallClock::now(), m_settings.retry);
            if (after && (!round.retryAfter || *after > *round.retryAfter)) round.retryAfter = *after;
        }
    }
    if (!response.transportOk()) return;
    if (const std::string device = response.header("x-regiebord-device"); !device.empty()) {
        std::lock_guard lock(m_mutex);
        m_status.deviceId = device.substr(0, 64);
    }
    // The hub's Date against ours: more than the tolerance apart and our clock
    // (and every "x min ago") cannot be trusted.
    if (const auto hubTime = parseHttpDate(response.header("date"))) {
        const auto offset = std::chrono::duration_cast<std::chrono::seconds>(WallClock::now() - *hubTime);
        std::lock_guard lock(m_mutex);
        m_status.clockOffset = offset;
        m_status.clockTrusted = std::chrono::abs(offset) <= m_settings.clockTolerance;
    }
}

void SyncEngine::heartbeat() {
    const auto now = std::chrono::steady_clock::now();
    if (m_lastHeartbeat && now - *m_lastHeartbeat < m_settings.heartbeatInterval) return;
    m_lastHeartbeat = now;
    nlohmann::json body;
    {
        std::lock_guard lock(m_mutex);
        body["version"] = m_settings.version;
        body["data_age_seconds"] =
            m_status.lastSuccess
                ? std::chrono::duration_cast<std::chrono::seconds>(WallClock::now() - *m_status.lastSuccess)
                      .count()
                : -1;
        body["last_error"] = m_status.lastError.substr(0, 500);
        body["clock_offset_seconds"] = m_status.clockOffset ? m_status.clockOffset->count() : 0;
    }
    int depth = 0;
    for (const auto& item : m_syncOutbox->all())
        depth += item.state == OutboxState::Queued || item.state == OutboxState::Sending ? 1 : 0;
    body["outbox_depth"] = depth;
    body["uptime_seconds"] = std::chrono::duration_cast<std::chrono::seconds>(now - m_startedAt).count();
    body["memory_kb"] = residentKilobytes();
    HttpRequest request{"POST", url("/v1/boards/" + m_settings.boardId + "/heartbeat"), authHeaders(),
                        body.dump()};
    m_http->perform(request); // best effort: the next one follows anyway
}

void SyncEngine::push(Outbox& outbox, Round& round) {
    for (const auto& item : outbox.deliverable()) {
        if (item.boardId != m_settings.boardId) continue;
        outbox.markSending(item.idempotencyKey);
        publish(outbox);
        HttpRequest request{"POST", url("/v1/boards/" + m_settings.boardId + "/decisions"), authHeaders(),
                            item.body};
        request.headers.emplace_back("Idempotency-Key", item.idempotencyKey);
        const HttpResponse response = m_http->perform(request);
        noteResponse(response, round);
        if (response.status == 200 || response.status == 201) {
            auto decision = parseDecisionResponse(response.body);
            // The hub stored it; a garbled confirmation is still a confirmation.
            outbox.markConfirmed(item.idempotencyKey, decision ? decision.value().id : std::string("?"),
                                 utcNow());
            continue;
        }
        const std::string problem = httpProblem(response);
        if (response.status == 409) {
            outbox.markStopped(item.idempotencyKey, OutboxState::Conflict, problem);
        } else if (response.status >= 400 && response.status < 500 && response.status != 408 &&
                   response.status != 429 && response.status != 401) {
            outbox.markStopped(item.idempotencyKey, OutboxState::NeedsAttention, problem);
        } else {
            // Transport failure, 401 (token may be fixed), 408, 429, 5xx: retry later, same key.
            outbox.markRetry(item.idempotencyKey, problem);
            std::lock_guard lock(m_mutex);
            m_status.lastError = problem;
            if (!response.transportOk()) m_status.reach = Reachability::Offline;
            break; // the hub is unwell: the rest waits for the next round
        }
    }
}

void SyncEngine::pull(Round& round) {
    std::shared_ptr<const BoardData> base;
    {
        std::lock_guard lock(m_mutex);
        base = m_board;
    }
    // With a cursor, ask only for what changed; the snapshot is the fallback
    // (first start, a cursor the hub can no longer serve, a hub without /changes).
    if (base && base->seq > 0 && m_settings.deltaSync && pullChanges(*base, round)) return;
    pullSnapshot(round);
}

bool SyncEngine::pullChanges(const BoardData& base, Round& round) {
    HttpRequest request{
        "GET",
        url("/v1/boards/" + m_settings.boardId + "/changes?since=" + std::to_string(base.seq)),
        authHeaders(),
        {}};
    request.headers.emplace_back("If-None-Match", "\"" + std::to_string(base.seq) + "\"");
    const auto attemptAt = WallClock::now();
    const HttpResponse response = m_http->perform(request);
    if (response.status == 410 || response.status == 404) return false; // resync with a snapshot
    noteResponse(response, round);

    std::shared_ptr<const BoardData> fresh;
    std::string problem;
    if (response.status == 200) {
        auto delta = parseChanges(response.body);
        if (!delta) {
            problem = "hub sent invalid changes, kept the last good data (" + delta.error().describe() + ")";
        } else {
            auto applied = applyDelta(base, delta.value(), m_index);
            if (!applied) {
                problem = "hub sent changes that do not fit, kept the last good data (" +
                          applied.error().describe() + ")";
            } else {
                fresh = std::make_shared<const BoardData>(std::move(applied).value());
                const std::string etag = response.header("etag");
                try {
                    m_cache->applyDelta(delta.value(), etag, formatUtc(attemptAt));
                } catch (const std::exception& e) {
                    std::lock_guard lock(m_mutex);
                    m_status.cacheNotice = std::string("cache not updated: ") + e.what();
                }
                m_etag = etag;
            }
        }
    } else if (response.status == 304) {
        touchCache(attemptAt);
    } else {
        problem = httpProblem(response);
    }
    finishPull(response, std::move(fresh), problem, attemptAt);
    return true;
}

void SyncEngine::pullSnapshot(Round& round) {
    HttpRequest request{"GET", url("/v1/boards/" + m_settings.boardId + "/snapshot"), authHeaders(), {}};
    if (!m_etag.empty()) request.headers.emplace_back("If-None-Match", m_etag);
    const auto attemptAt = WallClock::now();
    HttpResponse response = m_http->perform(request);
    noteResponse(response, round);

    std::shared_ptr<const BoardData> fresh;
    std::string problem;
    if (response.status == 200) {
        auto parsed = parseBoard(response.body, DocumentKind::Snapshot);
        std::string().swap(response.body); // read: at 100k agreements, ~80 MB less while the cache is written
        if (!parsed) {
            problem = "hub sent invalid data, kept the last good data (" + parsed.error().describe() + ")";
        } else if (parsed.value().board.id != m_settings.boardId) {
            problem = "hub sent board \"" + parsed.value().board.id + "\" instead of \"" +
                      m_settings.boardId + "\"";
        } else {
            fresh = std::make_shared<const BoardData>(std::move(parsed).value());
            m_index = BoardIndex::build(*fresh);
            const std::string etag = response.header("etag");
            try {
                m_cache->save(*fresh, etag, formatUtc(attemptAt));
            } catch (const std::exception& e) {
                // The cache is disposable: the screen still gets the data.
                std::lock_guard lock(m_mutex);
                m_status.cacheNotice = std::string("cache not written: ") + e.what();
            }
            m_etag = etag;
        }
    } else if (response.status == 304) {
        touchCache(attemptAt);
    } else {
        problem = httpProblem(response);
    }
    finishPull(response, std::move(fresh), problem, attemptAt);
}

void SyncEngine::touchCache(WallClock::time_point at) {
    try {
        m_cache->touch(m_settings.boardId, formatUtc(at));
    } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): freshness stays in memory
    }
}

void SyncEngine::finishPull(const HttpResponse& response, std::shared_ptr<const BoardData> fresh,
                            const std::string& problem, WallClock::time_point attemptAt) {
    std::lock_guard lock(m_mutex);
    m_status.lastAttempt = attemptAt;
    if (fresh) m_board = std::move(fresh);
    if (!response.transportOk()) {
        m_status.reach = Reachability::Offline;
        m_status.lastError = problem;
    } else if (!problem.empty()) {
        m_status.reach = Reachability::Refused;
        m_status.lastError = problem;
    } else {
        m_status.reach = Reachability::Online;
        m_status.lastSuccess = attemptAt;
        m_status.lastError.clear();
    }
}

} // namespace regiebord
