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
