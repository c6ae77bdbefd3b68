#include "clock.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace regiebord;

TEST_CASE("timestamps round trip and offsets apply", "[clock]") {
    const auto t = parseTimestamp("2026-11-28T14:05:07Z");
    REQUIRE(t);
    CHECK(formatUtc(*t) == "2026-11-28T14:05:07Z");
    CHECK(parseTimestamp("2026-01-01T01:00:00+01:00") == parseTimestamp("2026-01-01T00:00:00Z"));
    CHECK_FALSE(parseTimestamp("gisteren"));
}

TEST_CASE("idempotency keys are random UUID v4", "[clock][outbox]") {
    std::set<std::string> keys;
    for (int i = 0; i < 1000; ++i) {
        const std::string k = makeUuidV4();
        REQUIRE(k.size() == 36);
        CHECK(k[14] == '4');
        CHECK((k[19] == '8' || k[19] == '9' || k[19] == 'a' || k[19] == 'b'));
        keys.insert(k);
    }
    CHECK(keys.size() == 1000);
}
