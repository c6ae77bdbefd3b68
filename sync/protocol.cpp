#include "protocol.hpp"
#include "json_text.hpp"
#include "protocol_reader.hpp"
#include "text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace regiebord {

using nlohmann::json;

std::string ProtocolError::describe() const {
    return (path.empty() ? std::string("document") : "at " + path) + ": " + message;
}

bool isValidId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

namespace detail {

std::uint32_t parseColor(const Node& owner) {
    Node n = owner.field("color");
    const std::string s = n.asString(7, false);
    if (s.size() != 7 || s[0] != '#') n.fail("expected a colour #rrggbb");
    std::uint32_t value = 0;
    for (std::size_t i = 1; i < 7; ++i) {
        const int digit = hexDigitValue(s[i]);
        if (digit < 0) n.fail("expected a colour #rrggbb");
        value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return value;
}

std::string colorText(std::uint32_t color) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string s = "#";
    for (int shift = 20; shift >= 0; shift -= 4)
        s += hex[(color >> static_cast<unsigned>(shift)) & 0xFU];
    return s;
}

Party readParty(const Node& n) {
    Party p;
    p.id = n.id("id");
    p.kind = n.enumeration<PartyKind>("kind");
    p.name = n.string("name", kName);
    p.shortName = n.string("short_name", 16);
    p.color = parseColor(n);
    return p;
}

Definition readDefinition(const Node& n) {
    Definition d;
    d.id = n.id("id");
    d.term = n.string("term", kName);
    d.text = n.string("text", kText);
    d.criteria = n.stringList("criteria", kText);
    d.validFrom = n.date("valid_from");
    d.agreedBy = n.idList("agreed_by");
    return d;
}

Agreement readAgreement(const Node& n) {
    Agreement a;
    a.id = n.id("id");
    a.title = n.string("title", kName);
    a.theme = n.enumeration<Theme>("theme");
    a.owner = n.id("owner");
    a.parties = n.idList<Interned>("parties");
    a.mandate = n.enumeration<Mandate>("mandate");
    const Node target = n.field("target");
    a.target.quantity = target.nonNegative("quantity");
    a.target.unit = target.string("unit", 40);
    a.target.deadline = target.date("deadline");
    const Node progress = n.field("progress");
    a.progress.realised = progress.nonNegative("realised");
    a.progress.inProgress = progress.nonNegative("in_progress");
    a.progress.planned = progress.nonNegative("planned");
    a.status = n.enumeration<AgreementStatus>("status");
    a.definitions = n.idList<Interned>("definitions");
    a.projects = n.idList<Interned>("projects");
    a.updatedAt = n.timestamp("updated_at");
    a.updatedBy = n.string("updated_by", kName);
    return a;
}

Project readProject(const Node& n) {
    Project p;
    p.id = n.id("id");
    p.name = n.string("name", kName);
    p.municipality = n.id("municipality");
    p.developer = n.optionalId("developer");
    p.phase = n.enumeration<Phase>("phase");
    const Node homes = n.field("homes");
    p.homes.socialeHuur = homes.count("sociale_huur");
    p.homes.middenhuur = homes.count("middenhuur");
    p.homes.betaalbareKoop = homes.count("betaalbare_koop");
    p.homes.vrijeSector = homes.count("vrije_sector");
    p.plannedDelivery = n.date("planned_delivery");
    p.forecastDelivery = n.optionalDate("forecast_delivery");
    return p;
}

ProductionFigure readProduction(const Node& n) {
    ProductionFigure f;
    f.year = static_cast<int>(n.integer("year", 1990, 2100));
    f.segment = n.enumeration<Segment>("segment");
    f.planned = n.count("planned");
    f.realised = n.count("realised");
    return f;
}

Escalation readEscalation(const Node& n) {
    Escalation e;
    e.id = n.id("id");
    e.title = n.string("title", kName);
    e.agreement = n.optionalId("agreement");
    e.project = n.optionalId("project");
    e.raisedBy = n.id("raised_by");
    e.raisedAt = n.timestamp("raised_at");
    e.level = n.enumeration<EscalationLevel>("level");
    e.severity = n.enumeration<Severity>("severity");
    e.question = n.string("question", kText);
    n.each(
        "options",
        [&](const Node& o) {
            EscalationOption option;
            option.id = o.id("id");
            option.label = o.string("label", kName);
            option.description = o.optionalString("description", kText).value_or("");
            e.options.push_back(std::move(option));
        },
        8);
    e.meeting = n.optionalId("meeting");
    e.status = n.enumeration<EscalationStatus>("status");
    n.each(
        "history",
        [&](const Node& h) {
            e.history.push_back({h.timestamp("at"), h.string("text", kText)});
        },
        200);
    return e;
}

Meeting readMeeting(const Node& n) {
    Meeting m;
    m.id = n.id("id");
    m.title = n.string("title", kName);
    m.startsAt = n.timestamp("starts_at");
    m.chair = n.string("chair", kName);
    m.location = n.string("location", kName, true);
    n.each(
        "agenda",
        [&](const Node& a) {
            AgendaItem item;
            item.order = static_cast<int>(a.integer("order", 0, 1000));
            item.title = a.string("title", kName);
            item.escalation = a.optionalId("escalation");
            item.agreement = a.optionalId("agreement");
            m.agenda.push_back(std::move(item));
        },
        200);
    if (n.has("current_item")) {
        const Node c = n.field("current_item");
        CurrentItem current;
        current.order = static_cast<int>(c.integer("order", 0, 1000));
        current.setBy = c.string("set_by", kName);
        current.setAt = c.timestamp("set_at");
        if (std::none_of(m.agenda.begin(), m.agenda.end(),
                         [&](const AgendaItem& item) { return item.order == current.order; }))
            c.field("order").fail("no agenda item of this meeting has order " +
                                  std::to_string(current.order));
        m.current = std::move(current);
    }
    return m;
}

Action readAction(const Node& n) {
    Action a;
    a.id = n.id("id");
    a.title = n.string("title", kName);
    a.owner = n.id("owner");
    a.due = n.date("due");
    a.status = n.enumeration<ActionStatus>("status");
    a.meeting = n.optionalId("meeting");
    if (n.has("agenda_item")) {
        a.agendaItem = static_cast<int>(n.integer("agenda_item", 0, 1000));
        if (!a.meeting) n.field("agenda_item").fail("only allowed with a meeting");
    }
    a.escalation = n.optionalId("escalation");
    a.createdAt = n.timestamp("created_at");
    return a;
}

DecisionRequest readDecisionRequest(const Node& n) {
    DecisionRequest r;
    r.escalationId = n.optionalId("escalation_id").value_or("");
    r.meetingId = n.optionalId("meeting_id");
    if (n.has("agenda_item")) {
        r.agendaItem = static_cast<int>(n.integer("agenda_item", 0, 1000));
        if (!r.escalationId.empty())
            n.field("agenda_item").fail("a decision is on an escalation or an agenda item, not both");
        if (!r.meetingId) n.field("agenda_item").fail("only allowed with a meeting_id");
    } else if (r.escalationId.empty()) {
        n.field("escalation_id").fail("required unless the decision is on an agenda_item");
    }
    r.outcome = n.enumeration<Outcome>("outcome");
    if (!outcomeFits(r))
        n.field("outcome").fail(
            r.agendaItem
                ? "expected vastgesteld, aangenomen, aangehouden, verworpen or doorverwezen for an agenda "
                  "item"
                : "expected option, akkoord, afgewezen, aangehouden or doorverwezen for an escalation");
    r.optionId = n.optionalId("option_id");
    if (r.outcome == Outcome::Option && !r.optionId)
        n.field("option_id").fail("required when outcome is option");
    if (r.outcome != Outcome::Option && r.optionId)
        n.field("option_id").fail("only allowed when outcome is option");
    r.note = n.optionalString("note", kMaxNoteLength).value_or("");
    r.decidedBy = n.string("decided_by", kName);
    r.decidedAt = n.timestamp("decided_at");
    if (n.has("action")) {
        const Node a = n.field("action");
        NewAction action;
        action.title = a.string("title", kName);
        action.owner = a.id("owner");
        action.due = a.date("due");
        r.action = std::move(action);
    }
    return r;
}

Decision readDecision(const Node& n) {
    Decision d;
    d.request = readDecisionRequest(n);
    d.id = n.id("id");
    d.deviceId = n.id("device_id");
    d.receivedAt = n.timestamp("received_at");
    d.idempotencyKey = n.string("idempotency_key", 64);
    return d;
}

namespace {
/// Rejects nesting deeper than maxDepth before the JSON parser builds anything.
void checkDepth(std::string_view text, std::size_t maxDepth) {
    std::size_t depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                throw Rejected("", "nesting deeper than " + std::to_string(maxDepth) + " levels");
        } else if ((c == ']' || c == '}') && depth > 0)
            --depth;
    }
}

} // namespace

