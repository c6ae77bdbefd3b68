#pragma once
// Domain model of a steering group's board, as the protocol (docs/protocol.md)
// describes it. Plain value types: no I/O, no UI.

#include "chunked_list.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord {

enum class PartyKind { Gemeente, Corporatie, Huurdersorganisatie, Overig };
enum class Theme {
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
enum class Mandate { Ambtelijk, Bestuurlijk };
enum class AgreementStatus { OpKoers, Risico, Achter, Gerealiseerd, Vervallen };
enum class Phase { Initiatief, Planvorming, Vergunning, InAanbouw, Opgeleverd };
enum class Segment { SocialeHuur, Middenhuur, BetaalbareKoop, VrijeSector };
enum class EscalationLevel { Ambtelijk, Stuurgroep, Bestuurlijk, Geschillen };
enum class Severity { Laag, Midden, Hoog, Kritiek };
enum class EscalationStatus { Open, Besloten, Aangehouden, Ingetrokken };
enum class Outcome { Option, Akkoord, Afgewezen, Aangehouden, Doorverwezen };

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
template <> struct EnumNames<Outcome> {
    static constexpr std::array<std::string_view, 5> names{"option", "akkoord", "afgewezen", "aangehouden",
                                                           "doorverwezen"};
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
    std::string unit;
    std::string deadline; ///< YYYY-MM-DD
};

struct Progress {
    double realised = 0;
    double inProgress = 0;
    double planned = 0;
};

struct Agreement {
    std::string id;
    std::string title;
    Theme theme = Theme::Overig;
    std::string owner;
    std::vector<std::string> parties;
    Mandate mandate = Mandate::Ambtelijk;
    Target target;
    Progress progress;
    AgreementStatus status = AgreementStatus::OpKoers;
    std::vector<std::string> definitions;
    std::vector<std::string> projects;
    std::string updatedAt;
    std::string updatedBy;
};

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

struct Meeting {
    std::string id;
    std::string title;
    std::string startsAt;
    std::string chair;
    std::string location;
    std::vector<AgendaItem> agenda;
};

/// What the chair decided; the body of POST /v1/boards/{board}/decisions.
struct DecisionRequest {
    std::string escalationId;
    Outcome outcome = Outcome::Akkoord;
    std::optional<std::string> optionId;
    std::string note;
    std::string decidedBy;
    std::string decidedAt;
    std::optional<std::string> meetingId;
    bool operator==(const DecisionRequest&) const = default;
};

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
    ChunkedList<Decision> decisions;

    const Party* findParty(std::string_view id) const;
    const Agreement* findAgreement(std::string_view id) const;
    const Escalation* findEscalation(std::string_view id) const;
    const Meeting* findMeeting(std::string_view id) const;
    const Definition* findDefinition(std::string_view id) const;
    const Project* findProject(std::string_view id) const;
};

} // namespace regiebord
