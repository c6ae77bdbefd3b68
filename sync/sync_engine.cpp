#include "sync_engine.hpp"

#include "cache_store.hpp"
#include "meetings.hpp"
#include "protocol.hpp"
#include "text.hpp"

#include <fstream>
#include <set>
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
    // The hub's error bodies say what was wrong; anything else is quoted briefly, as one line.
    if (const auto error = parseErrorResponse(r.body))
        text += ": " + error.value().code + ": " + error.value().message;
    else if (!r.body.empty())
        text += ": " + r.body.substr(0, 200);
    return oneLine(text, 300);
}

/// What a refusal means for the room.
HubRefusal refusalOf(const HttpResponse& r) {
    if (r.unusable) return HubRefusal::Unusable;
    if (r.status == 401) return HubRefusal::Disconnected;
    if (r.status == 403) return HubRefusal::WrongBoard;
    return r.status == 200 ? HubRefusal::Unusable : HubRefusal::Other; // a 200 we could not use
}

/// A description of what was caught at a thread's top.
std::string caught(const char* where, std::exception_ptr error) {
    try {
        std::rethrow_exception(std::move(error));
    } catch (const std::exception& e) {
        return std::string(where) + ": " + oneLine(e.what(), 300);
    } catch (...) {
        return std::string(where) + ": unknown error";
    }
}

constexpr int kError = 3;
constexpr int kWarning = 4;
constexpr int kNotice = 5;
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

StoreReport SyncEngine::storeReport() const {
    std::lock_guard lock(m_mutex);
    return m_storeReport;
}

void SyncEngine::log(int priority, const std::string& line) const {
    if (!m_settings.log) return;
    try {
        m_settings.log(priority, oneLine(line, 1000));
    } catch (...) { // a log that fails must not take the engine with it
    }
}

void SyncEngine::setFault(const std::string& part, const std::string& fault) {
    std::string line;
    bool changed = false;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_faults.find(part);
        const std::string before = it == m_faults.end() ? std::string() : it->second;
        if (before == fault) return;
        changed = true;
        if (fault.empty())
            m_faults.erase(part);
        else
            m_faults[part] = oneLine(fault, 300);
        m_status.fault.clear();
        for (const auto& [name, text] : m_faults)
            m_status.fault += (m_status.fault.empty() ? "" : "; ") + text;
        line = fault.empty() ? part + ": recovered (" + before + ")" : fault;
    }
    if (changed) log(fault.empty() ? kNotice : kError, line);
}

void SyncEngine::publish(Outbox* outbox) {
    // Read outside the lock; a failure keeps the last list and becomes a fault.
    std::optional<std::vector<OutboxItem>> items;
    if (outbox) {
        try {
            items = outbox->all();
            setFault("outbox read", "");
        } catch (const std::exception& e) {
            setFault("outbox read", std::string("outbox cannot be read: ") + e.what());
        }
    }
    {
        std::lock_guard lock(m_mutex);
        if (items) m_outboxItems = std::move(*items);
        auto next = std::make_shared<Snapshot>();
        next->version = ++m_version;
        next->board = m_board;
        next->status = m_status;
        next->refusals = m_refusals;
        next->outbox = m_outboxItems;
        m_snapshot = std::move(next);
    }
    if (m_listener) m_listener();
}

void SyncEngine::openOutbox() {
    if (m_syncOutbox) return;
    try {
        bool checked = false;
        {
            std::lock_guard lock(m_mutex);
            checked = m_outboxChecked;
        }
        if (!checked) {
            // Before any connection opens the files: SQLite would drop what it cannot read.
            auto damage = setAsideIfDamaged(m_settings.outboxPath);
            auto earlier = unsalvagedDamage(m_settings.outboxPath);
            std::lock_guard lock(m_mutex);
            m_outboxChecked = true;
            m_storeReport.outbox = damage ? damage->reason : "ok";
            m_storeReport.outboxDamage = damage;
            m_status.outboxDamage = std::move(earlier);
        }
        m_syncOutbox = std::make_unique<Outbox>(m_settings.outboxPath);
        setFault("outbox", "");
        std::lock_guard lock(m_mutex);
        ++m_outboxOpens;
        if (m_storeReport.error.rfind("outbox", 0) == 0) m_storeReport.error.clear();
    } catch (const std::exception& e) {
        const std::string fault = std::string("outbox cannot be opened: ") + e.what();
        setFault("outbox", fault);
        std::lock_guard lock(m_mutex);
        m_storeReport.error = fault;
    }
    m_wake.notify_all(); // the writer waits for the check
}

