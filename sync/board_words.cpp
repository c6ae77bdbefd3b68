#include "board_words.hpp"

#include <array>
#include <cstddef>

namespace regiebord {

namespace {

// In each enum's declaration order (model.hpp); pick() checks the count.
// clang-format off
constexpr std::array kThemes{
    Words{"Nieuwbouw sociale huur", "New social rent"},
    Words{"Middenhuur", "Mid-market rent"},
    Words{"Betaalbare koop", "Affordable ownership"},
    Words{"Flexwonen", "Flexible housing"},
    Words{"Verduurzaming", "Sustainability"},
    Words{"Toewijzing", "Allocation"},
    Words{"Leefbaarheid", "Liveability"},
    Words{"Huisvesting doelgroepen", "Housing target groups"},
    Words{"Overig", "Other"},
};
constexpr std::array kMandates{
    Words{"Ambtelijk mandaat", "Civil-service mandate"},
    Words{"Bestuurlijk mandaat", "Board mandate"},
};
constexpr std::array kAgreementStatuses{
    Words{"Op koers", "On track"},
    Words{"Risico", "At risk"},
    Words{"Achter", "Behind"},
    Words{"Gerealiseerd", "Achieved"},
    Words{"Vervallen", "Dropped"},
};
constexpr std::array kPhases{
    Words{"Initiatief", "Initiative"},
    Words{"Planvorming", "Planning"},
    Words{"Vergunning", "Permit"},
    Words{"In aanbouw", "Under construction"},
    Words{"Opgeleverd", "Delivered"},
};
constexpr std::array kSegments{
    Words{"Sociale huur", "Social rent"},
    Words{"Middenhuur", "Mid-market rent"},
    Words{"Betaalbare koop", "Affordable ownership"},
    Words{"Vrije sector", "Market"},
};
constexpr std::array kLevels{
    Words{"Ambtelijk", "Civil service"},
    Words{"Stuurgroep", "Steering group"},
    Words{"Bestuurlijk", "Board level"},
    Words{"Geschillen", "Disputes"},
};
constexpr std::array kSeverities{
    Words{"Laag", "Low"},
    Words{"Midden", "Medium"},
    Words{"Hoog", "High"},
    Words{"Kritiek", "Critical"},
};
constexpr std::array kEscalationStatuses{
    Words{"Open", "Open"},
    Words{"Besloten", "Decided"},
    Words{"Aangehouden", "Deferred"},
    Words{"Ingetrokken", "Withdrawn"},
};
constexpr std::array kActionStatuses{
    Words{"Open", "Open"},
    Words{"Afgerond", "Done"},
    Words{"Vervallen", "Dropped"},
};
constexpr std::array kOutcomes{
    Words{"Gekozen optie", "Option chosen"},
    Words{"Akkoord", "Agreed"},
    Words{"Afgewezen", "Rejected"},
    Words{"Aangehouden", "Deferred"},
    Words{"Doorverwezen", "Referred"},
    Words{"Vastgesteld", "Adopted"},
    Words{"Aangenomen", "Carried"},
    Words{"Verworpen", "Voted down"},
};
// clang-format on

template <typename E, std::size_t N> Words pick(const std::array<Words, N>& table, E value) {
    static_assert(N == EnumNames<E>::names.size(), "one entry per value of the enum");
    const auto index = static_cast<std::size_t>(value);
    return index < N ? table[index] : Words{"?", "?"};
}

template <typename E> std::optional<Words> byWire(std::string_view wire) {
    const auto value = fromWire<E>(wire);
    if (!value) return std::nullopt;
    return words(*value);
}

} // namespace

Words words(Theme value) {
    return pick(kThemes, value);
}
Words words(Mandate value) {
    return pick(kMandates, value);
}
Words words(AgreementStatus value) {
    return pick(kAgreementStatuses, value);
}
Words words(Phase value) {
    return pick(kPhases, value);
}
Words words(Segment value) {
    return pick(kSegments, value);
}
Words words(EscalationLevel value) {
    return pick(kLevels, value);
}
Words words(Severity value) {
    return pick(kSeverities, value);
}
Words words(EscalationStatus value) {
    return pick(kEscalationStatuses, value);
}
Words words(ActionStatus value) {
    return pick(kActionStatuses, value);
}
Words words(Outcome value) {
    return pick(kOutcomes, value);
}

std::optional<Words> wordsForKey(std::string_view key) {
    const auto dot = key.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const std::string_view prefix = key.substr(0, dot);
    const std::string_view wire = key.substr(dot + 1);
    if (prefix == "theme") return byWire<Theme>(wire);
    if (prefix == "mandate") return byWire<Mandate>(wire);
    if (prefix == "status") return byWire<AgreementStatus>(wire);
    if (prefix == "phase") return byWire<Phase>(wire);
    if (prefix == "segment") return byWire<Segment>(wire);
    if (prefix == "level") return byWire<EscalationLevel>(wire);
    if (prefix == "severity") return byWire<Severity>(wire);
    if (prefix == "escstatus") return byWire<EscalationStatus>(wire);
    if (prefix == "action") return byWire<ActionStatus>(wire);
    if (prefix == "outcome") return byWire<Outcome>(wire);
    return std::nullopt;
}

} // namespace regiebord
