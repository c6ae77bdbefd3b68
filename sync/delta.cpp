#include "json_text.hpp"
#include "protocol.hpp"
#include "protocol_reader.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

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
    forEachKind(
        [&](const auto& k) { rows(k.name, [&](const Node& n) { (u.*k.list).push_back(k.read(n)); }); });
    root.each("deletions", [&](const Node& n) {
        const Node kindNode = n.field("kind");
        const std::string kind = kindNode.asString(32, false);
        bool byId = false;
        bool known = false;
        forEachKind([&](const auto& k) {
            if (k.name != kind) return;
            known = true;
            byId = k.keyedById;
        });
        if (!known) kindNode.fail("unknown object kind \"" + kind + "\"");
        const Node idNode = n.field("id");
        const std::string id = byId ? idNode.asId() : idNode.asString(64, false);
        d.deletions.emplace_back(kind, id);
    });
    root.each("decisions", [&](const Node& n) { u.decisions.push_back(readDecision(n)); });
    return d;
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
    forEachKind([&](const auto& k) { upsertIndexed(b.*k.list, u.*k.list, index.*k.index); });
    upsertIndexed(b.decisions, u.decisions, index.decisions);
}

/// The references of the changed objects only (the rest was checked before): against
/// the index, and the objects upserted with them.
void checkChangedReferences(const BoardDelta& delta, const BoardIndex& index) {
    const BoardData& u = delta.upserts;
    std::unordered_map<std::string_view, std::unordered_set<std::string>> added; // kind -> keys upserted now
    forEachKind([&](const auto& k) {
        auto& keys = added[k.name];
        for (const auto& object : u.*k.list)
            keys.insert(keyOf(object));
    });
    const std::function<bool(std::string_view, std::string_view)> exists = [&](std::string_view kind,
                                                                               std::string_view id) {
        bool found = false;
        forEachKind([&](const auto& k) {
            if (!found && k.name == kind) found = (index.*k.index).contains(std::string(id));
        });
        if (found) return true;
        const auto it = added.find(kind);
        return it != added.end() && it->second.contains(std::string(id));
    };
    checkReferences(u, {.prefix = "/upserts", .exists = exists, .boardOptions = &index.options});
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
    forEachKind([&](const auto& k) { indexList(b.*k.list, index.*k.index); });
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
        forEachKind([&](const auto& k) {
            const auto& ids = gone[std::string(k.name)];
            if (!ids.empty())
                (b.*k.list).eraseIf([&](const auto& item) { return ids.contains(keyOf(item)); });
        });
        BoardIndex fresh = BoardIndex::build(b);
        upsertAll(b, u, fresh);
        requireUniqueIds(b);
        checkReferences(b);
        index = BoardIndex::build(b);
        return b;
    });
}

} // namespace regiebord