void SyncEngine::openCache() {
    if (m_cache) return;
    try {
        m_cache = std::make_unique<CacheStore>(m_settings.cachePath);
        setFault("cache", "");
    } catch (const std::exception& e) {
        // The cache is disposable: without one the screen still gets the hub's data.
        setFault("cache", std::string("cache cannot be opened: ") + e.what());
        return;
    }
    const std::string recovered = m_cache->recoveredFrom();
    {
        std::lock_guard lock(m_mutex);
        m_storeReport.cacheRebuilt = !recovered.empty();
        m_storeReport.cache = recovered.empty() ? "ok" : recovered;
        if (!recovered.empty()) {
            ++m_status.cacheRebuilds;
            m_status.cacheNotice = "cache replaced: " + oneLine(recovered, 200);
        }
    }
    if (!recovered.empty())
        log(kWarning, "cache " + m_settings.cachePath + " was damaged (" + recovered + "); moved to " +
                          m_settings.cachePath + ".damaged and rebuilt from the hub");
    if (m_cacheLoaded) return;
    m_cacheLoaded = true;
    try {
        if (auto cached = m_cache->load(m_settings.boardId)) {
            std::lock_guard lock(m_mutex);
            m_board = std::make_shared<const BoardData>(std::move(cached->data));
            m_index = BoardIndex::build(*m_board);
            m_etag = cached->etag;
            m_status.lastSuccess = parseTimestamp(cached->syncedAt);
        } else if (!m_cache->lastLoadProblem().empty()) {
            std::lock_guard lock(m_mutex);
            m_status.cacheNotice = oneLine(m_cache->lastLoadProblem(), 300);
        }
    } catch (const std::exception& e) {
        std::lock_guard lock(m_mutex);
        m_status.cacheNotice = "cache unreadable: " + oneLine(e.what(), 300);
    }
}

void SyncEngine::ensureOpen() {
    if (!m_http) m_http = std::make_unique<HttpClient>(m_settings.http);
    openCache();
    openOutbox();
}

void SyncEngine::start() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = false;
    }
    try {
        ensureOpen();
    } catch (...) {
        setFault("start", caught("start", std::current_exception()));
    }
    // Items of a run that stopped mid-send are resent under the same key.
    publish(m_syncOutbox.get());
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

void SyncEngine::setCurrentItem(std::string meetingId, std::optional<int> order) {
    {
        std::lock_guard lock(m_mutex);
        m_pendingCurrent.emplace(std::move(meetingId), order);
        m_syncRequested = true;
    }
    m_wake.notify_all();
}

void SyncEngine::sendCurrentItem(Round& round) {
    std::optional<std::pair<std::string, std::optional<int>>> pending;
    {
        std::lock_guard lock(m_mutex);
        pending = m_pendingCurrent;
    }
    if (!pending) return;
    HttpRequest request{"POST",
                        url("/v1/boards/" + m_settings.boardId + "/meetings/" + pending->first + "/current"),
                        authHeaders(), encodeCurrentItemRequest({pending->second})};
    request.maxResponseBytes = kSmallAnswerBytes;
    const HttpResponse response = m_http->perform(request);
    noteResponse(response, round);
    const bool again =
        !response.transportOk() || response.status >= 500 || response.status == 429 || response.status == 408;
    if (again) return; // the next round tries again
    {
        std::lock_guard lock(m_mutex);
        if (m_pendingCurrent == pending) m_pendingCurrent.reset();
    }
    if (response.status != 200 && m_settings.log)
        m_settings.log(4, "the hub refused the current agenda item (meeting " + pending->first +
                              "): " + httpProblem(response));
}

void SyncEngine::submitScreenshot(std::string png) {
    {
        std::lock_guard lock(m_mutex);
        m_pendingScreenshot = std::move(png);
        m_syncRequested = true;
    }
    m_screenshotAsked = false;
    m_wake.notify_all();
}

void SyncEngine::sendScreenshot(Round& round) {
    std::optional<std::string> png;
    {
        std::lock_guard lock(m_mutex);
        png = m_pendingScreenshot;
    }
    if (!png) return;
    auto headers = authHeaders();
    headers.emplace_back("Content-Type", "image/png");
    HttpRequest request{"POST", url("/v1/boards/" + m_settings.boardId + "/screenshot"), headers, *png};
    request.maxResponseBytes = kSmallAnswerBytes;
    const HttpResponse response = m_http->perform(request);
    noteResponse(response, round);
    if (!response.transportOk() || response.status >= 500 || response.status == 429) return; // next round
    {
        std::lock_guard lock(m_mutex);
        if (m_pendingScreenshot == png) m_pendingScreenshot.reset();
    }
    if (response.status != 204 && m_settings.log)
        m_settings.log(4, "the hub refused the screen's picture: " + httpProblem(response));
}

