// The board's words (sync/board_words.hpp): every value of every enum the kiosk, the hub's
// pages and the besluitenlijst show has a Dutch and an English term, and a kiosk text key
// made from a wire name finds the same words.

#include "board_words.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>

using namespace regiebord;

namespace {

/// Every value of E has both words, and "prefix." + its wire name finds them.
template <typename E> void checkEnum(const std::string& prefix) {
    for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i) {
        const auto value = static_cast<E>(i);
        const Words w = words(value);
        INFO(prefix << toWire(value));
        CHECK(std::strlen(w.nl) > 0);
        CHECK(std::strlen(w.en) > 0);
        CHECK(std::string(w.nl) != "?");
        const auto byKey = wordsForKey(prefix + std::string(toWire(value)));
        REQUIRE(byKey);
        CHECK(byKey->nl == w.nl);
        CHECK(byKey->en == w.en);
    }
}

} // namespace

TEST_CASE("every board term has Dutch and English words, found by its enum and by its key", "[board_words]") {
    checkEnum<Theme>("theme.");
    checkEnum<Mandate>("mandate.");
    checkEnum<AgreementStatus>("status.");
    checkEnum<Phase>("phase.");
    checkEnum<Segment>("segment.");
    checkEnum<EscalationLevel>("level.");
    checkEnum<Severity>("severity.");
    checkEnum<EscalationStatus>("escstatus.");
    checkEnum<ActionStatus>("action.");
    checkEnum<Outcome>("outcome.");
}

TEST_CASE("the same words in every place: a few the room reads", "[board_words]") {
    CHECK(std::string(words(Outcome::Option).nl) == "Gekozen optie");
    CHECK(std::string(words(Outcome::Verworpen).en) == "Voted down");
    CHECK(std::string(words(AgreementStatus::OpKoers).nl) == "Op koers");
    CHECK(std::string(words(Theme::Overig).en) == "Other");
}

TEST_CASE("a key that is no board term finds nothing", "[board_words]") {
    CHECK_FALSE(wordsForKey("theme.onbekend")); // no such value
    CHECK_FALSE(wordsForKey("weather.sunny"));  // no such prefix
    CHECK_FALSE(wordsForKey("overview"));       // no dot
    CHECK_FALSE(wordsForKey(""));
    CHECK_FALSE(wordsForKey("theme."));
    CHECK_FALSE(wordsForKey(".overig"));
}
