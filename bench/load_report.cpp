#include "load_report.hpp"

#include <algorithm>
#include <cstdio>

namespace regiebord::load {

namespace {

std::string latencyLine(const char* what, const LatencySeries& series) {
    const auto s = series.summary();
    if (s.count == 0) return formatted("latency %-28s n=0", what);
    return formatted("latency %-28s n=%s p50 %s p90 %s p99 %s max %s ms", what, grouped(s.count).c_str(),
                     millis(s.p50).c_str(), millis(s.p90).c_str(), millis(s.p99).c_str(),
                     millis(s.max).c_str());
}

std::string percent(std::optional<double> p) {
    return p ? formatted("%.1f%%", *p) : "n/a";
}

std::string megabytes(std::int64_t kb) {
    return formatted("%.1f MB", static_cast<double>(kb) / 1024.0);
}

std::string secondsText(Clock::duration d) {
    return formatted("%.1f s", seconds(d));
}

} // namespace

Reach reachOf(const ChangeEvent& change, const std::vector<std::unique_ptr<LoadKiosk>>& kiosks,
              Clock::duration poll, Clock::time_point end) {
    Reach r;
    // Every kiosk's next poll was sent before the end; the run waits for the answers.
    r.judged = change.at + poll <= end;
    for (const auto& k : kiosks) {
        if (!k->startedBy(change.at)) continue;
        ++r.eligible;
        const auto& seen = k->sightings();
        const auto first =
            std::find_if(seen.begin(), seen.end(), [&](const Sighting& s) { return s.seq >= change.seq; });
        if (first == seen.end()) continue;
        ++r.reached;
        if (first->sentAt - change.at <= poll) ++r.withinInterval;
        // A poll sent before the change was in place may have brought it (a decision is in place
        // a moment before its 201 comes): no time then.
        r.slowest = std::max(r.slowest, first->answeredAt - change.at);
    }
    return r;
}

std::string tableHeader() {
    return "| kiosks | poll | polls answered | unchanged poll p50 | unchanged poll p99 | decision p99 | "
           "change reach (slowest) | within one interval | errors | refused | hub CPU | hub RSS |\n"
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
}

void printReport(const RunFacts& run, const Stats& stats, const std::vector<ChangeEvent>& changes,
                 const std::vector<std::unique_ptr<LoadKiosk>>& kiosks, const ProcessWatch* hub,
                 const ProcessWatch& self, const LatencySeries& loopLag) {
    const Counters& c = stats.counters;
    const double ran = seconds(run.end - run.start);
    std::printf("== result ==\n");
    std::printf("kiosks %s, ran %.1f s (ramp-up %.0f s), poll %.0f s, heartbeat %.0f s, timeout %.0f s\n",
                grouped(run.kiosks).c_str(), ran, seconds(run.ramp), seconds(run.poll),
                seconds(run.heartbeat), seconds(run.timeout));
    std::printf("requests:");
    for (std::size_t i = 0; i < kRequestKinds; ++i)
        std::printf(" %s %s%s", describe(static_cast<RequestKind>(i)), grouped(c.sent.at(i)).c_str(),
                    i + 1 < kRequestKinds ? "," : "");
    std::printf(" (total %s, %.1f/s)\n", grouped(c.requests()).c_str(),
                ran > 0 ? static_cast<double>(c.requests()) / ran : 0.0);
    std::printf("statuses:");
    for (const auto& [status, n] : c.statuses)
        std::printf(" %d x%s", status, grouped(n).c_str());
    std::printf("%s\n", c.statuses.empty() ? " none" : "");
    std::printf("errors: %s (", grouped(c.errors()).c_str());
    for (std::size_t i = 0; i < kFailures; ++i)
        std::printf("%s %s%s", describe(static_cast<Failure>(i)), grouped(c.failures.at(i)).c_str(),
                    i + 1 < kFailures ? ", " : ")\n");
    for (const auto& [detail, n] : c.details)
        std::printf("  %s x%s\n", detail.c_str(), grouped(n).c_str());
    std::printf(
        "connections: %s opened in %s attempts, open at the end %s (most %s), found closed by the hub "
        "before a round %s, closed by the hub after an answer %s; late rounds %s\n",
        grouped(c.connected).c_str(), grouped(c.connectAttempts).c_str(),
        grouped(static_cast<std::uint64_t>(run.openAtEnd)).c_str(),
        grouped(static_cast<std::uint64_t>(run.maxOpen)).c_str(), grouped(c.idleClosed).c_str(),
        grouped(c.hubClosed).c_str(), grouped(c.lateRounds).c_str());
    std::printf("%s\n", latencyLine("unchanged poll (304)", stats.unchangedPoll).c_str());
    std::printf("%s\n", latencyLine("changed poll (200)", stats.changedPoll).c_str());
    std::printf("%s\n", latencyLine("heartbeat (204)", stats.heartbeat).c_str());
    std::printf("%s\n", latencyLine("decision (201)", stats.decision).c_str());
    std::printf("%s\n", latencyLine("snapshot (200, after a 410)", stats.snapshot).c_str());
    std::printf("%s\n", latencyLine("connect", stats.connect).c_str());
    std::printf("decisions acknowledged: %s (sent again with the same key after no answer or a 5xx: %s)\n",
                grouped(run.decisionsAcknowledged).c_str(), grouped(run.decisionRetries).c_str());
    if (run.skippedDecisions > 0)
        std::printf("decisions skipped (the previous one was still out, or none to decide): %s\n",
                    grouped(run.skippedDecisions).c_str());

    // Each change: who saw it, how fast. The table takes the worst of the changes judged.
    std::size_t judged = 0, number = 0;
    std::optional<Clock::duration> slowest;
    std::optional<std::pair<std::size_t, std::size_t>> worstWithin, worstReached; // (kiosks, of eligible)
    for (const auto& e : changes) {
        ++number;
        const double at = seconds(e.at - run.start);
        if (e.seq < 0) {
            std::printf("change %zu %s at %.1f s: no seq (%s)\n", number, e.what.c_str(), at,
                        e.problem.c_str());
            continue;
        }
        const Reach r = reachOf(e, kiosks, run.poll, run.end);
        std::printf("change %zu %s at %.1f s -> seq %lld: %s/%s kiosks saw it, slowest %s, %s within one "
                    "interval%s\n",
                    number, e.what.c_str(), at, static_cast<long long>(e.seq), grouped(r.reached).c_str(),
                    grouped(r.eligible).c_str(), secondsText(r.slowest).c_str(),
                    grouped(r.withinInterval).c_str(), r.judged ? "" : " (too late in the run to judge)");
        if (!r.judged || r.eligible == 0) continue;
        ++judged;
        slowest = std::max(slowest.value_or(Clock::duration::zero()), r.slowest);
        // a/b < c/d as a*d < c*b: the smaller share of the kiosks
        auto less = [](std::size_t a, std::size_t b, const std::pair<std::size_t, std::size_t>& than) {
            return a * than.second < than.first * b;
        };
        if (!worstWithin || less(r.withinInterval, r.eligible, *worstWithin))
            worstWithin = {r.withinInterval, r.eligible};
        if (r.reached < r.eligible && (!worstReached || less(r.reached, r.eligible, *worstReached)))
            worstReached = {r.reached, r.eligible};
    }
    std::string reachText = "n/a", withinText = "n/a";
    if (judged > 0) {
        reachText = worstReached
                        ? "not all: " + grouped(worstReached->first) + "/" + grouped(worstReached->second)
                        : secondsText(*slowest);
        withinText = grouped(worstWithin->first) + "/" + grouped(worstWithin->second);
        std::printf("change reach: %zu of %zu change(s) judged; slowest %s; fewest within one interval %s\n",
                    judged, changes.size(), reachText.c_str(), withinText.c_str());
    } else {
        std::printf("change reach: no change to judge (%zu made)\n", changes.size());
    }

    // CPU after the ramp-up (when the load is what it is meant to be), unless the run had none.
    const auto steadyFrom = run.ramp < run.end - run.start ? run.start + run.ramp : run.start;
    const auto window = std::chrono::seconds(10);
    std::string hubCpu = "n/a", hubRss = "n/a";
    if (hub) {
        const auto cpu = hub->cpuPercent(steadyFrom, run.end);
        hubCpu = percent(cpu);
        hubRss = megabytes(hub->maxRssKb());
        std::printf(
            "hub pid %d: cpu %s of one core after the ramp-up (busiest 10 s %s, whole run %s); VmRSS %s at "
            "the end, most %s; VmHWM %s%s\n",
            hub->pid(), hubCpu.c_str(), percent(hub->peakCpuPercent(run.start, run.end, window)).c_str(),
            percent(hub->cpuPercent(run.start, run.end)).c_str(), megabytes(hub->lastRssKb()).c_str(),
            hubRss.c_str(), megabytes(hub->hwmKb()).c_str(),
            hub->gone() ? " (the process ended during the run)" : "");
    }
    const auto lag = loopLag.summary();
    std::printf(
        "tool: cpu %s of one core after the ramp-up (busiest 10 s %s); VmHWM %s; event-loop lag p99 %s "
        "max %s ms\n",
        percent(self.cpuPercent(steadyFrom, run.end)).c_str(),
        percent(self.peakCpuPercent(run.start, run.end, window)).c_str(), megabytes(self.hwmKb()).c_str(),
        millis(lag.p99).c_str(), millis(lag.max).c_str());

    const auto unchanged = stats.unchangedPoll.summary();
    const auto decision = stats.decision.summary();
    auto ms = [](std::size_t n, double v) { return n == 0 ? std::string("n/a") : millis(v) + " ms"; };
    // Latencies are of answered polls only: with a hub that answers few, this column says so.
    const auto polls = c.sent.at(static_cast<std::size_t>(RequestKind::Poll));
    const std::string answered =
        polls == 0
            ? "n/a"
            : formatted("%.1f%%", 100.0 * static_cast<double>(unchanged.count + stats.changedPoll.count()) /
                                      static_cast<double>(polls));
    std::printf("%s\n", tableHeader().c_str());
    std::printf("| %s | %.0f s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                grouped(run.kiosks).c_str(), seconds(run.poll), answered.c_str(),
                ms(unchanged.count, unchanged.p50).c_str(), ms(unchanged.count, unchanged.p99).c_str(),
                ms(decision.count, decision.p99).c_str(), reachText.c_str(), withinText.c_str(),
                grouped(c.errors()).c_str(), grouped(c.refused()).c_str(), hubCpu.c_str(), hubRss.c_str());
}

} // namespace regiebord::load
