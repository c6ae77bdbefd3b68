#pragma once
// Domain model of a steering group's board, as the protocol (docs/protocol.md)
// describes it. Plain value types: no I/O, no UI.

#include "chunked_list.hpp"
#include "interned.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord {

enum class PartyKind : std::uint8_t { Gemeente, Corporatie, Huurdersorganisatie, Overig };
enum class Theme : std::uint8_t {
    NieuwbouwSocialeHuur,
    Middenhuur,
    BetaalbareKoop,
    Flexwonen,
    Verduurzaming,
    Toewijzing,
    Leefbaarheid,
    HuisvestingDoelgroepen,
    Overig
};
enum class Mandate : std::uint8_t { Ambtelijk, Bestuurlijk };
enum class AgreementStatus : std::uint8_t { OpKoers, Risico, Achter, Gerealiseerd, Vervallen };
enum class Phase : std::uint8_t { Initiatief, Planvorming, Vergunning, InAanbouw, Opgeleverd };
enum class Segment : std::uint8_t { SocialeHuur, Middenhuur, BetaalbareKoop, VrijeSector };
enum class EscalationLevel : std::uint8_t { Ambtelijk, Stuurgroep, Bestuurlijk, Geschillen };
enum class Severity : std::uint8_t { Laag, Midden, Hoog, Kritiek };
enum class EscalationStatus : std::uint8_t { Open, Besloten, Aangehouden, Ingetrokken };
enum class ActionStatus : std::uint8_t { Open, Afgerond, Vervallen };
/// Option, Akkoord and Afgewezen decide an escalation; Vastgesteld, Aangenomen and Verworpen
/// an agenda item; Aangehouden and Doorverwezen either (outcomeFits).
enum class Outcome : std::uint8_t {
    Option,
    Akkoord,
    Afgewezen,
    Aangehouden,
    Doorverwezen,
    Vastgesteld,
    Aangenomen,
    Verworpen
};

/// Wire names of each enumeration, in declaration order.
template <typename E> struct EnumNames;
template <> struct EnumNames<PartyKind> {
    static constexpr std::array<std::string_view, 4> names{"gemeente", "corporatie", "huurdersorganisatie",
                                                           "overig"};
};
template <> struct EnumNames<Theme> {
    static constexpr std::array<std::string_view, 9> names{"nieuwbouw_sociale_huur",
                                                           "middenhuur",
                                                           "betaalbare_koop",
                                                           "flexwonen",
                                                           "verduurzaming",
                                                           "toewijzing",
                                                           "leefbaarheid",
                                                           "huisvesting_doelgroepen",
                                                           "overig"};
};
template <> struct EnumNames<Mandate> {
    static constexpr std::array<std::string_view, 2> names{"ambtelijk", "bestuurlijk"};
};
template <> struct EnumNames<AgreementStatus> {
    static constexpr std::array<std::string_view, 5> names{"op_koers", "risico", "achter", "gerealiseerd",
                                                           "vervallen"};
};
template <> struct EnumNames<Phase> {
    static constexpr std::array<std::string_view, 5> names{"initiatief", "planvorming", "vergunning",
                                                           "in_aanbouw", "opgeleverd"};
};
template <> struct EnumNames<Segment> {
    static constexpr std::array<std::string_view, 4> names{"sociale_huur", "middenhuur", "betaalbare_koop",
                                                           "vrije_sector"};
};
template <> struct EnumNames<EscalationLevel> {
    static constexpr std::array<std::string_view, 4> names{"ambtelijk", "stuurgroep", "bestuurlijk",
                                                           "geschillen"};
};
template <> struct EnumNames<Severity> {
    static constexpr std::array<std::string_view, 4> names{"laag", "midden", "hoog", "kritiek"};
};
template <> struct EnumNames<EscalationStatus> {
    static constexpr std::array<std::string_view, 4> names{"open", "besloten", "aangehouden", "ingetrokken"};
};
template <> struct EnumNames<ActionStatus> {
    static constexpr std::array<std::string_view, 3> names{"open", "afgerond", "vervallen"};
};
template <> struct EnumNames<Outcome> {
    static constexpr std::array<std::string_view, 8> names{"option",      "akkoord",      "afgewezen",
                                                           "aangehouden", "doorverwezen", "vastgesteld",
                                                           "aangenomen",  "verworpen"};
};

