#include "json_text.hpp"
#include "protocol.hpp"
#include "protocol_reader.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>

// Delta sync: reading GET .../changes answers and applying them to a board
// through an index, so that a small change costs little on a large board.

namespace regiebord {

using namespace detail; // the shared reader

std::string objectRowId(const json& item) {
    if (item.contains("id") && item["id"].is_string()) return item["id"].get<std::string>();
    if (item.contains("year") && item["year"].is_number_integer() && item.contains("segment") &&
        item["segment"].is_string())
        return std::to_string(item["year"].get<int>()) + "-" + item["segment"].get<std::string>();
    return {};
}

std::string objectRowId(const json& item, std::size_t position) {
    std::string id = objectRowId(item);
    return id.empty() ? "#" + std::to_string(position) : id;
}

namespace {

constexpr std::array<std::string_view, 7> kDeltaKinds{"parties",    "definitions", "agreements", "projects",
                                                      "production", "escalations", "meetings"};

BoardDelta readDelta(const Node& root) {
    BoardDelta d;
    const Node format = root.field("format");
    if (format.asString(64, false) != kChangesFormat)
        format.fail("expected \"" + std::string(kChangesFormat) + "\"");
    d.since = root.integer("since", 0, INT64_MAX);
    d.seq = root.integer("seq", 0, INT64_MAX);
    if (d.seq <= d.since) root.field("seq").fail("must be greater than since");
    d.generatedAt = root.timestamp("generated_at");
    const Node board = root.field("board");
    d.board.id = board.id("id");
    d.board.name = board.string("name", kName);
    d.board.region = board.string("region", kName, true);
    d.board.demo = board.boolean("demo");
    d.board.notice = board.optionalString("notice", kText).value_or("");
    const Node upserts = root.field("upserts");
    BoardData& u = d.upserts;
    auto rows = [&](std::string_view kind, auto&& read) {
        upserts.each(kind, [&](const Node& n) {
            read(n);
            d.rows.push_back({std::string(kind), objectRowId(n.raw()), jsonText(n.raw())});
        });
    };
    rows("parties", [&](const Node& n) { u.parties.push_back(readParty(n)); });
    rows("definitions", [&](const Node& n) { u.definitions.push_back(readDefinition(n)); });
    rows("agreements", [&](const Node& n) { u.agreements.push_back(readAgreement(n)); });
    rows("projects", [&](const Node& n) { u.projects.push_back(readProject(n)); });
    rows("production", [&](const Node& n) { u.production.push_back(readProduction(n)); });
    rows("escalations", [&](const Node& n) { u.escalations.push_back(readEscalation(n)); });
    rows("meetings", [&](const Node& n) { u.meetings.push_back(readMeeting(n)); });
    root.each("deletions", [&](const Node& n) {
        const Node kindNode = n.field("kind");
        const std::string kind = kindNode.asString(32, false);
        if (std::find(kDeltaKinds.begin(), kDeltaKinds.end(), kind) == kDeltaKinds.end())
            kindNode.fail("unknown object kind \"" + kind + "\"");
        const Node idNode = n.field("id");
        const std::string id = kind == "production" ? idNode.asString(64, false) : idNode.asId();
        d.deletions.emplace_back(kind, id);
    });
    root.each("decisions", [&](const Node& n) { u.decisions.push_back(readDecision(n)); });
    return d;
}

std::string productionKey(const ProductionFigure& f) {
    return std::to_string(f.year) + "-" + std::string(toWire(f.segment));
}
template <typename T> std::string keyOf(const T& item) {
    return item.id;
}
template <> std::string keyOf(const ProductionFigure& f) {
    return productionKey(f);
}

template <typename T>
void indexList(const ChunkedList<T>& list, std::unordered_map<std::string, std::size_t>& index) {
    index.clear();
    index.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        index.emplace(keyOf(list[i]), i);
}

/// Replaces or appends items by key, using and updating the index: O(changes).
template <typename T>
void upsertIndexed(ChunkedList<T>& target, const ChunkedList<T>& changes,
                   std::unordered_map<std::string, std::size_t>& index) {
    for (const auto& item : changes) {
        std::string key = keyOf(item);
        const auto it = index.find(key);
        if (it != index.end()) {
            target.set(it->second, item);
        } else {
            index.emplace(std::move(key), target.size());
            target.push_back(item);
        }
    }
}

/// Every kind of a delta's upserts into the board, through the index.
void upsertAll(BoardData& b, const BoardData& u, BoardIndex& index) {
    upsertIndexed(b.parties, u.parties, index.parties);
    upsertIndexed(b.definitions, u.definitions, index.definitions);
    upsertIndexed(b.agreements, u.agreements, index.agreements);
    upsertIndexed(b.projects, u.projects, index.projects);
    upsertIndexed(b.production, u.production, index.production);
    upsertIndexed(b.escalations, u.escalations, index.escalations);
    upsertIndexed(b.meetings, u.meetings, index.meetings);
    upsertIndexed(b.decisions, u.decisions, index.decisions);
}

/// Ids known after the delta: in the index (and not deleted) or upserted now.
struct Known {
    const std::unordered_map<std::string, std::size_t>& indexed;
    std::set<std::string> added;
    bool contains(const std::string& id) const { return indexed.contains(id) || added.contains(id); }
};

template <typename T>
Known known(const std::unordered_map<std::string, std::size_t>& index, const ChunkedList<T>& upserts) {
    Known k{index, {}};
    for (const auto& item : upserts)
        k.added.insert(keyOf(item));
    return k;
}

/// The references of the changed objects only (the rest was checked before).
void checkChangedReferences(const BoardDelta& delta, const BoardIndex& index) {
    const BoardData& u = delta.upserts;
    const Known parties = known(index.parties, u.parties);
    const Known definitions = known(index.definitions, u.definitions);
    const Known projects = known(index.projects, u.projects);
    const Known agreements = known(index.agreements, u.agreements);
    const Known meetings = known(index.meetings, u.meetings);
    const Known escalations = known(index.escalations, u.escalations);
    auto need = [](const Known& k, const std::string& id, const std::string& path) {
        if (!k.contains(id)) throw Rejected(path, "unknown reference \"" + id + "\"");
    };
    for (std::size_t i = 0; i < u.definitions.size(); ++i)
        for (std::size_t j = 0; j < u.definitions[i].agreedBy.size(); ++j)
            need(parties, u.definitions[i].agreedBy[j],
                 "/upserts/definitions/" + std::to_string(i) + "/agreed_by/" + std::to_string(j));
    for (std::size_t i = 0; i < u.agreements.size(); ++i) {
        const auto& a = u.agreements[i];
        const std::string p = "/upserts/agreements/" + std::to_string(i);
        need(parties, a.owner, p + "/owner");
        for (const auto& x : a.parties)
            need(parties, x, p + "/parties");
        for (const auto& x : a.definitions)
            need(definitions, x, p + "/definitions");
        for (const auto& x : a.projects)
            need(projects, x, p + "/projects");
    }
    for (std::size_t i = 0; i < u.projects.size(); ++i) {
        const std::string p = "/upserts/projects/" + std::to_string(i);
        need(parties, u.projects[i].municipality, p + "/municipality");
        if (u.projects[i].developer) need(parties, *u.projects[i].developer, p + "/developer");
    }
    std::map<std::string, std::string> deltaOptions; // option id -> escalation id, within this delta
    for (std::size_t i = 0; i < u.escalations.size(); ++i) {
        const auto& e = u.escalations[i];
        const std::string p = "/upserts/escalations/" + std::to_string(i);
        need(parties, e.raisedBy, p + "/raised_by");
        if (e.agreement) need(agreements, *e.agreement, p + "/agreement");
        if (e.project) need(projects, *e.project, p + "/project");
        if (e.meeting) need(meetings, *e.meeting, p + "/meeting");
        std::set<std::string_view> own;
        for (std::size_t j = 0; j < e.options.size(); ++j) {
            const auto& o = e.options[j];
            // Option ids are unique on the whole board, as checkReferences requires of a snapshot:
            // within this escalation, against the board's other escalations, and against the
            // other escalations of this delta (the same escalation twice in it is one escalation).
            if (!own.insert(o.id).second)
                throw Rejected(p + "/options/" + std::to_string(j) + "/id", "duplicate option id \"" + o.id + "\"");
            const auto owner = index.options.find(o.id);
            if (owner != index.options.end() && owner->second != e.id)
                throw Rejected(p + "/options", "option id \"" + o.id + "\" belongs to " + owner->second);
            const auto [other, fresh] = deltaOptions.emplace(o.id, e.id);
            if (!fresh && other->second != e.id)
                throw Rejected(p + "/options", "option id \"" + o.id + "\" belongs to " + other->second);
        }
    }
    for (std::size_t i = 0; i < u.meetings.size(); ++i)
        for (const auto& item : u.meetings[i].agenda) {
            const std::string p = "/upserts/meetings/" + std::to_string(i) + "/agenda";
            if (item.escalation) need(escalations, *item.escalation, p);
            if (item.agreement) need(agreements, *item.agreement, p);
        }
    for (std::size_t i = 0; i < u.decisions.size(); ++i)
        need(escalations, u.decisions[i].request.escalationId,
             "/decisions/" + std::to_string(i) + "/escalation_id");
}

} // namespace

Parsed<BoardDelta> parseChanges(std::string_view text, const Limits& limits) {
    return guarded<BoardDelta>([&] {
        const json doc = parseJson(text, limits);
        return readDelta(Node(doc, "", limits));
    });
}

BoardIndex BoardIndex::build(const BoardData& b) {
    BoardIndex index;
    indexList(b.parties, index.parties);
    indexList(b.definitions, index.definitions);
    indexList(b.agreements, index.agreements);
    indexList(b.projects, index.projects);
    indexList(b.production, index.production);
    indexList(b.escalations, index.escalations);
    indexList(b.meetings, index.meetings);
    indexList(b.decisions, index.decisions);
    for (const auto& e : b.escalations)
        for (const auto& o : e.options)
            index.options.emplace(o.id, e.id);
    return index;
}

Parsed<BoardData> applyDelta(const BoardData& base, const BoardDelta& delta, BoardIndex& index) {
    return guarded<BoardData>([&] {
        if (delta.since != base.seq)
            throw Rejected("/since", "delta starts at " + std::to_string(delta.since) + ", the board is at " +
                                         std::to_string(base.seq));
        if (delta.board.id != base.board.id) throw Rejected("/board/id", "delta is for another board");
        BoardData b = base; // shares every chunk: cheap
        b.board = delta.board;
        b.seq = delta.seq;
        b.generatedAt = delta.generatedAt;
        const BoardData& u = delta.upserts;

        if (delta.deletions.empty()) {
            // The common case: validate what changed against the index, then apply: O(changes).
            checkChangedReferences(delta, index);
            upsertAll(b, u, index);
            for (const auto& e : u.escalations)
                for (const auto& o : e.options)
                    index.options.emplace(o.id, e.id);
            return b;
        }

        // Deletions (rare) shift positions: apply, check the whole board, re-index.
        std::map<std::string, std::set<std::string>> gone;
        for (const auto& [kind, id] : delta.deletions)
            gone[kind].insert(id);
        auto drop = [&](auto& list, const std::string& kind) {
            const auto& ids = gone[kind];
            if (!ids.empty()) list.eraseIf([&](const auto& item) { return ids.contains(keyOf(item)); });
        };
        drop(b.parties, "parties");
        drop(b.definitions, "definitions");
        drop(b.agreements, "agreements");
        drop(b.projects, "projects");
        drop(b.production, "production");
        drop(b.escalations, "escalations");
        drop(b.meetings, "meetings");
        BoardIndex fresh = BoardIndex::build(b);
        upsertAll(b, u, fresh);
        requireUniqueIds(b.parties, "/parties");
        requireUniqueIds(b.escalations, "/escalations");
        checkReferences(b);
        index = BoardIndex::build(b);
        return b;
    });
}

} // namespace regiebord
