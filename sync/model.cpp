#include "model.hpp"

#include <algorithm>

namespace regiebord {

namespace {
template <typename T> const T* findById(const ChunkedList<T>& items, std::string_view id) {
    const auto it = std::find_if(items.begin(), items.end(), [id](const T& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}
} // namespace

const Party* BoardData::findParty(std::string_view id) const {
    return findById(parties, id);
}
const Agreement* BoardData::findAgreement(std::string_view id) const {
    return findById(agreements, id);
}
const Escalation* BoardData::findEscalation(std::string_view id) const {
    return findById(escalations, id);
}
std::string subjectOf(const DecisionRequest& request) {
    if (request.agendaItem) return request.meetingId.value_or("") + "#" + std::to_string(*request.agendaItem);
    return request.escalationId;
}

bool outcomeFits(const DecisionRequest& request) {
    switch (request.outcome) {
    case Outcome::Aangehouden:
    case Outcome::Doorverwezen:
        return true;
    case Outcome::Option:
    case Outcome::Akkoord:
    case Outcome::Afgewezen:
        return !request.agendaItem;
    case Outcome::Vastgesteld:
    case Outcome::Aangenomen:
    case Outcome::Verworpen:
        return request.agendaItem.has_value();
    }
    return false;
}

bool closesSubject(const DecisionRequest& request) {
    if (request.outcome == Outcome::Aangehouden) return false;
    return !(request.outcome == Outcome::Doorverwezen && !request.agendaItem);
}

std::optional<EscalationLevel> nextLevel(EscalationLevel level) {
    if (level == EscalationLevel::Geschillen) return std::nullopt;
    return static_cast<EscalationLevel>(static_cast<int>(level) + 1);
}

const Meeting* BoardData::findMeeting(std::string_view id) const {
    return findById(meetings, id);
}
const Definition* BoardData::findDefinition(std::string_view id) const {
    return findById(definitions, id);
}
const Project* BoardData::findProject(std::string_view id) const {
    return findById(projects, id);
}

} // namespace regiebord
