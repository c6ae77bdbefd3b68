// Calendar dates and RFC 3339 timestamps (sync/dates.hpp): the one reader and writer
// of both, strict about days that do not exist, ranges, case, offsets and stray text.

#include "dates.hpp"
#include "protocol.hpp"

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

using namespace regiebord;
using namespace std::chrono;
using nlohmann::json;

namespace {

json demoImport() {
    return json::parse(test::demoBoardText());
}

json demoSnapshotJson() {
    BoardData b = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    b.seq = 42;
    b.generatedAt = "2026-11-28T10:00:00Z";
    return json::parse(encodeBoard(b, DocumentKind::Snapshot));
}

/// The error of a board refused by both readers (the streaming one and the cache's DOM
/// one), which must agree; REQUIREs that neither took it.
ProtocolError refusedBoard(const json& doc, DocumentKind kind) {
    const auto streamed = parseBoard(doc.dump(), kind);
    const auto whole = boardFromJson(doc, kind);
    REQUIRE_FALSE(streamed);
    REQUIRE_FALSE(whole);
    CHECK(whole.error().path == streamed.error().path);
    return streamed.error();
}

sys_seconds at(year_month_day date, hours h = hours{0}, minutes m = minutes{0}, seconds s = seconds{0}) {
    return sys_days{date} + h + m + s;
}

} // namespace

TEST_CASE("a calendar date is a day that exists", "[dates]") {
    CHECK(parseDate("2026-02-28") == 2026y / February / 28);
    CHECK(parseDate("2024-02-29") == 2024y / February / 29); // leap year
    CHECK(parseDate("2000-02-29") == 2000y / February / 29); // divisible by 400: leap
    CHECK(isValidDate("2026-04-30"));
    CHECK(isValidDate("2026-12-31"));
    CHECK(isValidDate("0000-01-01"));
    CHECK(isValidDate("9999-12-31"));

    CHECK_FALSE(parseDate("2026-02-31"));
    CHECK_FALSE(parseDate("2026-02-29")); // not a leap year
    CHECK_FALSE(parseDate("2025-02-29"));
    CHECK_FALSE(parseDate("1900-02-29")); // divisible by 100, not by 400
    CHECK_FALSE(parseDate("2026-13-01"));
    CHECK_FALSE(parseDate("2026-00-10"));
    CHECK_FALSE(parseDate("2026-04-31"));
    CHECK_FALSE(parseDate("2026-06-31"));
    CHECK_FALSE(parseDate("2026-01-00"));
    CHECK_FALSE(parseDate("2026-01-32"));
}

TEST_CASE("a calendar date has exactly the form YYYY-MM-DD", "[dates]") {
    for (const char* text : {"", "2026", "2026-2-28", "2026-02-8", "26-02-28", "02026-02-28", "2026/02/28",
                             "20260228", "2026-02-28 ", " 2026-02-28", "2026-02-28x", "2026-02-28T10:00:00Z",
                             "+2026-02-28", "-026-02-28", "2026-+2-28", "2026-0x-28", "2026--2-28"}) {
        INFO(text);
        CHECK_FALSE(isValidDate(text));
    }
    // Digits of other scripts are not digits: fullwidth, Arabic-Indic, and a NUL in the text.
    CHECK_FALSE(isValidDate("\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96-02-28")); // "２０２６"
    CHECK_FALSE(isValidDate("2026-02-\xD9\xA2\xD9\xA8"));                               // "٢٨"
    CHECK_FALSE(isValidDate(std::string("2026-02-2\0", 10)));
}

TEST_CASE("a refused date says why", "[dates]") {
    CHECK(dateProblem("2026-02-28").empty());
    CHECK(dateProblem("2026-02-31") == "2026-02 has 28 days");
    CHECK(dateProblem("2025-02-29") == "2025-02 has 28 days");
    CHECK(dateProblem("2026-04-31") == "2026-04 has 30 days");
    CHECK(dateProblem("2026-13-01") == "there is no month 13");
    CHECK(dateProblem("2026-00-10") == "there is no month 00");
    CHECK(dateProblem("2026-01-00") == "there is no day 00");
    CHECK_THAT(dateProblem("2026-2-28"), Catch::Contains("4 digits"));
    CHECK_THAT(dateProblem(""), Catch::Contains("4 digits"));
}

