#pragma once
// What regiebord-hub-load prints at the end: the reach of every board change, and the
// summary lines and the Markdown table row.

#include "load_control.hpp"
#include "load_kiosk.hpp"
#include "load_stats.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::load {

/// How far one change got among the kiosks.
struct Reach {
    std::size_t eligible = 0;       ///< kiosks whose connection was due when the change was made
    std::size_t reached = 0;        ///< of them, those that fetched it (or a later seq)
    std::size_t withinInterval = 0; ///< fetched by a poll sent within one poll interval after the change
    Clock::duration slowest{};      ///< from the change to the last of those answers
    bool judged = false;            ///< the run went on for an interval after it (answers may come later)
};

Reach reachOf(const ChangeEvent& change, const std::vector<std::unique_ptr<LoadKiosk>>& kiosks,
              Clock::duration poll, Clock::time_point end);

struct RunFacts {
    std::size_t kiosks = 0;
    Clock::duration poll{}, heartbeat{}, ramp{}, timeout{};
    Clock::time_point start, end;
    std::int64_t openAtEnd = 0, maxOpen = 0;
    std::uint64_t skippedDecisions = 0;
    std::uint64_t decisionsAcknowledged = 0;
    std::uint64_t decisionRetries = 0;
};

/// Prints the summary to stdout; the last line is the Markdown table row.
void printReport(const RunFacts& run, const Stats& stats, const std::vector<ChangeEvent>& changes,
                 const std::vector<std::unique_ptr<LoadKiosk>>& kiosks, const ProcessWatch* hub,
                 const ProcessWatch& self, const LatencySeries& loopLag);

/// The table's header and separator lines (bench/hub_load.sh prints them once).
std::string tableHeader();

} // namespace regiebord::load
