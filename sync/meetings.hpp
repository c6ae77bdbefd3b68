#pragma once
// Meetings in session and what their decisions add to a board: shared by the hub
// (which files a decision under the meeting in session and adds its action) and the
// kiosk (which shows the meeting and its decisions before the hub confirms them).

#include "model.hpp"

#include <chrono>
#include <string_view>

namespace regiebord {

/// A meeting is in session from half an hour before its start until eight hours after.
bool inSession(std::string_view startsAt, std::chrono::system_clock::time_point at);

/// The board's meeting in session at `at` (of two, the one that started last); null if none.
const Meeting* meetingInSession(const BoardData& board, std::chrono::system_clock::time_point at);

/// The id of the action a decision adds (decision.request.action): "act-" + the decision's id.
std::string actionIdOf(const Decision& decision);

/// The action a decision with request.action adds to the board: open, from the decision's
/// meeting, agenda item and escalation, created when the hub received the decision.
Action actionFrom(const Decision& decision);
/// The same from a request alone, with the id and creation time given (the kiosk shows the
/// action of a decision still in its outbox this way).
Action actionFrom(const DecisionRequest& request, std::string id, std::string createdAt);

} // namespace regiebord