TEST_CASE("every date of two years goes round", "[dates]") {
    // Every day of a leap year and a common year, and every impossible one in between.
    int valid = 0;
    for (const int y : {2024, 2026}) {
        for (unsigned m = 0; m <= 13; ++m) {
            for (unsigned d = 0; d <= 32; ++d) {
                const year_month_day date{year{y}, month{m}, day{d}};
                const std::string text = std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) +
                                         "-" + (d < 10 ? "0" : "") + std::to_string(d);
                INFO(text);
                const auto parsed = parseDate(text);
                CHECK(parsed.has_value() == date.ok());
                if (parsed) {
                    CHECK(*parsed == date);
                    CHECK(formatIsoDate(*parsed) == text);
                    ++valid;
                }
            }
        }
    }
    CHECK(valid == 366 + 365);
    CHECK(formatIsoDate(2026y / February / 31).empty());
    CHECK(formatIsoDate(year{12026} / 1 / 1).empty());
}

TEST_CASE("a timestamp is RFC 3339 with an offset", "[dates]") {
    for (const char* text : {"2026-11-28T14:05:07Z", "2026-11-28T14:05:07+01:00", "2026-11-28T14:05:07-05:30",
                             "2026-11-28T14:05:07.1Z", "2026-11-28T14:05:07.123456789+01:00",
                             "2026-11-28T00:00:00Z", "2026-11-28T23:59:59Z", "2026-11-28T14:05:07+23:59",
                             "2026-11-28T14:05:07-23:59", "2026-11-28T14:05:07-00:00", "2024-02-29T12:00:00Z",
                             "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-23:59"}) {
        INFO(text);
        CHECK(timestampProblem(text).empty());
        CHECK(isValidTimestamp(text));
    }
}

TEST_CASE("a timestamp that is not one is refused, saying why", "[dates]") {
    struct Case {
        const char* text;
        const char* why;
    };
    const Case cases[] = {
        {"", "it needs"},
        {"2026-02-31T10:00:00Z", "2026-02 has 28 days"},
        {"2025-02-29T10:00:00Z", "2025-02 has 28 days"},
        {"2026-13-01T10:00:00Z", "no month 13"},
        {"2026-00-10T10:00:00Z", "no month 00"},
        {"2026-04-31T10:00:00Z", "2026-04 has 30 days"},
        {"2026-11-28T24:00:00Z", "hour 24"},
        {"2026-11-28T23:60:00Z", "minute 60"},
        {"2026-11-28T23:59:60Z", "leap seconds"},
        {"2016-12-31T23:59:60Z", "leap seconds"}, // a real one: refused all the same
        {"2026-11-28T23:59:61Z", "second 61"},
        {"2026-11-28T14:05:07", "no offset"},
        {"2026-11-28T14:05:07.5", "no offset"},
        {"2026-11-28T14:05:07+24:00", "offset +24:00"},
        {"2026-11-28T14:05:07-24:00", "offset -24:00"},
        {"2026-11-28T14:05:07+01:60", "offset +01:60"},
        {"2026-11-28T14:05:07+0100", "it needs"},
        {"2026-11-28T14:05:07+01", "it needs"},
        {"2026-11-28T14:05:07+1:00", "it needs"},
        {"2026-11-28T14:05:07 +01:00", "it needs"},
        {"2026-11-28t14:05:07Z", "lower-case 't'"},
        {"2026-11-28T14:05:07z", "lower-case 'z'"},
        {"2026-11-28 14:05:07Z", "a space"},
        {"2026-11-28T14:05:07ZZ", "text after"},
        {"2026-11-28T14:05:07Z ", "text after"},
        {"2026-11-28T14:05:07+01:00x", "text after"},
        {"2026-11-28T14:05:07.Z", "no digits after '.'"},
        {"2026-11-28T14:05:07.1234567890Z", "more than 9 digits"},
        {"2026-11-28T14:05:07,5Z", "it needs"},
        {"2026-11-28T14:05Z", "it needs"},
        {"2026-11-28T4:05:07Z", "it needs"},
        {"2026-11-28", "it needs"},
        {"2026-11-28T", "it needs"},
        {"2026-11-28T14:05:07UTC", "it needs"},
        {"2026-11-28T\xD9\xA1\xD9\xA4:05:07Z", "it needs"},           // Arabic-Indic "١٤"
        {"2026-11-28T14:05:07.\xEF\xBC\x95Z", "no digits after '.'"}, // fullwidth "５"
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK_FALSE(isValidTimestamp(c.text));
        CHECK_FALSE(parseTimestamp(c.text));
        CHECK_THAT(timestampProblem(c.text), Catch::Contains(c.why));
    }
}