void SyncEngine::requestSync() {
    {
        std::lock_guard lock(m_mutex);
        m_syncRequested = true;
    }
    m_wake.notify_all();
}

void SyncEngine::writerLoop() {
    std::unique_ptr<Outbox> outbox;
    int failures = 0;
    for (;;) {
        if (!outbox) {
            {
                std::unique_lock lock(m_mutex);
                // The sync side checks the files (and sets damage aside) before anyone opens them.
                m_wake.wait(lock, [this] { return m_stop || m_outboxChecked; });
                // Stopping before the outbox could be opened: what waits was never shown as recorded.
                if (!m_outboxChecked) return;
            }
            try {
                outbox = std::make_unique<Outbox>(m_settings.outboxPath);
                setFault("writer", "");
                failures = 0;
            } catch (...) {
                // Until it opens, submitted decisions wait (shown as being recorded, never as recorded).
                ++failures;
                setFault("writer",
                         "decisions cannot be recorded: " + caught("outbox", std::current_exception()));
                publish(nullptr);
                std::unique_lock lock(m_mutex);
                if (m_stop) return;
                // A local file: retried within seconds, and at once when the sync side opened it.
                const auto opens = m_outboxOpens;
                const auto wait = std::min<std::chrono::milliseconds>(
                    backoffDelay(failures, m_settings.retry, m_rng) + std::chrono::milliseconds(100),
                    std::chrono::seconds(5));
                m_wake.wait_for(lock, wait, [this, opens] { return m_stop || m_outboxOpens != opens; });
                continue;
            }
        }
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
            auto result = outbox->record(m_settings.boardId, next.second, next.first);
            refusal = result.refusal;
        } catch (const std::exception& e) {
            refusal = "could not record: " + oneLine(e.what(), 300);
            log(kError, "outbox: decision " + next.first + " " + refusal);
        }
        {
            std::lock_guard lock(m_mutex);
            if (!refusal.empty()) m_refusals.push_back({next.first, refusal});
            m_syncRequested = true;
        }
        publish(outbox.get());
        m_wake.notify_all();
    }
}

void SyncEngine::syncLoop() {
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
    m_rounds.fetch_add(1, std::memory_order_relaxed);
    try {
        return round();
    } catch (...) {
        // A full disk, SQLITE_BUSY past its timeout, a bug: the round ends here, the thread
        // does not. The screen and the heartbeat say so; the next round comes after a backoff.
        setFault("sync", caught("sync round failed", std::current_exception()));
        try {
            publish(m_syncOutbox.get());
        } catch (...) { // the fault is already recorded
        }
        ++m_failures;
        return std::max(backoffDelay(m_failures, m_settings.retry, m_rng), std::chrono::milliseconds(100));
    }
}