template <typename E> inline std::string_view toWire(E value) {
    const auto& names = EnumNames<E>::names;
    const auto index = static_cast<std::size_t>(value);
    return index < names.size() ? names[index] : std::string_view{"?"};
}

/// Parses a wire name; nullopt for an unknown value.
template <typename E> inline std::optional<E> fromWire(std::string_view wire) {
    const auto& names = EnumNames<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == wire) return static_cast<E>(i);
    }
    return std::nullopt;
}

struct Party {
    std::string id;
    PartyKind kind = PartyKind::Overig;
    std::string name;
    std::string shortName;
    std::uint32_t color = 0x808080; ///< 0xRRGGBB
};

struct Definition {
    std::string id;
    std::string term;
    std::string text;
    std::vector<std::string> criteria;
    std::string validFrom; ///< YYYY-MM-DD
    std::vector<std::string> agreedBy;
};

struct Target {
    double quantity = 0;
    Interned unit;
    Interned deadline; ///< YYYY-MM-DD (deadlines repeat: the end of a year, of a quarter)
};

struct Progress {
    double realised = 0;
    double inProgress = 0;
    double planned = 0;
};

// Ids of other objects and names that many agreements repeat are Interned (interned.hpp):
// at 10k agreements that is most of the board's memory otherwise.
struct Agreement {
    std::string id;
    std::string title;
    Theme theme = Theme::Overig;
    Mandate mandate = Mandate::Ambtelijk;
    AgreementStatus status = AgreementStatus::OpKoers; // the three enums side by side: one word
    Interned owner;
    InternedList parties;
    Target target;
    Progress progress;
    InternedList definitions;
    std::vector<Interned> projects; ///< often unique per agreement: not an InternedList
    std::string updatedAt;
    Interned updatedBy;
};
static_assert(sizeof(Agreement) <= 208, "an agreement is held 10k times and more: keep it small");

struct Homes {
    std::int64_t socialeHuur = 0;
    std::int64_t middenhuur = 0;
    std::int64_t betaalbareKoop = 0;
    std::int64_t vrijeSector = 0;
    std::int64_t total() const { return socialeHuur + middenhuur + betaalbareKoop + vrijeSector; }
};

struct Project {
    std::string id;
    std::string name;
    std::string municipality;
    std::optional<std::string> developer;
    Phase phase = Phase::Initiatief;
    Homes homes;
    std::string plannedDelivery;
    std::optional<std::string> forecastDelivery;
};

struct ProductionFigure {
    int year = 0;
    Segment segment = Segment::SocialeHuur;
    std::int64_t planned = 0;
    std::int64_t realised = 0;
};

struct EscalationOption {
    std::string id;
    std::string label;
    std::string description;
};

struct HistoryEntry {
    std::string at;
    std::string text;
};

struct Escalation {
    std::string id;
    std::string title;
    std::optional<std::string> agreement;
    std::optional<std::string> project;
    std::string raisedBy;
    std::string raisedAt;
    EscalationLevel level = EscalationLevel::Ambtelijk;
    Severity severity = Severity::Midden;
    std::string question;
    std::vector<EscalationOption> options;
    std::optional<std::string> meeting;
    EscalationStatus status = EscalationStatus::Open;
    std::vector<HistoryEntry> history;
};

struct AgendaItem {
    int order = 0;
    std::string title;
    std::optional<std::string> escalation;
    std::optional<std::string> agreement;
};

