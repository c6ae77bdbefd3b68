#include "clock.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;

TEST_CASE("timestamps round trip and offsets apply", "[clock]") {
    const auto t = parseTimestamp("2026-11-28T14:05:07Z");
    REQUIRE(t);
    CHECK(formatUtc(*t) == "2026-11-28T14:05:07Z");
    CHECK(parseTimestamp("2026-01-01T01:00:00+01:00") == parseTimestamp("2026-01-01T00:00:00Z"));
    CHECK_FALSE(parseTimestamp("gisteren"));
}