json parseJson(std::string_view text, const Limits& limits) {
    if (text.size() > limits.maxDocumentBytes)
        throw Rejected("", "document larger than " + std::to_string(limits.maxDocumentBytes) + " bytes");
    checkDepth(text, limits.maxDepth);
    DuplicateKeys duplicates;
    try {
        return json::parse(text, [&](int depth, json::parse_event_t event, json& parsed) {
            duplicates.onEvent(depth, event, parsed);
            return true;
        });
    } catch (const json::parse_error& e) {
        throw Rejected("", std::string("malformed JSON: ") + e.what());
    }
}

void checkReferences(const BoardData& b) {
    std::unordered_map<std::string_view, std::unordered_set<std::string_view>> ids; // kind -> ids
    forEachKind([&](const auto& kind) {
        using Object = typename std::decay_t<decltype(kind)>::Object;
        if constexpr (kHasId<Object>) {
            auto& set = ids[kind.name];
            for (const auto& object : b.*kind.list)
                set.insert(object.id);
        }
    });
    const std::function<bool(std::string_view, std::string_view)> exists = [&](std::string_view kind,
                                                                               std::string_view id) {
        const auto it = ids.find(kind);
        return it != ids.end() && it->second.contains(id);
    };
    regiebord::checkReferences(b, {.prefix = "", .exists = exists});
}