/// The agenda item under discussion: set by the chair on a kiosk in chair mode, through
/// the hub (POST /v1/boards/{board}/meetings/{meeting}/current), followed by every kiosk
/// and browser of the board.
struct CurrentItem {
    int order = 0;     ///< an order of the meeting's agenda
    std::string setBy; ///< the device that set it (its name at the hub)
    std::string setAt; ///< timestamp
};

struct Meeting {
    std::string id;
    std::string title;
    std::string startsAt;
    std::string chair;
    std::string location;
    std::vector<AgendaItem> agenda;
    std::optional<CurrentItem> current; ///< none until the chair marks an item
};

/// An action (actiepunt, toezegging): who does what by when, and where it was agreed.
struct Action {
    std::string id;
    std::string title; ///< what is to be done
    std::string owner; ///< party id
    std::string due;   ///< date, YYYY-MM-DD
    ActionStatus status = ActionStatus::Open;
    std::optional<std::string> meeting;    ///< the meeting where it was agreed
    std::optional<int> agendaItem;         ///< the agenda item's order in that meeting
    std::optional<std::string> escalation; ///< the escalation it follows from
    std::string createdAt;                 ///< timestamp
};

/// An action the chair agrees with a decision: the hub adds it to the board with the
/// decision (same transaction, same idempotency key), from the decision's meeting,
/// agenda item and escalation.
struct NewAction {
    std::string title;
    std::string owner; ///< party id
    std::string due;   ///< date, YYYY-MM-DD
    bool operator==(const NewAction&) const = default;
};

/// What the chair decided; the body of POST /v1/boards/{board}/decisions. Its subject
/// is an escalation, or an agenda item of a meeting (exactly one of the two).
struct DecisionRequest {
    std::string escalationId;      ///< "" when the subject is an agenda item
    std::optional<int> agendaItem; ///< the item's order in meetingId's agenda
    Outcome outcome = Outcome::Akkoord;
    std::optional<std::string> optionId;
    std::string note;
    std::string decidedBy;
    std::string decidedAt;
    std::optional<std::string> meetingId;
    std::optional<NewAction> action;
    bool operator==(const DecisionRequest&) const = default;
};

/// The one key of a decision's subject: the escalation id, or "<meeting>#<order>" for an
/// agenda item. At most one live decision per subject (the outbox, the hub).
std::string subjectOf(const DecisionRequest& request);
/// Is this outcome one for the request's kind of subject?
bool outcomeFits(const DecisionRequest& request);
/// Does the decision close its subject? Not aangehouden (held over: decided again later),
/// nor doorverwezen on an escalation (it moves up the ladder and stays open).
bool closesSubject(const DecisionRequest& request);
/// The next step up the escalation ladder; none above geschillen.
std::optional<EscalationLevel> nextLevel(EscalationLevel level);

/// A decision as the hub holds it.
struct Decision {
    std::string id;
    DecisionRequest request;
    std::string deviceId;
    std::string receivedAt;
    std::string idempotencyKey;
};

struct BoardInfo {
    std::string id;
    std::string name;
    std::string region;
    bool demo = false;
    std::string notice;
};

/// One complete board: what a snapshot carries.
struct BoardData {
    BoardInfo board;
    std::int64_t seq = 0;
    std::string generatedAt;
    // Chunked lists: copies share their chunks, so a new snapshot after a
    // small delta costs little even on a board with 100k agreements.
    ChunkedList<Party> parties;
    ChunkedList<Definition> definitions;
    ChunkedList<Agreement> agreements;
    ChunkedList<Project> projects;
    ChunkedList<ProductionFigure> production;
    ChunkedList<Escalation> escalations;
    ChunkedList<Meeting> meetings;
    ChunkedList<Action> actions;
    ChunkedList<Decision> decisions;

    const Party* findParty(std::string_view id) const;
    const Agreement* findAgreement(std::string_view id) const;
    const Escalation* findEscalation(std::string_view id) const;
    const Meeting* findMeeting(std::string_view id) const;
    const Definition* findDefinition(std::string_view id) const;
    const Project* findProject(std::string_view id) const;
};

} // namespace regiebord
