#include "load_control.hpp"

#include "clock.hpp"
#include "load_kiosk.hpp" // seqFromEtag
#include "protocol.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <spawn.h>
#include <sys/wait.h>
#include <system_error>

extern char** environ; // NOLINT: POSIX, for posix_spawn

namespace regiebord::load {

namespace http = boost::beast::http;

Control::Control(boost::asio::io_context& io, const LinkSettings& link, std::string boardId, Stats& stats,
                 std::string token, std::string keyLog)
    : m_io(io), m_boardId(std::move(boardId)), m_stats(stats), m_token(std::move(token)),
      m_link(io, link, stats), m_retryTimer(io) {
    if (!keyLog.empty()) {
        m_keyLog = std::fopen(keyLog.c_str(), "we");
        if (m_keyLog == nullptr)
            throw std::system_error(errno, std::generic_category(), "cannot write the key log " + keyLog);
    }
}

Control::~Control() {
    if (m_keyLog != nullptr) std::fclose(m_keyLog);
    for (auto& c : m_commands) {
        if (!c.done && c.pid > 0) ::kill(-c.pid, SIGTERM);
        if (c.waiter.joinable()) c.waiter.join();
    }
}

HttpRequest Control::request(const char* method, const std::string& target) const {
    HttpRequest r;
    r.method_string(method);
    r.target("/v1/boards/" + m_boardId + target);
    r.set(http::field::authorization, "Bearer " + m_token);
    r.set(http::field::accept, "application/json"); // no gzip: the control reads what it gets
    r.set(http::field::user_agent, "regiebord-hub-load control");
    return r;
}

void Control::enqueue(Op op) {
    m_queue.push_back(op);
    next();
}

void Control::next() {
    if (m_link.busy() || m_queue.empty() || m_retryWaiting) return; // an answer's handler calls next()
    const Op op = m_queue.front();
    switch (op.kind) {
    case RequestKind::Snapshot:
        m_link.send(request("GET", "/snapshot"), op.kind, kBoardAnswerBytes,
                    [this](const LinkResult& r) { onSetup(r); });
        break;
    case RequestKind::Decision: {
        Op& out = m_queue.front();
        if (out.key.empty()) { // a new one; a retry keeps its key and body
            const std::string& escalation = m_escalations[m_nextEscalation++ % m_escalations.size()];
            m_events[op.event].what = "decision " + escalation;
            DecisionRequest d;
            d.escalationId = escalation;
            d.outcome = Outcome::Aangehouden; // stays open: the next decision on it is allowed
            d.decidedBy = "regiebord-hub-load";
            d.decidedAt = utcNow();
            out.key = makeUuidV4();
            out.body = encodeDecisionRequest(d);
        }
        auto r = request("POST", "/decisions");
        r.set(http::field::content_type, "application/json");
        r.set("Idempotency-Key", out.key);
        r.body() = out.body;
        m_link.send(std::move(r), op.kind, kSmallAnswerBytes,
                    [this, event = op.event](const LinkResult& result) { onDecision(event, result); });
        break;
    }
    case RequestKind::Probe: {
        // The seq is in the ETag. Changes since the last seq known are small; after a 410 (a
        // compacted board) only the snapshot can say.
        const std::string since = std::to_string(m_knownSeq);
        auto r = request("GET", op.bySnapshot ? std::string("/snapshot") : "/changes?since=" + since);
        r.set(http::field::if_none_match, "\"" + since + "\"");
        m_link.send(std::move(r), op.kind, kBoardAnswerBytes,
                    [this](const LinkResult& result) { onProbe(result); });
        break;
    }
    default:
        break;
    }
}

void Control::setup(std::function<void(const std::string&)> done) {
    m_setupDone = std::move(done);
    enqueue({RequestKind::Snapshot});
}

void Control::onSetup(const LinkResult& result) {
    m_queue.pop_front();
    std::string problem;
    if (result.failure) {
        problem = std::string("no answer (") + describe(*result.failure) + ")";
    } else if (result.status() != 200) {
        problem = "HTTP " + std::to_string(result.status()) + " " + result.response->body().substr(0, 200);
    } else if (const auto seq = seqFromEtag(headerOf(*result.response, http::field::etag)); !seq) {
        problem = "the snapshot came without an ETag";
    } else {
        m_startSeq = m_knownSeq = *seq;
        const auto doc = nlohmann::json::parse(result.response->body(), nullptr, false);
        if (doc.is_object() && doc.contains("escalations") && doc["escalations"].is_array())
            for (const auto& e : doc["escalations"]) {
                if (!e.is_object()) continue;
                const std::string status = e.value("status", "");
                if (status == "open" || status == "aangehouden") m_escalations.push_back(e.value("id", ""));
            }
    }
    std::exchange(m_setupDone, nullptr)(problem);
    next();
}

void Control::decide() {
    if (m_stopping) return;
    const bool out = std::any_of(m_queue.begin(), m_queue.end(),
                                 [](const Op& op) { return op.kind == RequestKind::Decision; });
    if (out || m_escalations.empty()) {
        ++m_skippedDecisions;
        return;
    }
    m_events.push_back({.what = "decision", .at = Clock::now(), .seqBefore = m_knownSeq});
    enqueue({RequestKind::Decision, m_events.size() - 1});
}

void Control::onDecision(std::size_t event, const LinkResult& result) {
    Op op = std::move(m_queue.front());
    m_queue.pop_front();
    ChangeEvent& e = m_events[event];
    e.at = result.sentAt + result.latency; // the change is in place when its 201 is here
    const int status = result.status();
    if (result.failure || status >= 500) {
        // As a kiosk: the same key again until the hub answers (the run's end waits for it).
        ++m_decisionRetries;
        e.problem = result.failure ? std::string("no answer (") + describe(*result.failure) + "), sent again"
                                   : "HTTP " + std::to_string(status) + ", sent again";
        if (!result.failure) m_stats.counters.fail(Failure::Status, "decision: " + e.problem);
        // Half a second's pause, so that a hub that is down is not asked in a tight loop.
        m_queue.push_back(std::move(op));
        m_retryWaiting = true;
        m_retryTimer.expires_after(std::chrono::milliseconds(500));
        m_retryTimer.async_wait([this](const boost::system::error_code&) {
            m_retryWaiting = false;
            next();
        });
        return;
    } else if (status == 201 || status == 200) {
        if (status == 201) m_stats.decision.add(result.latency);
        ++m_acknowledged;
        if (m_keyLog != nullptr) {
            std::fprintf(m_keyLog, "%s %d\n", op.key.c_str(), status);
            std::fflush(m_keyLog);
        }
        e.problem.clear();
        e.awaitingProbe = true;
        probe();
    } else {
        m_stats.counters.fail(Failure::Status, "decision: HTTP " + std::to_string(status));
        e.problem = "HTTP " + std::to_string(status);
        if (status == 409) { // decided for good by someone else: not ours to decide again
            const auto gone =
                std::find(m_escalations.begin(), m_escalations.end(), e.what.substr(e.what.find(' ') + 1));
            if (gone != m_escalations.end()) m_escalations.erase(gone);
        }
    }
    next();
}

void Control::probe() {
    // One probe waiting (not yet sent) answers for every change before it.
    for (std::size_t i = m_link.busy() ? 1 : 0; i < m_queue.size(); ++i)
        if (m_queue[i].kind == RequestKind::Probe) return;
    enqueue({RequestKind::Probe});
}

void Control::onProbe(const LinkResult& result) {
    const bool bySnapshot = m_queue.front().bySnapshot;
    m_queue.pop_front();
    if (!result.failure && result.status() == 410 && !bySnapshot) {
        m_queue.push_front({.kind = RequestKind::Probe, .bySnapshot = true});
        return next();
    }
    std::optional<std::int64_t> seq;
    std::string problem;
    if (result.failure) {
        problem = std::string("probe: no answer (") + describe(*result.failure) + ")";
    } else if (result.status() == 304) {
        seq = m_knownSeq;
    } else if (result.status() == 200) {
        seq = seqFromEtag(headerOf(*result.response, http::field::etag));
        if (!seq) problem = "probe: 200 without an ETag";
    } else {
        problem = "probe: HTTP " + std::to_string(result.status());
    }
    if (seq) m_knownSeq = std::max(m_knownSeq, *seq);
    for (auto& e : m_events) {
        if (!e.awaitingProbe) continue;
        e.awaitingProbe = false;
        if (!seq)
            e.problem = problem;
        else if (*seq > e.seqBefore)
            e.seq = *seq;
        else
            e.problem = "the board's seq did not move";
    }
    next();
}

void Control::runCommand(const std::string& command) {
    if (m_stopping) return;
    m_events.push_back({.what = "command", .at = Clock::now(), .seqBefore = m_knownSeq});
    const std::size_t event = m_events.size() - 1;

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP); // its own group: ended whole if it hangs
    posix_spawnattr_setpgroup(&attr, 0);
    const std::string sh = "/bin/sh", dashC = "-c";
    std::string text = command;
    char* argv[] = {const_cast<char*>(sh.c_str()), const_cast<char*>(dashC.c_str()), text.data(), nullptr};
    pid_t pid = -1;
    const int error = posix_spawn(&pid, "/bin/sh", nullptr, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    if (error != 0) {
        m_events[event].problem = "cannot start the command: " + std::system_category().message(error);
        std::printf("regiebord-hub-load: %s\n", m_events[event].problem.c_str());
        return;
    }
    auto& c = m_commands.emplace_back();
    c.pid = pid;
    const auto started = Clock::now();
    c.waiter = std::thread([this, &c, event, started] {
        int status = 0;
        while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
        }
        c.done = true;
        const auto took = Clock::now() - started;
        boost::asio::post(m_io, [this, event, status, took] { onCommandDone(event, status, took); });
    });
}

void Control::onCommandDone(std::size_t event, int status, Clock::duration took) {
    ChangeEvent& e = m_events[event];
    e.at = Clock::now(); // the change is in place when the command has ended
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const std::string ended = formatted(" (exit %d after %.2f s)", code, seconds(took));
    e.what += ended;
    std::printf("regiebord-hub-load: change command ended%s\n", ended.c_str());
    if (code != 0) m_stats.counters.fail(Failure::Other, "change command: exit " + std::to_string(code));
    if (m_stopping) {
        e.problem = "the run ended before its seq was asked";
        return;
    }
    e.awaitingProbe = true;
    probe();
}

void Control::stop() {
    m_stopping = true;
    // Requests not yet sent are dropped, except probes: they give the seq of changes made.
    const bool inFlight = m_link.busy();
    std::deque<Op> kept;
    for (std::size_t i = 0; i < m_queue.size(); ++i)
        // A decision sent before (it has its key) is sent until acknowledged, as a kiosk does.
        if ((i == 0 && inFlight) || m_queue[i].kind == RequestKind::Probe || !m_queue[i].key.empty())
            kept.push_back(m_queue[i]);
    m_queue = std::move(kept);
    next();
}

} // namespace regiebord::load