void requireUniqueIds(const BoardData& b, std::string_view prefix) {
    // Every kind by the key of its rows (kinds.hpp: an id, or "year-segment" for production):
    // two objects with one key would be one row in the stores, the last silently winning.
    forEachKind([&](const auto& kind) {
        const auto& list = b.*kind.list;
        const std::string path = std::string(prefix) + "/" + std::string(kind.name);
        std::set<std::string> seen;
        for (std::size_t i = 0; i < list.size(); ++i) {
            std::string key = keyOf(list[i]);
            if (!seen.insert(key).second)
                throw Rejected(path + "/" + std::to_string(i) + (kind.keyedById ? "/id" : ""),
                               std::string(kind.keyedById ? "duplicate id \"" : "duplicate key \"") + key +
                                   "\"");
        }
    });
    // Agenda items by their order within their meeting: decisions and actions name them so.
    for (std::size_t i = 0; i < b.meetings.size(); ++i) {
        std::set<int> orders;
        const auto& agenda = b.meetings[i].agenda;
        for (std::size_t j = 0; j < agenda.size(); ++j)
            if (!orders.insert(agenda[j].order).second)
                throw Rejected(std::string(prefix) + "/meetings/" + std::to_string(i) + "/agenda/" +
                                   std::to_string(j) + "/order",
                               "duplicate agenda order " + std::to_string(agenda[j].order));
    }
}

