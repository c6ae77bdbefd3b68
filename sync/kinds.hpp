#pragma once
// The kinds of object a board holds, in one registry: the member of a board
// document that lists them, their list in BoardData and in BoardIndex, their
// reader, the key of their rows in the stores, and the references they make.
// The codec (protocol.cpp), delta sync (delta.cpp), the one reference check
// (kinds.cpp), the kiosk's cache (cache_store.cpp) and the hub's store
// (server/hub_store.cpp) all go through it.
//
// Adding a kind (docs/architecture.md, "How to add a kind"): its struct in model.hpp
// and its list in BoardData, its map in BoardIndex (protocol.hpp), its reader and
// toJson (protocol.cpp), a referencesOf() overload below, and one entry in
// boardKinds(). Decisions are not a kind: they are made on the hub, not imported, and
// live in their own table there.

#include "model.hpp"
#include "protocol.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace regiebord {

namespace detail {
class Node;
Party readParty(const Node& n);
Definition readDefinition(const Node& n);
Agreement readAgreement(const Node& n);
Project readProject(const Node& n);
ProductionFigure readProduction(const Node& n);
Escalation readEscalation(const Node& n);
Meeting readMeeting(const Node& n);
Action readAction(const Node& n);
} // namespace detail

using RowIndex = std::unordered_map<std::string, std::size_t>;

template <typename T> struct Kind {
    using Object = T;
    std::string_view name;           ///< member of board documents, row kind in the stores
    ChunkedList<T> BoardData::*list; ///< the objects of a board
    RowIndex BoardIndex::*index;     ///< row key -> position, kept beside the sync engine's board
    T (*read)(const detail::Node&);  ///< the checked reader
    bool keyedById = true; ///< false: rows keyed "year-segment" (production), ids not unique-checked
};

/// Every kind, in document order.
inline const auto& boardKinds() {
    static const auto kinds = std::make_tuple(
        Kind<Party>{"parties", &BoardData::parties, &BoardIndex::parties, &detail::readParty},
        Kind<Definition>{"definitions", &BoardData::definitions, &BoardIndex::definitions,
                         &detail::readDefinition},
        Kind<Agreement>{"agreements", &BoardData::agreements, &BoardIndex::agreements,
                        &detail::readAgreement},
        Kind<Project>{"projects", &BoardData::projects, &BoardIndex::projects, &detail::readProject},
        Kind<ProductionFigure>{"production", &BoardData::production, &BoardIndex::production,
                               &detail::readProduction, false},
        Kind<Escalation>{"escalations", &BoardData::escalations, &BoardIndex::escalations,
                         &detail::readEscalation},
        Kind<Meeting>{"meetings", &BoardData::meetings, &BoardIndex::meetings, &detail::readMeeting},
        Kind<Action>{"actions", &BoardData::actions, &BoardIndex::actions, &detail::readAction});
    return kinds;
}

/// Calls fn(kind) for every kind, in document order.
template <typename Fn> void forEachKind(Fn&& fn) {
    std::apply([&](const auto&... kind) { (fn(kind), ...); }, boardKinds());
}

/// Objects of this type have an "id" (all kinds but production figures).
template <typename T> inline constexpr bool kHasId = requires(const T& object) {
    object.id;
};

/// A name of boardKinds()?
bool isBoardKind(std::string_view name);

/// The key of an object's row in the stores and in BoardIndex: its id, or
/// "year-segment" for a production figure.
template <typename T> std::string keyOf(const T& object) {
    return object.id;
}
std::string keyOf(const ProductionFigure& figure);

// --- references ------------------------------------------------------------------------
// referencesOf(object, need) calls need(kind, id, field, position) for every object the
// object names: the kind it must be, its id, the member ("owner") and, in a list, the
// position (npos otherwise). The one check (checkReferences) turns them into errors.

inline constexpr std::size_t kNotInList = static_cast<std::size_t>(-1);

template <typename Need, typename List>
void eachReference(Need& need, std::string_view kind, const List& ids, std::string_view field) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        need(kind, std::string_view(ids[i]), field, i);
}
template <typename Need>
void optionalReference(Need& need, std::string_view kind, const std::optional<std::string>& id,
                       std::string_view field) {
    if (id) need(kind, std::string_view(*id), field, kNotInList);
}

template <typename Need> void referencesOf(const Party&, Need&) {}
template <typename Need> void referencesOf(const ProductionFigure&, Need&) {}
template <typename Need> void referencesOf(const Definition& d, Need& need) {
    eachReference(need, "parties", d.agreedBy, "agreed_by");
}
template <typename Need> void referencesOf(const Agreement& a, Need& need) {
    need("parties", std::string_view(a.owner), "owner", kNotInList);
    eachReference(need, "parties", a.parties, "parties");
    eachReference(need, "definitions", a.definitions, "definitions");
    eachReference(need, "projects", a.projects, "projects");
}
template <typename Need> void referencesOf(const Project& p, Need& need) {
    need("parties", std::string_view(p.municipality), "municipality", kNotInList);
    optionalReference(need, "parties", p.developer, "developer");
}
template <typename Need> void referencesOf(const Escalation& e, Need& need) {
    need("parties", std::string_view(e.raisedBy), "raised_by", kNotInList);
    optionalReference(need, "agreements", e.agreement, "agreement");
    optionalReference(need, "projects", e.project, "project");
    optionalReference(need, "meetings", e.meeting, "meeting");
}
template <typename Need> void referencesOf(const Meeting& m, Need& need) {
    for (std::size_t i = 0; i < m.agenda.size(); ++i) {
        // "agenda/<i>/escalation": the position sits between the list and the member.
        const auto& item = m.agenda[i];
        if (item.escalation)
            need("escalations", std::string_view(*item.escalation), "agenda/#/escalation", i);
        if (item.agreement) need("agreements", std::string_view(*item.agreement), "agenda/#/agreement", i);
    }
}

template <typename Need> void referencesOf(const Action& a, Need& need) {
    need("parties", std::string_view(a.owner), "owner", kNotInList);
    optionalReference(need, "meetings", a.meeting, "meeting");
    optionalReference(need, "escalations", a.escalation, "escalation");
}

/// Where the objects to check sit, and what they may name.
struct ReferenceScope {
    std::string_view prefix; ///< "" for a board document, "/upserts" for a delta
    /// Is there (after the change) an object of this kind with this key?
    const std::function<bool(std::string_view kind, std::string_view id)>& exists;
    /// Option id -> escalation id of the board the objects join; null for a whole board.
    const std::unordered_map<std::string, std::string>* boardOptions = nullptr;
};

/// The one reference check, for a whole board or a delta's changed objects: every
/// reference of every object in `objects` (and of its decisions, to escalations) must
/// name an object that scope.exists, and option ids must be unique on the board.
/// Throws detail::Rejected at the first that does not, with its JSON pointer.
void checkReferences(const BoardData& objects, const ReferenceScope& scope);

} // namespace regiebord
