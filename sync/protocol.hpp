#pragma once
// JSON codec of the Regiebord protocol (docs/protocol.md). Everything read is
// validated: types, required fields, enum values, sizes, UTF-8, nesting depth
// and references. A payload with any fault is rejected whole; the error says
// where (a JSON pointer) and what was expected.

#include "dates.hpp" // the dates and timestamps of the protocol: isValidDate, isValidTimestamp
#include "model.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace regiebord {

struct ProtocolError {
    std::string path;    ///< JSON pointer of the offending value ("" = the document)
    std::string message; ///< what was expected
    std::string describe() const;
};

/// A parsed value or the reason it was rejected.
template <typename T> class Parsed {
public:
    // Implicit, so that a reader can `return value;` or `return error;`.
    Parsed(T value) : m_value(std::move(value)) {}
    Parsed(ProtocolError error) : m_error(std::move(error)) {}
    explicit operator bool() const { return m_value.has_value(); }
    const T& value() const& { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const ProtocolError& error() const { return m_error; }

private:
    std::optional<T> m_value;
    ProtocolError m_error;
};

/// The largest board document a kiosk takes (and the hub imports). A board of 100,000
/// agreements as bench/sync_bench makes it is a 77.6 MB snapshot (docs/performance.md); the cap
/// leaves room for longer texts and stays well inside a Pi 3's memory. A kiosk may set
/// its own (sync.max_board_mb).
inline constexpr std::size_t kMaxBoardBytes = 96u << 20U;

struct Limits {
    std::size_t maxDocumentBytes = kMaxBoardBytes;
    std::size_t maxDepth = 16;
    std::size_t maxItemsPerList = 500000;
};

enum class DocumentKind {
    Snapshot, ///< format regiebord.snapshot.v1: seq, generated_at and decisions present
    Import    ///< format regiebord.board.v1: what regiebord-hub imports
};

inline constexpr std::string_view kSnapshotFormat = "regiebord.snapshot.v1";
inline constexpr std::string_view kImportFormat = "regiebord.board.v1";
inline constexpr std::string_view kChangesFormat = "regiebord.changes.v1";
inline constexpr std::size_t kMaxNoteLength = 500;

Parsed<BoardData> parseBoard(std::string_view text, DocumentKind kind, const Limits& limits = {});
std::string encodeBoard(const BoardData& board, DocumentKind kind);

Parsed<DecisionRequest> parseDecisionRequest(std::string_view text);
std::string encodeDecisionRequest(const DecisionRequest& request);

/// The body of POST /v1/boards/{board}/meetings/{meeting}/current: `{"order": N}` marks
/// agenda item N as under discussion, `{"order": null}` marks none.
struct CurrentItemRequest {
    std::optional<int> order;
};
Parsed<CurrentItemRequest> parseCurrentItemRequest(std::string_view text);
std::string encodeCurrentItemRequest(const CurrentItemRequest& request);

/// Reads `{"decision": {...}}` as the hub answers a POST.
Parsed<Decision> parseDecisionResponse(std::string_view text);
std::string encodeDecisionResponse(const Decision& decision);

/// What GET /v1/boards/{board}/changes?since= answers: objects added or
/// changed since a sequence, deletions, and new decisions.
struct BoardDelta {
    std::int64_t since = 0;
    std::int64_t seq = 0;
    std::string generatedAt;
    BoardInfo board;
    BoardData upserts; ///< only the changed objects (its board/seq fields unused)
    std::vector<std::pair<std::string, std::string>> deletions; ///< (kind, id); kind as in the document
    struct Row {
        std::string kind; ///< "agreements", ...
        std::string id;
        std::string body; ///< the object's JSON as received (validated)
    };
    std::vector<Row> rows; ///< upserts as JSON, for the cache
    std::size_t changeCount() const { return rows.size() + deletions.size() + upserts.decisions.size(); }
};

Parsed<BoardDelta> parseChanges(std::string_view text, const Limits& limits = {});

/// What a kiosk reports about itself (POST /v1/boards/{board}/heartbeat).
struct Heartbeat {
    std::string version;
    std::int64_t dataAgeSeconds = -1; ///< -1: no data from the hub yet
    std::int64_t outboxDepth = 0;     ///< decisions queued or being sent
    std::string lastError;            ///< the last sync problem, "" when the last round went well
    std::int64_t uptimeSeconds = 0;
    std::int64_t memoryKb = 0;
    std::optional<std::int64_t> clockOffsetSeconds;
    /// The engine's own trouble: an outbox or cache it cannot use, an error caught at a
    /// thread's top. "" when none.
    std::string fault;
    /// Damaged caches moved aside and rebuilt since the kiosk started.
    std::int64_t cacheRebuilds = 0;
    /// A damaged outbox found at start and moved aside; unset when none.
    struct OutboxDamage {
        std::string movedTo;                ///< where its files are kept, byte for byte
        std::string foundAt;                ///< RFC 3339
        std::optional<std::int64_t> unread; ///< undelivered decisions in it; unset when unknown
        bool operator==(const OutboxDamage&) const = default;
    };
    std::optional<OutboxDamage> outboxDamage;
    bool operator==(const Heartbeat&) const = default;
};
Parsed<Heartbeat> parseHeartbeat(std::string_view text);
std::string encodeHeartbeat(const Heartbeat& heartbeat);

/// The hub's error body {"error": {"code": ..., "message": ...}}.
struct ErrorResponse {
    std::string code;
    std::string message;
};
Parsed<ErrorResponse> parseErrorResponse(std::string_view text);
std::string encodeErrorResponse(const ErrorResponse& error);

/// A change sequence as it appears in a query (since=): 1-18 ASCII digits, nothing else.
std::optional<std::int64_t> parseSequence(std::string_view text);
/// The raw query of GET .../changes (what follows the '?', not percent-decoded): exactly
/// one "since=<digits>" and nothing else; nullopt for anything another reader might
/// read differently ("since=1 OR 1=1", "since=%31", a second since=).
std::optional<std::int64_t> parseChangesQuery(std::string_view rawQuery);

/// Positions of a board's objects by row id (and option ids by escalation),
/// kept by the sync engine beside its latest board so that a delta finds what
/// it changes and checks its references without scanning the board.
struct BoardIndex {
    std::unordered_map<std::string, std::size_t> parties, definitions, agreements, projects, production,
        escalations, meetings, actions, decisions;
    std::unordered_map<std::string, std::string> options; ///< option id -> escalation id
    static BoardIndex build(const BoardData& board);
};

/// base + delta, validated: the changed objects' references against the index
/// (O(changes)); with deletions, the whole board as a document would be. On
/// success the index describes the result; on failure it is unchanged.
Parsed<BoardData> applyDelta(const BoardData& base, const BoardDelta& delta, BoardIndex& index);
/// The cache/hub row id of a JSON object: its "id", or "year-segment" for production rows.
std::string objectRowId(const nlohmann::json& item);
/// The same, or "#<position>" for an object without either (one row per object in the stores).
std::string objectRowId(const nlohmann::json& item, std::size_t position);

/// JSON-level access for the stores, which keep one row per object.
nlohmann::json boardToJson(const BoardData& board, DocumentKind kind);
Parsed<BoardData> boardFromJson(const nlohmann::json& doc, DocumentKind kind, const Limits& limits = {});
nlohmann::json toJson(const Decision& decision);
/// One object as it appears in a board document (the cache stores objects one by one).
nlohmann::json toJson(const Party& party);
nlohmann::json toJson(const Definition& definition);
nlohmann::json toJson(const Agreement& agreement);
nlohmann::json toJson(const Project& project);
nlohmann::json toJson(const ProductionFigure& figure);
nlohmann::json toJson(const Escalation& escalation);
nlohmann::json toJson(const Meeting& meeting);
nlohmann::json toJson(const Action& action);
/// The board's header object ({"id", "name", "region", "demo", "notice"}).
nlohmann::json boardHeaderJson(const BoardInfo& board);

/// Checks an id against the protocol's form: 1-64 of [A-Za-z0-9._-].
bool isValidId(std::string_view id);

} // namespace regiebord