namespace {
/// Reads a board document; `streamed` holds the object lists when the parser
/// already read them (their arrays in root are then empty).
BoardData readBoard(const Node& root, DocumentKind kind, BoardData streamed = {}) {
    BoardData b = std::move(streamed);
    const Node format = root.field("format");
    const std::string expected{kind == DocumentKind::Snapshot ? kSnapshotFormat : kImportFormat};
    if (format.asString(64, false) != expected) format.fail("expected \"" + expected + "\"");
    const Node board = root.field("board");
    b.board.id = board.id("id");
    b.board.name = board.string("name", kName);
    b.board.region = board.string("region", kName, true);
    b.board.demo = board.boolean("demo");
    b.board.notice = board.optionalString("notice", kText).value_or("");
    if (kind == DocumentKind::Snapshot) {
        b.seq = root.integer("seq", 0, INT64_MAX);
        b.generatedAt = root.timestamp("generated_at");
    }
    forEachKind(
        [&](const auto& k) { root.each(k.name, [&](const Node& n) { (b.*k.list).push_back(k.read(n)); }); });
    if (kind == DocumentKind::Snapshot)
        root.each("decisions", [&](const Node& n) { b.decisions.push_back(readDecision(n)); });
    requireUniqueIds(b);
    checkReferences(b);
    return b;
}

} // namespace

} // namespace detail

using namespace detail; // this file implements detail

