#include "meetings.hpp"

#include "dates.hpp"

#include <utility>

namespace regiebord {

bool inSession(std::string_view startsAt, std::chrono::system_clock::time_point at) {
    const auto start = parseTimestamp(startsAt);
    return start && at >= *start - std::chrono::minutes(30) && at <= *start + std::chrono::hours(8);
}

const Meeting* meetingInSession(const BoardData& board, std::chrono::system_clock::time_point at) {
    const Meeting* found = nullptr;
    std::chrono::system_clock::time_point foundStart{};
    for (const auto& m : board.meetings) {
        if (!inSession(m.startsAt, at)) continue;
        const auto start = parseTimestamp(m.startsAt).value();
        if (!found || start > foundStart) {
            found = &m;
            foundStart = start;
        }
    }
    return found;
}

std::string actionIdOf(const Decision& decision) {
    return "act-" + decision.id;
}

Action actionFrom(const Decision& decision) {
    return actionFrom(decision.request, actionIdOf(decision), decision.receivedAt);
}

Action actionFrom(const DecisionRequest& r, std::string id, std::string createdAt) {
    Action a;
    a.id = std::move(id);
    if (r.action) {
        a.title = r.action->title;
        a.owner = r.action->owner;
        a.due = r.action->due;
    }
    a.status = ActionStatus::Open;
    a.meeting = r.meetingId;
    a.agendaItem = r.agendaItem;
    if (!r.escalationId.empty()) a.escalation = r.escalationId;
    a.createdAt = std::move(createdAt);
    return a;
}

} // namespace regiebord