std::chrono::milliseconds SyncEngine::round() {
    ensureOpen();
    Round round;
    if (m_syncOutbox) push(*m_syncOutbox, round);
    sendCurrentItem(round);
    pull(round);
    if (!round.failed) heartbeat();
    if (!round.failed) sendScreenshot(round);
    setFault("sync", ""); // this round went through (whatever the hub said)
    publish(m_syncOutbox.get());

    const auto now = std::chrono::steady_clock::now();
    if (!round.failed) {
        m_failures = 0;
        m_notBefore = now;
        const auto published = snapshot();
        if (published && published->board && meetingInSession(*published->board, WallClock::now()))
            return std::min(m_settings.pollInterval, std::chrono::milliseconds(kInSessionPoll));
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
    if ((!response.transportOk() && !response.unusable) || response.status >= 500 || response.status == 429 ||
        response.status == 408) {
        round.failed = true;
        if (response.status == 429 || response.status == 503) {
            const auto after =
                parseRetryAfter(response.header("retry-after"), WallClock::now(), m_settings.retry);
            if (after && (!round.retryAfter || *after > *round.retryAfter)) round.retryAfter = *after;
        }
    }
    if (!response.transportOk()) return;
    if (const std::string device = response.header("x-regiebord-device"); isValidId(device)) {
        std::lock_guard lock(m_mutex);
        m_status.deviceId = device;
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
    if (m_syncOutbox) {
        // Damage set aside earlier leaves the list once IT salvaged it (another process).
        bool damaged = false;
        {
            std::lock_guard lock(m_mutex);
            damaged = !m_status.outboxDamage.empty();
        }
        if (damaged) {
            auto still = unsalvagedDamage(m_settings.outboxPath);
            std::lock_guard lock(m_mutex);
            m_status.outboxDamage = std::move(still);
        }
    }
    Heartbeat h;
    {
        std::lock_guard lock(m_mutex);
        h.version = m_settings.version;
        h.dataAgeSeconds =
            m_status.lastSuccess
                ? std::chrono::duration_cast<std::chrono::seconds>(WallClock::now() - *m_status.lastSuccess)
                      .count()
                : -1;
        h.lastError = m_status.lastError;
        h.clockOffsetSeconds = m_status.clockOffset ? m_status.clockOffset->count() : 0;
        h.fault = m_status.fault;
        h.cacheRebuilds = m_status.cacheRebuilds;
        if (!m_status.outboxDamage.empty()) {
            const OutboxDamage& d = m_status.outboxDamage.back();
            h.outboxDamage = Heartbeat::OutboxDamage{d.movedTo, d.foundAt, d.undelivered};
        }
        for (const auto& item : m_outboxItems)
            h.outboxDepth += item.state == OutboxState::Queued || item.state == OutboxState::Sending ? 1 : 0;
    }
    h.uptimeSeconds = std::chrono::duration_cast<std::chrono::seconds>(now - m_startedAt).count();
    h.memoryKb = residentKilobytes();
    HttpRequest request{"POST", url("/v1/boards/" + m_settings.boardId + "/heartbeat"), authHeaders(),
                        encodeHeartbeat(h)};
    request.maxResponseBytes = kSmallAnswerBytes;
    const HttpResponse answer = m_http->perform(request); // best effort: the next one follows anyway
    // IT asked for a picture of this screen (the devices page): the kiosk hands one over.
    if (answer.status == 204 && answer.header("x-regiebord-screenshot") == "requested")
        m_screenshotAsked = true;
}

void SyncEngine::push(Outbox& outbox, Round& round) {
    for (const auto& item : outbox.deliverable()) {
        if (item.boardId != m_settings.boardId) continue;
        outbox.markSending(item.idempotencyKey);
        publish(&outbox);
        HttpRequest request{"POST", url("/v1/boards/" + m_settings.boardId + "/decisions"), authHeaders(),
                            item.body};
        request.headers.emplace_back("Idempotency-Key", item.idempotencyKey);
        request.maxResponseBytes = kSmallAnswerBytes;
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
            // Transport failure, 401 (token may be fixed), 408, 429, 5xx, an unusable answer:
            // retry later, same key.
            outbox.markRetry(item.idempotencyKey, problem);
            std::lock_guard lock(m_mutex);
            m_status.lastError = problem;
            if (!response.transportOk()) {
                m_status.reach = response.unusable ? Reachability::Refused : Reachability::Offline;
                m_status.refusal = response.unusable ? HubRefusal::Unusable : HubRefusal::None;
            }
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
    request.maxResponseBytes = m_settings.maxBoardBytes;
    request.headers.emplace_back("If-None-Match", "\"" + std::to_string(base.seq) + "\"");
    const auto attemptAt = WallClock::now();
    const HttpResponse response = m_http->perform(request);
    if (response.status == 410 || response.status == 404) {
        // 410: a cursor the hub cannot serve, e.g. ahead of a hub restored from a backup.
        if (response.status == 410) m_hubWentBack = true;
        return false; // resync with a snapshot
    }
    noteResponse(response, round);

    std::shared_ptr<const BoardData> fresh;
    std::string problem;
    if (response.status == 200) {
        Limits limits;
        limits.maxDocumentBytes = m_settings.maxBoardBytes;
        auto delta = parseChanges(response.body, limits);
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
                keepInCache("cache not updated: ", [&](CacheStore& cache) {
                    cache.applyDelta(delta.value(), etag, formatUtc(attemptAt));
                });
                m_etag = etag;
            }
        }
    }
    finishPull(response, std::move(fresh), problem, attemptAt);
    return true;
}

void SyncEngine::keepInCache(const char* failed, const std::function<void(CacheStore&)>& write) {
    if (!m_cache) return;
    try {
        write(*m_cache);
    } catch (const std::exception& e) {
        // The cache is disposable: the screen still gets the data.
        std::lock_guard lock(m_mutex);
        m_status.cacheNotice = failed + oneLine(e.what(), 300);
    }
}

void SyncEngine::pullSnapshot(Round& round) {
    HttpRequest request{"GET", url("/v1/boards/" + m_settings.boardId + "/snapshot"), authHeaders(), {}};
    request.maxResponseBytes = m_settings.maxBoardBytes;
    if (!m_etag.empty()) request.headers.emplace_back("If-None-Match", m_etag);
    const auto attemptAt = WallClock::now();
    HttpResponse response = m_http->perform(request);
    noteResponse(response, round);

    std::shared_ptr<const BoardData> fresh;
    std::string problem;
    if (response.status == 200) {
        Limits limits;
        limits.maxDocumentBytes = m_settings.maxBoardBytes;
        auto parsed = parseBoard(response.body, DocumentKind::Snapshot, limits);
        std::string().swap(response.body); // read: at 100k agreements, ~80 MB less while the cache is written
        if (!parsed) {
            problem = "hub sent invalid data, kept the last good data (" + parsed.error().describe() + ")";
        } else if (parsed.value().board.id != m_settings.boardId) {
            problem = "hub sent board \"" + parsed.value().board.id + "\" instead of \"" +
                      m_settings.boardId + "\"";
        } else {
            fresh = std::make_shared<const BoardData>(std::move(parsed).value());
            {
                std::lock_guard lock(m_mutex);
                if (m_board && fresh->seq < m_board->seq) m_hubWentBack = true;
            }
            if (m_hubWentBack) resendForgotten(*fresh);
            m_index = BoardIndex::build(*fresh);
            const std::string etag = response.header("etag");
            keepInCache("cache not written: ",
                        [&](CacheStore& cache) { cache.save(*fresh, etag, formatUtc(attemptAt)); });
            m_etag = etag;
        }
    }
    finishPull(response, std::move(fresh), problem, attemptAt);
}

void SyncEngine::resendForgotten(const BoardData& board) {
    m_hubWentBack = false;
    if (!m_syncOutbox) return;
    std::set<std::string_view> held;
    for (const auto& d : board.decisions)
        held.insert(d.idempotencyKey);
    int resent = 0;
    for (const auto& item : m_syncOutbox->all()) {
        if (item.boardId != m_settings.boardId || item.state != OutboxState::Confirmed) continue;
        if (held.count(item.idempotencyKey) != 0) continue;
        m_syncOutbox->requeue(item.idempotencyKey,
                              "the hub no longer holds this decision (restored from a backup?); "
                              "sent again");
        ++resent;
    }
    if (resent > 0) {
        log(kWarning, "the hub went back to sequence " + std::to_string(board.seq) +
                          " (a restore?): " + std::to_string(resent) +
                          " decision(s) it had confirmed are sent again under their keys");
        std::lock_guard lock(m_mutex);
        m_syncRequested = true; // delivered in the next round, not a poll later
    }
}

void SyncEngine::touchCache(WallClock::time_point at) {
    try {
        if (m_cache) m_cache->touch(m_settings.boardId, formatUtc(at));
    } catch (const std::exception&) { // freshness stays in memory
    }
}

void SyncEngine::finishPull(const HttpResponse& response, std::shared_ptr<const BoardData> fresh,
                            std::string problem, WallClock::time_point attemptAt) {
    // 200 was read by the caller; 304 means the cached board is still the hub's.
    if (response.status == 304)
        touchCache(attemptAt);
    else if (response.status != 200)
        problem = httpProblem(response);
    std::lock_guard lock(m_mutex);
    m_status.lastAttempt = attemptAt;
    if (fresh) m_board = std::move(fresh);
    m_status.refusal = HubRefusal::None;
    if (!response.transportOk() && !response.unusable) {
        m_status.reach = Reachability::Offline;
        m_status.lastError = oneLine(problem, 500);
    } else if (!problem.empty()) {
        // The hub answered, with something unusable or a refusal: not "offline".
        m_status.reach = Reachability::Refused;
        m_status.refusal = refusalOf(response);
        m_status.lastError = oneLine(
            response.unusable ? "hub sent an unusable answer, kept the last good data (" + problem + ")"
                              : problem,
            500);
    } else {
        m_status.reach = Reachability::Online;
        m_status.lastSuccess = attemptAt;
        m_status.lastError.clear();
    }
}

} // namespace regiebord