namespace {

json nullable(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

json toJson(const DecisionRequest& r) {
    json j{{"escalation_id", r.escalationId.empty() ? json(nullptr) : json(r.escalationId)},
           {"outcome", toWire(r.outcome)},
           {"option_id", nullable(r.optionId)},
           {"note", r.note},
           {"decided_by", r.decidedBy},
           {"decided_at", r.decidedAt},
           {"meeting_id", nullable(r.meetingId)}};
    // Written only when set: a decision without them reads and writes as before.
    if (r.agendaItem) j["agenda_item"] = *r.agendaItem;
    if (r.action)
        j["action"] = {{"title", r.action->title}, {"owner", r.action->owner}, {"due", r.action->due}};
    return j;
}

template <typename T> json listJson(const ChunkedList<T>& list) {
    json out = json::array();
    for (const auto& item : list)
        out.push_back(toJson(item));
    return out;
}

json boardJson(const BoardData& b, DocumentKind kind) {
    json doc;
    doc["format"] = kind == DocumentKind::Snapshot ? kSnapshotFormat : kImportFormat;
    if (kind == DocumentKind::Snapshot) {
        doc["seq"] = b.seq;
        doc["generated_at"] = b.generatedAt;
    }
    doc["board"] = boardHeaderJson(b.board);
    forEachKind([&](const auto& k) { doc[std::string(k.name)] = listJson(b.*k.list); });
    if (kind == DocumentKind::Snapshot) doc["decisions"] = listJson(b.decisions);
    return doc;
}

} // namespace

json boardHeaderJson(const BoardInfo& board) {
    return {{"id", board.id},
            {"name", board.name},
            {"region", board.region},
            {"demo", board.demo},
            {"notice", board.notice}};
}

json toJson(const Party& p) {
    return {{"id", p.id},
            {"kind", toWire(p.kind)},
            {"name", p.name},
            {"short_name", p.shortName},
            {"color", colorText(p.color)}};
}

json toJson(const Definition& d) {
    return {{"id", d.id},
            {"term", d.term},
            {"text", d.text},
            {"criteria", d.criteria},
            {"valid_from", d.validFrom},
            {"agreed_by", d.agreedBy}};
}

json toJson(const Agreement& a) {
    return {{"id", a.id},
            {"title", a.title},
            {"theme", toWire(a.theme)},
            {"owner", a.owner},
            {"parties", a.parties.values()},
            {"mandate", toWire(a.mandate)},
            {"target",
             {{"quantity", a.target.quantity}, {"unit", a.target.unit}, {"deadline", a.target.deadline}}},
            {"progress",
             {{"realised", a.progress.realised},
              {"in_progress", a.progress.inProgress},
              {"planned", a.progress.planned}}},
            {"status", toWire(a.status)},
            {"definitions", a.definitions.values()},
            {"projects", a.projects},
            {"updated_at", a.updatedAt},
            {"updated_by", a.updatedBy}};
}

json toJson(const Project& p) {
    return {{"id", p.id},
            {"name", p.name},
            {"municipality", p.municipality},
            {"developer", nullable(p.developer)},
            {"phase", toWire(p.phase)},
            {"homes",
             {{"sociale_huur", p.homes.socialeHuur},
              {"middenhuur", p.homes.middenhuur},
              {"betaalbare_koop", p.homes.betaalbareKoop},
              {"vrije_sector", p.homes.vrijeSector}}},
            {"planned_delivery", p.plannedDelivery},
            {"forecast_delivery", nullable(p.forecastDelivery)}};
}

json toJson(const ProductionFigure& f) {
    return {
        {"year", f.year}, {"segment", toWire(f.segment)}, {"planned", f.planned}, {"realised", f.realised}};
}

json toJson(const Escalation& e) {
    json options = json::array();
    for (const auto& o : e.options)
        options.push_back({{"id", o.id}, {"label", o.label}, {"description", o.description}});
    json history = json::array();
    for (const auto& h : e.history)
        history.push_back({{"at", h.at}, {"text", h.text}});
    return {{"id", e.id},
            {"title", e.title},
            {"agreement", nullable(e.agreement)},
            {"project", nullable(e.project)},
            {"raised_by", e.raisedBy},
            {"raised_at", e.raisedAt},
            {"level", toWire(e.level)},
            {"severity", toWire(e.severity)},
            {"question", e.question},
            {"options", options},
            {"meeting", nullable(e.meeting)},
            {"status", toWire(e.status)},
            {"history", history}};
}

json toJson(const Meeting& m) {
    json agenda = json::array();
    for (const auto& item : m.agenda)
        agenda.push_back({{"order", item.order},
                          {"title", item.title},
                          {"escalation", nullable(item.escalation)},
                          {"agreement", nullable(item.agreement)}});
    json j = {{"id", m.id},       {"title", m.title},       {"starts_at", m.startsAt},
              {"chair", m.chair}, {"location", m.location}, {"agenda", agenda}};
    // Only when set: a board without one is byte for byte what it was before this field.
    if (m.current)
        j["current_item"] = {
            {"order", m.current->order}, {"set_by", m.current->setBy}, {"set_at", m.current->setAt}};
    return j;
}

json toJson(const Action& a) {
    return {{"id", a.id},
            {"title", a.title},
            {"owner", a.owner},
            {"due", a.due},
            {"status", toWire(a.status)},
            {"meeting", nullable(a.meeting)},
            {"agenda_item", a.agendaItem ? json(*a.agendaItem) : json(nullptr)},
            {"escalation", nullable(a.escalation)},
            {"created_at", a.createdAt}};
}

json toJson(const Decision& d) {
    json j = toJson(d.request);
    j["id"] = d.id;
    j["device_id"] = d.deviceId;
    j["received_at"] = d.receivedAt;
    j["idempotency_key"] = d.idempotencyKey;
    return j;
}

namespace {

/// Reads the board's object lists while the JSON is parsed: each element is
/// turned into its model object as soon as its closing brace is read and then
/// dropped from the DOM, so a 100k-agreement snapshot never exists as a whole
/// DOM (which costs about seven times the text). What is left in the DOM (the
/// header fields and now-empty arrays) is read by readBoard as before.
class StreamingLists {
public:
    StreamingLists(BoardData& board, DocumentKind kind, const Limits& limits, std::exception_ptr& error)
        : m_board(board), m_kind(kind), m_limits(limits), m_error(error) {}

    /// The first problem is kept and parsing goes on, so that broken JSON is
    /// still reported as such (a truncated body is "malformed", not "wrong field").
    bool operator()(int depth, json::parse_event_t event, json& parsed) {
        try {
            m_duplicates.onEvent(depth, event, parsed);
            return step(depth, event, parsed);
        } catch (const Rejected&) {
            if (!m_error) m_error = std::current_exception();
            return false;
        }
    }

private:
    bool step(int depth, json::parse_event_t event, json& parsed) {
        using E = json::parse_event_t;
        if (depth == 1 && event == E::key) {
            m_key = parsed.get<std::string>();
        } else if (depth == 1 && event == E::array_start) {
            m_list = listKind(m_key);
            m_index = 0;
        } else if (depth == 1 && event == E::array_end) {
            m_list = false;
        } else if (m_list && depth == 2) {
            const std::string path = "/" + m_key + "/" + std::to_string(m_index);
            if (event == E::value || event == E::array_start) throw Rejected(path, "expected an object");
            if (event == E::object_end) {
                if (++m_index > m_limits.maxItemsPerList)
                    throw Rejected("/" + m_key, "too many items (at most " +
                                                    std::to_string(m_limits.maxItemsPerList) + ")");
                read(Node(parsed, path, m_limits));
                return false; // read: not kept in the DOM
            }
        }
        return true;
    }

