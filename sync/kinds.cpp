#include "kinds.hpp"

#include "protocol_reader.hpp"

#include <set>

namespace regiebord {

using detail::Rejected;

bool isBoardKind(std::string_view name) {
    bool found = false;
    forEachKind([&](const auto& kind) { found = found || kind.name == name; });
    return found;
}

std::string keyOf(const ProductionFigure& figure) {
    return std::to_string(figure.year) + "-" + std::string(toWire(figure.segment));
}

namespace {

/// "/agreements/3/parties/1", "/meetings/0/agenda/2/escalation": built only for an error.
std::string pointer(std::string_view prefix, std::string_view kind, std::size_t object,
                    std::string_view field, std::size_t position) {
    std::string path = std::string(prefix) + "/" + std::string(kind) + "/" + std::to_string(object) + "/";
    const auto hash = field.find('#');
    if (hash != std::string_view::npos) {
        path += std::string(field.substr(0, hash)) + std::to_string(position) +
                std::string(field.substr(hash + 1));
    } else {
        path += field;
        if (position != kNotInList) path += "/" + std::to_string(position);
    }
    return path;
}

/// Option ids are unique on the whole board: within an escalation, against the board's
/// other escalations (boardOptions), and among the escalations checked here (the same
/// escalation twice in a delta is one escalation).
void checkOptionIds(const ChunkedList<Escalation>& escalations, const ReferenceScope& scope) {
    std::unordered_map<std::string_view, std::string_view> seen; // option id -> escalation id
    for (std::size_t i = 0; i < escalations.size(); ++i) {
        const auto& e = escalations[i];
        std::set<std::string_view> own;
        for (std::size_t j = 0; j < e.options.size(); ++j) {
            const auto& o = e.options[j];
            const std::string path = std::string(scope.prefix) + "/escalations/" + std::to_string(i) +
                                     "/options/" + std::to_string(j) + "/id";
            if (!own.insert(o.id).second) throw Rejected(path, "duplicate option id \"" + o.id + "\"");
            if (scope.boardOptions != nullptr) {
                const auto owner = scope.boardOptions->find(o.id);
                if (owner != scope.boardOptions->end() && owner->second != e.id)
                    throw Rejected(path, "option id \"" + o.id + "\" belongs to " + owner->second);
            }
            const auto [other, fresh] = seen.emplace(o.id, e.id);
            if (!fresh && other->second != e.id)
                throw Rejected(path, "option id \"" + o.id + "\" belongs to " + std::string(other->second));
        }
    }
}

} // namespace

void checkReferences(const BoardData& objects, const ReferenceScope& scope) {
    forEachKind([&](const auto& kind) {
        const auto& list = objects.*kind.list;
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto need = [&](std::string_view target, std::string_view id, std::string_view field,
                            std::size_t position) {
                if (!scope.exists(target, id))
                    throw Rejected(pointer(scope.prefix, kind.name, i, field, position),
                                   "unknown reference \"" + std::string(id) + "\"");
            };
            referencesOf(list[i], need);
        }
    });
    checkOptionIds(objects.escalations, scope);
    for (std::size_t i = 0; i < objects.decisions.size(); ++i) {
        // A decision names its escalation, or the meeting of its agenda item.
        const DecisionRequest& r = objects.decisions[i].request;
        const bool onEscalation = !r.agendaItem;
        const std::string& id = onEscalation ? r.escalationId : *r.meetingId;
        if (!scope.exists(onEscalation ? "escalations" : "meetings", id))
            throw Rejected("/decisions/" + std::to_string(i) +
                               (onEscalation ? "/escalation_id" : "/meeting_id"),
                           "unknown reference \"" + id + "\"");
    }
}

} // namespace regiebord