TEST_CASE("an offset is applied to reach UTC", "[dates]") {
    const auto read = [](const char* text) {
        const auto dt = parseDateTime(text);
        REQUIRE(dt);
        return *dt;
    };
    CHECK(read("2026-01-01T01:00:00+01:00").utc == at(2026y / 1 / 1));
    CHECK(read("2026-01-01T01:00:00+01:00").offset == minutes{60});
    CHECK(read("2025-12-31T23:30:00-01:00").utc == at(2026y / 1 / 1, hours{0}, minutes{30}));
    CHECK(read("2025-12-31T23:30:00-01:00").offset == minutes{-60});
    CHECK(read("2026-03-01T05:44:00+05:45").utc == at(2026y / 2 / 28, hours{23}, minutes{59}));
    CHECK(read("2024-03-01T05:44:00+05:45").utc == at(2024y / 2 / 29, hours{23}, minutes{59}));
    CHECK(read("2026-11-28T14:05:07-00:00").utc == read("2026-11-28T14:05:07Z").utc);
    CHECK(read("2026-11-28T00:00:00+23:59").utc == at(2026y / 11 / 27, hours{0}, minutes{1}));
    CHECK(read("2026-11-28T23:59:59-23:59").utc == at(2026y / 11 / 29, hours{23}, minutes{58}, seconds{59}));
    CHECK(parseTimestamp("2026-01-01T01:00:00+01:00") == parseTimestamp("2026-01-01T00:00:00Z"));
    CHECK(parseTimestamp("2026-03-29T03:00:00+02:00") == parseTimestamp("2026-03-29T02:00:00+01:00"));
}

TEST_CASE("fractions of a second are read to the nanosecond", "[dates]") {
    CHECK(parseDateTime("2026-11-28T14:05:07Z")->fraction == nanoseconds{0});
    CHECK(parseDateTime("2026-11-28T14:05:07.5Z")->fraction == milliseconds{500});
    CHECK(parseDateTime("2026-11-28T14:05:07.05Z")->fraction == milliseconds{50});
    CHECK(parseDateTime("2026-11-28T14:05:07.123+01:00")->fraction == milliseconds{123});
    CHECK(parseDateTime("2026-11-28T14:05:07.000001Z")->fraction == microseconds{1});
    CHECK(parseDateTime("2026-11-28T14:05:07.123456789Z")->fraction == nanoseconds{123456789});
    CHECK(parseDateTime("2026-11-28T14:05:07.999999999Z")->fraction == nanoseconds{999999999});

    const auto whole = parseTimestamp("2026-11-28T14:05:07Z");
    const auto half = parseTimestamp("2026-11-28T14:05:07.5Z");
    REQUIRE(whole);
    REQUIRE(half);
    CHECK(*half - *whole == milliseconds{500});
    // The fraction comes on top of the whole seconds with an offset too.
    CHECK(*parseTimestamp("2026-11-28T15:05:07.25+01:00") - *whole == milliseconds{250});
    // Written back as whole seconds (the protocol's form), rounded down.
    CHECK(formatUtc(*half) == "2026-11-28T14:05:07Z");
    CHECK(formatUtc(*parseTimestamp("2026-11-28T14:05:07.999999999Z")) == "2026-11-28T14:05:07Z");
}