    bool listKind(const std::string& key) const {
        if (key == "decisions") return m_kind == DocumentKind::Snapshot;
        return isBoardKind(key);
    }
    void read(const Node& n) {
        if (m_key == "decisions") {
            m_board.decisions.push_back(readDecision(n));
            return;
        }
        forEachKind([&](const auto& k) {
            if (k.name == m_key) (m_board.*k.list).push_back(k.read(n));
        });
    }

    BoardData& m_board;
    DocumentKind m_kind;
    const Limits& m_limits;
    std::exception_ptr& m_error; ///< the first Rejected
    DuplicateKeys m_duplicates;
    std::string m_key;
    bool m_list = false;
    std::size_t m_index = 0;
};

} // namespace

Parsed<BoardData> parseBoard(std::string_view text, DocumentKind kind, const Limits& limits) {
    return guarded<BoardData>([&] {
        if (text.size() > limits.maxDocumentBytes)
            throw Rejected("", "document larger than " + std::to_string(limits.maxDocumentBytes) + " bytes");
        checkDepth(text, limits.maxDepth);
        BoardData lists;
        std::exception_ptr problem;
        json rest;
        try {
            rest = json::parse(text, StreamingLists(lists, kind, limits, problem));
        } catch (const json::parse_error& e) {
            throw Rejected("", std::string("malformed JSON: ") + e.what());
        }
        if (problem) std::rethrow_exception(problem);
        if (!rest.is_object()) throw Rejected("", "expected an object");
        return readBoard(Node(rest, "", limits), kind, std::move(lists));
    });
}

std::string encodeBoard(const BoardData& board, DocumentKind kind) {
    return jsonText(boardJson(board, kind));
}

json boardToJson(const BoardData& board, DocumentKind kind) {
    return boardJson(board, kind);
}

Parsed<BoardData> boardFromJson(const json& doc, DocumentKind kind, const Limits& limits) {
    return guarded<BoardData>([&] { return readBoard(Node(doc, "", limits), kind); });
}

Parsed<DecisionRequest> parseDecisionRequest(std::string_view text) {
    const Limits limits{.maxDocumentBytes = std::size_t{64} * 1024, .maxDepth = 4, .maxItemsPerList = 0};
    return guarded<DecisionRequest>([&] {
        const json doc = parseJson(text, limits);
        return readDecisionRequest(Node(doc, "", limits));
    });
}

std::string encodeDecisionRequest(const DecisionRequest& request) {
    return jsonText(toJson(request));
}

Parsed<CurrentItemRequest> parseCurrentItemRequest(std::string_view text) {
    const Limits limits{.maxDocumentBytes = 1024, .maxDepth = 2, .maxItemsPerList = 0};
    return guarded<CurrentItemRequest>([&] {
        const json doc = parseJson(text, limits);
        const Node n(doc, "", limits);
        CurrentItemRequest request;
        n.field("order"); // present, null or a number: a missing field is a mistake, not "none"
        if (n.has("order")) request.order = static_cast<int>(n.integer("order", 0, 1000));
        return request;
    });
}

std::string encodeCurrentItemRequest(const CurrentItemRequest& request) {
    return jsonText(json{{"order", request.order ? json(*request.order) : json(nullptr)}});
}

Parsed<Decision> parseDecisionResponse(std::string_view text) {
    const Limits limits{.maxDocumentBytes = std::size_t{64} * 1024, .maxDepth = 6, .maxItemsPerList = 0};
    return guarded<Decision>([&] {
        const json doc = parseJson(text, limits);
        return readDecision(Node(doc, "", limits).field("decision"));
    });
}

std::string encodeDecisionResponse(const Decision& decision) {
    return jsonText(json{{"decision", toJson(decision)}});
}

namespace {
Heartbeat readHeartbeat(const Node& n) {
    Heartbeat h;
    h.version = n.string("version", 64, true);
    h.dataAgeSeconds = n.integer("data_age_seconds", -1, INT64_MAX / 2);
    h.outboxDepth = n.integer("outbox_depth", 0, 1'000'000'000);
    h.lastError = n.string("last_error", 500, true);
    h.uptimeSeconds = n.integer("uptime_seconds", 0, INT64_MAX / 2);
    h.memoryKb = n.integer("memory_kb", 0, INT64_MAX / 2);
    if (n.has("clock_offset_seconds"))
        h.clockOffsetSeconds = n.integer("clock_offset_seconds", -INT64_MAX / 2, INT64_MAX / 2);
    if (n.has("fault")) h.fault = n.string("fault", 500, true);
    if (n.has("cache_rebuilds")) h.cacheRebuilds = n.integer("cache_rebuilds", 0, 1'000'000'000);
    if (n.has("outbox_damage")) {
        const Node d = n.field("outbox_damage");
        Heartbeat::OutboxDamage damage;
        damage.movedTo = d.string("moved_to", 500, false);
        damage.foundAt = d.timestamp("found_at");
        if (d.has("unread")) damage.unread = d.integer("unread", 0, 1'000'000'000);
        h.outboxDamage = std::move(damage);
    }
    return h;
}
} // namespace

Parsed<Heartbeat> parseHeartbeat(std::string_view text) {
    const Limits limits{.maxDocumentBytes = std::size_t{16} * 1024, .maxDepth = 3, .maxItemsPerList = 0};
    return guarded<Heartbeat>([&] {
        const json doc = parseJson(text, limits);
        return readHeartbeat(Node(doc, "", limits));
    });
}

std::string encodeHeartbeat(const Heartbeat& h) {
    json j{{"version", oneLine(h.version, 64)}, {"data_age_seconds", h.dataAgeSeconds},
           {"outbox_depth", h.outboxDepth},     {"last_error", oneLine(h.lastError, 500)},
           {"uptime_seconds", h.uptimeSeconds}, {"memory_kb", h.memoryKb}};
    if (h.clockOffsetSeconds) j["clock_offset_seconds"] = *h.clockOffsetSeconds;
    if (!h.fault.empty()) j["fault"] = oneLine(h.fault, 500);
    if (h.cacheRebuilds > 0) j["cache_rebuilds"] = h.cacheRebuilds;
    if (h.outboxDamage) {
        json d{{"moved_to", oneLine(h.outboxDamage->movedTo, 500)}, {"found_at", h.outboxDamage->foundAt}};
        if (h.outboxDamage->unread) d["unread"] = *h.outboxDamage->unread;
        j["outbox_damage"] = d;
    }
    return jsonText(j);
}

Parsed<ErrorResponse> parseErrorResponse(std::string_view text) {
    const Limits limits{.maxDocumentBytes = std::size_t{64} * 1024, .maxDepth = 4, .maxItemsPerList = 0};
    return guarded<ErrorResponse>([&] {
        const json doc = parseJson(text, limits);
        const Node error = Node(doc, "", limits).field("error");
        return ErrorResponse{error.string("code", 64), error.string("message", 2000, true)};
    });
}

std::string encodeErrorResponse(const ErrorResponse& error) {
    return jsonText(
        json{{"error", {{"code", oneLine(error.code, 64)}, {"message", oneLine(error.message, 2000)}}}});
}

std::optional<std::int64_t> parseChangesQuery(std::string_view rawQuery) {
    constexpr std::string_view key = "since=";
    if (rawQuery.substr(0, key.size()) != key) return std::nullopt;
    return parseSequence(rawQuery.substr(key.size()));
}

std::optional<std::int64_t> parseSequence(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace regiebord
