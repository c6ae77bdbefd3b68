#pragma once
// What the screens show, computed from a board without any UI calls, so it
// can be tested on its own: counts, shares against the national norms,
// orderings and the next meeting.

#include "model.hpp"
#include "snapshot.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <string_view>
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
/// What the Escalaties list shows: the open ones (as above), then the held-over
/// (aangehouden) ones, which wait for a follow-up decision, in the same order.
std::vector<const Escalation*> unresolvedEscalationsSorted(const BoardData& board);
/// The first meeting that starts at or after now - 12 h (a meeting in progress still counts).
const Meeting* nextMeeting(const BoardData& board, std::chrono::system_clock::time_point now);
/// The meeting the Vergadering screen shows: the next one (see nextMeeting), or
/// when none is planned the latest one held, so that its decisions stay at hand.
const Meeting* meetingToShow(const BoardData& board, std::chrono::system_clock::time_point now);
/// Realised share of the target, clamped to [0, 1].
double progressFraction(const Agreement& agreement);

/// The Afspraken screen's filter chips: each unset value means "all".
struct AgreementFilter {
    std::optional<std::string> party; ///< owner or one of the parties
    std::optional<Theme> theme;
    std::optional<AgreementStatus> status;
    bool empty() const { return !party && !theme && !status; }
    bool operator==(const AgreementFilter&) const = default;
};
bool matches(const Agreement& agreement, const AgreementFilter& filter);
std::vector<const Agreement*> filterAgreements(const BoardData& board, const AgreementFilter& filter);
/// Themes and parties that occur in the board's agreements, in board order (the chips on offer).
std::vector<Theme> themesInUse(const BoardData& board);
std::vector<const Party*> partiesInUse(const BoardData& board);
/// Escalations about an agreement (any status), most recent first.
std::vector<const Escalation*> escalationsFor(const BoardData& board, const std::string& agreementId);

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
    DecidedElsewhere,
    HeldOver ///< decided "aangehouden" (here or elsewhere): open for a follow-up decision
};
DecisionView decisionView(const Escalation& escalation, const Snapshot& snapshot,
                          const std::string& submittedKey);

/// Days from today (UTC) to a YYYY-MM-DD date: 0 on the day itself, negative
/// once it has passed; nullopt when the text is not a valid date.
std::optional<int> daysUntil(std::string_view isoDate, std::chrono::system_clock::time_point now);

/// Vroegsignalering: an agreement that will miss its target on what is
/// committed so far, and that nobody has escalated yet.
struct EarlyWarning {
    const Agreement* agreement = nullptr;
    double forecast = 0;         ///< realised + in progress; planned is not committed and does not count
    double target = 0;           ///< target.quantity (> 0)
    double shortfall = 0;        ///< target - forecast (> 0)
    double shortfallShare = 0;   ///< shortfall / target, in (0, 1]
    std::optional<int> daysLeft; ///< see daysUntil(); nullopt for an unreadable deadline
    bool overdue = false;        ///< the deadline has passed with the target unmet
};

/// Agreements whose forecast (realised + in progress) falls short of the
/// target, that are not gerealiseerd or vervallen, and that have no open or
/// aangehouden escalation linked to them. A decided or withdrawn escalation
/// does not count: if the gap remains after the decision, it shows again.
/// Agreements whose deadline already passed unmet are included, however long
/// ago, marked overdue: a missed target that nobody escalated or closed (by
/// setting it vervallen or gerealiseerd) is exactly what this list is for.
/// A target of zero or less cannot fall short. Sorted by shortfall share
/// (largest first), then by deadline (soonest first, unreadable last), then id.
std::vector<EarlyWarning> earlyWarnings(const BoardData& board, std::chrono::system_clock::time_point now);

/// One line of a meeting's decision list, from the hub or still in this kiosk's outbox.
struct MeetingDecision {
    DecisionRequest request;
    const Escalation* escalation = nullptr; ///< null when the escalation left the board
    std::optional<OutboxState> outboxState; ///< set when the hub does not list it yet
    const AgendaItem* item = nullptr;       ///< the agenda item decided, for a decision on one
};

/// The agenda item of the meeting a decision is on; null for a decision on an escalation.
const AgendaItem* agendaItemOf(const Meeting& meeting, const DecisionRequest& request);

/// The decisions taken in a meeting (request.meetingId == meeting id), in the
/// order they were taken: the hub's decisions plus this kiosk's outbox items
/// the hub does not list yet (same idempotency key = the same decision). An
/// outbox conflict is left out when the hub holds a decision on that escalation.
std::vector<MeetingDecision> meetingDecisions(const Snapshot& snapshot, const Meeting& meeting);

/// An open action on the Acties screen: the hub's, or one that a decision still in this
/// kiosk's outbox adds (pending until the hub lists that decision).
struct OpenAction {
    Action action;
    std::optional<int> daysLeft; ///< until its due date (daysUntil); negative: overdue
    bool pending = false;        ///< from a decision in the outbox, not on the hub yet
    bool overdue() const { return daysLeft && *daysLeft < 0; }
};

/// One owner's open actions, the soonest due first.
struct OwnerActions {
    std::string owner;            ///< party id
    const Party* party = nullptr; ///< null when the party left the board
    std::vector<OpenAction> actions;
    int overdue = 0;
};

/// The open actions by owner: owners with overdue actions first (most first), then by
/// name; within an owner by due date. A decision in the outbox that adds an action shows
/// it as pending; a stopped one (conflict, needs attention) does not.
std::vector<OwnerActions> openActionsByOwner(const Snapshot& snapshot,
                                             std::chrono::system_clock::time_point now);

/// The open actions not agreed in `meeting` (those it reviews as its own agenda item):
/// how many, and how many of them are overdue.
struct ActionReview {
    int open = 0;
    int overdue = 0;
};
ActionReview actionsToReview(const Snapshot& snapshot, const Meeting& meeting,
                             std::chrono::system_clock::time_point now);

} // namespace regiebord::ui