TEST_CASE("timestamps go round through formatUtc", "[dates][clock]") {
    for (const char* text :
         {"2026-11-28T14:05:07Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-12-31T23:59:59Z",
          "2000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1900-03-01T12:00:00Z", "2200-02-28T00:00:01Z"}) {
        INFO(text);
        const auto t = parseTimestamp(text);
        REQUIRE(t);
        CHECK(formatUtc(*t) == text);
    }
    CHECK(formatUtc(*parseTimestamp("2026-11-28T15:05:07+01:00")) == "2026-11-28T14:05:07Z");
    CHECK(formatUtc(*parseTimestamp("2026-01-01T00:30:00+01:00")) == "2025-12-31T23:30:00Z");
    CHECK(formatUtc(system_clock::time_point{}) == "1970-01-01T00:00:00Z");
    // Before 1970 a fraction rounds down too, not towards 1970.
    CHECK(formatUtc(*parseTimestamp("1969-12-31T23:59:59.5Z")) == "1969-12-31T23:59:59Z");

    std::mt19937_64 rng(20261128);
    std::uniform_int_distribution<std::int64_t> pick(-2'000'000'000, 7'000'000'000); // 1906 to 2191
    for (int i = 0; i < 10000; ++i) {
        const sys_seconds t{seconds{pick(rng)}};
        const std::string text = formatUtc(t);
        REQUIRE(isValidTimestamp(text));
        REQUIRE(parseTimestamp(text) == t);
    }
}

TEST_CASE("a timestamp beyond the wall clock's range is valid but has no instant", "[dates]") {
    // system_clock counts nanoseconds in 64 bits: 1677-09-21T00:12:43.145224192Z to
    // 2262-04-11T23:47:16.854775807Z. Outside, the text is a timestamp; parseTimestamp
    // says nullopt instead of overflowing.
    CHECK(isValidTimestamp("9999-12-31T23:59:59Z"));
    CHECK(parseDateTime("9999-12-31T23:59:59Z")->utc ==
          at(9999y / 12 / 31, hours{23}, minutes{59}, seconds{59}));
    CHECK_FALSE(parseTimestamp("9999-12-31T23:59:59Z"));
    CHECK_FALSE(parseTimestamp("0000-01-01T00:00:00Z"));
    CHECK_FALSE(parseTimestamp("2262-04-11T23:47:16Z"));
    CHECK(parseTimestamp("2262-04-11T23:47:15.999999999Z"));
    CHECK_FALSE(parseTimestamp("1677-09-21T00:12:43Z"));
    CHECK(parseTimestamp("1677-09-21T00:12:44Z"));
    CHECK(formatUtc(system_clock::time_point::max()) == "2262-04-11T23:47:16Z");
    CHECK(formatUtc(system_clock::time_point::min()) == "1677-09-21T00:12:43Z");
}

