#pragma once
// What the screens show, computed from a board without any UI calls, so it
// can be tested on its own: counts, shares against the national norms,
// orderings and the next meeting.

#include "model.hpp"
#include "snapshot.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <vector>

namespace regiebord::ui {

inline constexpr double kAffordableNorm = 2.0 / 3.0; ///< national aim: two thirds affordable
inline constexpr double kSocialRentNorm = 0.30;      ///< at least 30% social rent

struct ProductionSummary {
    int year = 0;
    std::int64_t planned = 0;
    std::int64_t realised = 0;
    std::int64_t realisedAffordable = 0; ///< social rent + mid-market rent + affordable ownership
    std::int64_t realisedSocial = 0;
    double affordableShare() const { return realised ? double(realisedAffordable) / double(realised) : 0.0; }
    double socialShare() const { return realised ? double(realisedSocial) / double(realised) : 0.0; }
};

/// Counts per AgreementStatus, indexed by the enum.
std::array<int, 5> countByStatus(const BoardData& board);
/// Open escalations per EscalationLevel, indexed by the enum.
std::array<int, 4> openByLevel(const BoardData& board);
/// Production of one year; the latest year with realised homes when year is 0.
std::optional<ProductionSummary> production(const BoardData& board, int year = 0);
/// Open escalations, most severe first, then oldest first.
std::vector<const Escalation*> openEscalationsSorted(const BoardData& board);
/// The first meeting that starts at or after now - 12 h (a meeting in progress still counts).
const Meeting* nextMeeting(const BoardData& board, std::chrono::system_clock::time_point now);
/// Realised share of the target, clamped to [0, 1].
double progressFraction(const Agreement& agreement);

/// How an escalation's decision stands for the room, combining hub and outbox.
enum class DecisionView {
    Open,
    Recording,
    Pending,
    Sending,
    Confirmed,
    Conflict,
    NeedsAttention,
    Refused,
    DecidedElsewhere
};
DecisionView decisionView(const Escalation& escalation, const Snapshot& snapshot,
                          const std::string& submittedKey);

} // namespace regiebord::ui