TEST_CASE("a board with a day that does not exist is refused whole, saying which",
          "[dates][codec][validation]") {
    SECTION("the import: a deadline of 31 February") {
        json doc = demoImport();
        REQUIRE(parseBoard(doc.dump(), DocumentKind::Import));
        doc["agreements"][0]["target"]["deadline"] = "2026-02-31";
        const ProtocolError e = refusedBoard(doc, DocumentKind::Import);
        CHECK(e.path == "/agreements/0/target/deadline");
        CHECK(e.describe() == "at /agreements/0/target/deadline: expected a date YYYY-MM-DD, got "
                              "\"2026-02-31\": 2026-02 has 28 days");
    }
    SECTION("the import: 29 February of a leap year is a day") {
        json doc = demoImport();
        doc["agreements"][0]["target"]["deadline"] = "2024-02-29";
        doc["definitions"][0]["valid_from"] = "2028-02-29";
        const auto parsed = parseBoard(doc.dump(), DocumentKind::Import);
        INFO((parsed ? std::string() : parsed.error().describe()));
        REQUIRE(parsed);
        CHECK(parsed.value().agreements[0].target.deadline == "2024-02-29");
    }
    SECTION("a snapshot: each kind of date and timestamp") {
        struct Case {
            json::json_pointer where;
            const char* value;
            const char* why;
        };
        const Case cases[] = {
            {json::json_pointer("/definitions/0/valid_from"), "2026-02-31", "2026-02 has 28 days"},
            {json::json_pointer("/projects/0/planned_delivery"), "2025-02-29", "2025-02 has 28 days"},
            {json::json_pointer("/projects/0/planned_delivery"), "2026-04-31", "2026-04 has 30 days"},
            {json::json_pointer("/agreements/1/target/deadline"), "2026-13-01", "no month 13"},
            {json::json_pointer("/agreements/2/updated_at"), "2026-02-31T10:00:00Z", "2026-02 has 28 days"},
            {json::json_pointer("/escalations/0/raised_at"), "2026-11-28T24:00:00Z", "hour 24"},
            {json::json_pointer("/meetings/0/starts_at"), "2026-11-28T13:30:00+24:00", "offset +24:00"},
            {json::json_pointer("/meetings/0/starts_at"), "2026-11-28T13:30:00", "no offset"},
            {json::json_pointer("/generated_at"), "2026-11-28t10:00:00z", "lower-case 't'"},
        };
        for (const auto& c : cases) {
            json doc = demoSnapshotJson();
            REQUIRE(parseBoard(doc.dump(), DocumentKind::Snapshot));
            doc[c.where] = c.value;
            INFO(c.where.to_string() << " = " << c.value);
            const ProtocolError e = refusedBoard(doc, DocumentKind::Snapshot);
            CHECK(e.path == c.where.to_string());
            CHECK_THAT(e.message,
                       Catch::Contains(std::string("\"") + c.value + "\"") && Catch::Contains(c.why));
        }
    }
}

TEST_CASE("a decision or a delta with a day that does not exist is refused", "[dates][codec][validation]") {
    SECTION("a decision request") {
        const json good = {{"escalation_id", "esc-01"},  {"outcome", "akkoord"},
                           {"option_id", nullptr},       {"note", ""},
                           {"decided_by", "Voorzitter"}, {"decided_at", "2026-11-28T14:07:12Z"},
                           {"meeting_id", nullptr}};
        REQUIRE(parseDecisionRequest(good.dump()));
        json bad = good;
        bad["decided_at"] = "2026-02-29T14:07:12+01:00";
        const auto parsed = parseDecisionRequest(bad.dump());
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().path == "/decided_at");
        CHECK_THAT(parsed.error().message, Catch::Contains("2026-02 has 28 days"));
    }
    SECTION("a delta upserting an agreement") {
        const json board = demoImport();
        json delta = {{"format", "regiebord.changes.v1"},
                      {"since", 41},
                      {"seq", 42},
                      {"generated_at", "2026-11-28T10:00:00Z"},
                      {"board", board["board"]},
                      {"upserts",
                       {{"parties", json::array()},
                        {"definitions", json::array()},
                        {"agreements", json::array({board["agreements"][0]})},
                        {"projects", json::array()},
                        {"production", json::array()},
                        {"escalations", json::array()},
                        {"meetings", json::array()},
                        {"actions", json::array()}}},
                      {"deletions", json::array()},
                      {"decisions", json::array()}};
        {
            const auto parsed = parseChanges(delta.dump());
            INFO((parsed ? std::string() : parsed.error().describe()));
            REQUIRE(parsed);
        }
        delta["upserts"]["agreements"][0]["target"]["deadline"] = "2026-02-31";
        const auto parsed = parseChanges(delta.dump());
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().path == "/upserts/agreements/0/target/deadline");
        CHECK_THAT(parsed.error().message, Catch::Contains("2026-02 has 28 days"));
    }
}
