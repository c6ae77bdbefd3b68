// The JSON codec: the demo board, round trips, and malformed input rejected whole with a path.

#include "protocol.hpp"
#include "text.hpp"

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace regiebord;
using nlohmann::json;

namespace {

json demo() {
    return json::parse(test::demoBoardText());
}

ProtocolError rejected(const json& doc, DocumentKind kind = DocumentKind::Import) {
    auto parsed = parseBoard(doc.dump(), kind);
    REQUIRE_FALSE(parsed);
    return parsed.error();
}

} // namespace

TEST_CASE("the demo board parses and matches the file", "[codec]") {
    const json doc = demo();
    auto parsed = parseBoard(doc.dump(), DocumentKind::Import);
    INFO((parsed ? std::string() : parsed.error().describe()));
    REQUIRE(parsed);
    const BoardData& b = parsed.value();
    CHECK(b.board.demo);
    CHECK(b.parties.size() == doc["parties"].size());
    CHECK(b.agreements.size() == doc["agreements"].size());
    CHECK(b.agreements.size() >= 30);
    CHECK(b.escalations.size() == doc["escalations"].size());
    CHECK(b.meetings.size() == doc["meetings"].size());
    CHECK(b.production.size() == doc["production"].size());
    int gemeenten = 0, corporaties = 0, huurders = 0, open = 0;
    for (const auto& p : b.parties) {
        gemeenten += p.kind == PartyKind::Gemeente;
        corporaties += p.kind == PartyKind::Corporatie;
        huurders += p.kind == PartyKind::Huurdersorganisatie;
    }
    for (const auto& e : b.escalations)
        open += e.status == EscalationStatus::Open;
    CHECK(gemeenten >= 4);
    CHECK(corporaties >= 4);
    CHECK(huurders >= 2);
    CHECK(open >= 8);
}

TEST_CASE("a snapshot survives encode and parse unchanged", "[codec]") {
    BoardData b = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    b.seq = 42;
    b.generatedAt = "2026-11-28T10:00:00Z";
    Decision d;
    d.id = "dec-1";
    d.request.escalationId = b.escalations.front().id;
    d.request.outcome = Outcome::Option;
    d.request.optionId = b.escalations.front().options.front().id;
    d.request.note = "Met één opmerking";
    d.request.decidedBy = "Voorzitter";
    d.request.decidedAt = "2026-11-28T10:01:00Z";
    d.deviceId = "dev-1";
    d.receivedAt = "2026-11-28T10:01:01Z";
    d.idempotencyKey = "0b9f3f7e-3c44-4a55-9a3e-2f1c0e2b8d11";
    b.decisions.push_back(d);

    auto again = parseBoard(encodeBoard(b, DocumentKind::Snapshot), DocumentKind::Snapshot);
    REQUIRE(again);
    const BoardData& c = again.value();
    CHECK(c.seq == 42);
    REQUIRE(c.agreements.size() == b.agreements.size());
    CHECK(c.agreements[3].title == b.agreements[3].title);
    CHECK(c.agreements[3].progress.inProgress == b.agreements[3].progress.inProgress);
    CHECK(c.parties[0].color == b.parties[0].color);
    CHECK(c.escalations[2].options.size() == b.escalations[2].options.size());
    REQUIRE(c.decisions.size() == 1);
    CHECK(c.decisions[0].request == d.request);
    CHECK(c.decisions[0].idempotencyKey == d.idempotencyKey);
    // The encoded form is stable (what the stores keep per object).
    CHECK(encodeBoard(c, DocumentKind::Snapshot) == encodeBoard(b, DocumentKind::Snapshot));
}

TEST_CASE("malformed documents are rejected whole, saying where", "[codec][validation]") {
    SECTION("not JSON, or cut off") {
        CHECK_THAT(parseBoard("<html>", DocumentKind::Import).error().message,
                   Catch::Contains("malformed JSON"));
        const std::string text = test::demoBoardText();
        CHECK_FALSE(parseBoard(text.substr(0, text.size() / 2), DocumentKind::Import));
        CHECK_FALSE(parseBoard("", DocumentKind::Import));
    }
    SECTION("wrong format") {
        json doc = demo();
        doc["format"] = "regiebord.board.v2";
        CHECK(rejected(doc).path == "/format");
        CHECK(rejected(demo(), DocumentKind::Snapshot).path == "/format");
    }
    SECTION("missing required field") {
        json doc = demo();
        doc["agreements"][3].erase("title");
        const auto e = rejected(doc);
        CHECK(e.path == "/agreements/3/title");
        CHECK_THAT(e.message, Catch::Contains("missing"));
    }
    SECTION("wrong type") {
        json doc = demo();
        doc["agreements"][0]["target"]["quantity"] = "veel";
        CHECK(rejected(doc).path == "/agreements/0/target/quantity");
        doc = demo();
        doc["parties"] = json::object();
        CHECK(rejected(doc).path == "/parties");
    }
    SECTION("unknown enum value lists the allowed ones") {
        json doc = demo();
        doc["agreements"][5]["status"] = "uitstekend";
        const auto e = rejected(doc);
        CHECK(e.path == "/agreements/5/status");
        CHECK_THAT(e.message, Catch::Contains("op_koers") && Catch::Contains("uitstekend"));
    }
    SECTION("ids, sizes and numbers") {
        json doc = demo();
        doc["parties"][0]["id"] = "gemeente met spaties";
        CHECK(rejected(doc).path == "/parties/0/id");
        doc = demo();
        doc["agreements"][1]["title"] = std::string(201, 'x');
        CHECK(rejected(doc).path == "/agreements/1/title");
        doc = demo();
        std::string e200;
        for (int i = 0; i < 200; ++i)
            e200 += "é"; // 200 characters, 400 bytes: allowed
        doc["agreements"][1]["title"] = e200;
        CHECK(parseBoard(doc.dump(), DocumentKind::Import));
        doc = demo();
        doc["agreements"][2]["progress"]["realised"] = -1;
        CHECK(rejected(doc).path == "/agreements/2/progress/realised");
        doc = demo();
        doc["agreements"][2]["target"]["quantity"] = 1e13;
        CHECK(rejected(doc).path == "/agreements/2/target/quantity");
    }
    SECTION("dates and timestamps") {
        json doc = demo();
        doc["agreements"][0]["target"]["deadline"] = "2026-13-01";
        CHECK(rejected(doc).path == "/agreements/0/target/deadline");
        doc = demo();
        doc["escalations"][0]["raised_at"] = "2026-11-01 10:00";
        CHECK(rejected(doc).path == "/escalations/0/raised_at");
    }
    SECTION("invalid UTF-8 inside a string") {
        std::string text = demo().dump();
        const auto at = text.find("Voorbeeld");
        REQUIRE(at != std::string::npos);
        text[at] = static_cast<char>(0xC3);
        text[at + 1] = static_cast<char>(0x28); // an invalid two-byte sequence
        CHECK_FALSE(parseBoard(text, DocumentKind::Import));
    }
    SECTION("nesting deeper than the limit") {
        json doc = demo();
        json deep = json::array();
        for (int i = 0; i < 40; ++i)
            deep = json::array({deep});
        doc["extra"] = deep;
        CHECK_THAT(rejected(doc).message, Catch::Contains("nesting"));
    }
    SECTION("dangling references and duplicate ids") {
        json doc = demo();
        doc["agreements"][4]["owner"] = "gem-bestaat-niet";
        CHECK(rejected(doc).path == "/agreements/4/owner");
        doc = demo();
        doc["escalations"][1]["meeting"] = "mtg-nergens";
        CHECK(rejected(doc).path == "/escalations/1/meeting");
        doc = demo();
        doc["agreements"][1]["id"] = doc["agreements"][0]["id"];
        CHECK(rejected(doc).path == "/agreements/1/id");
    }
    SECTION("oversized document") {
        Limits small;
        small.maxDocumentBytes = 1000;
        CHECK_THAT(parseBoard(test::demoBoardText(), DocumentKind::Import, small).error().message,
                   Catch::Contains("larger"));
    }
}

TEST_CASE("decision requests are validated", "[codec][validation]") {
    const json good{{"escalation_id", "esc-01"},  {"outcome", "option"},
                    {"option_id", "esc-01-a"},    {"note", ""},
                    {"decided_by", "Voorzitter"}, {"decided_at", "2026-11-28T14:07:12Z"},
                    {"meeting_id", nullptr}};
    REQUIRE(parseDecisionRequest(good.dump()));
    json j = good;
    j.erase("option_id");
    CHECK(parseDecisionRequest(j.dump()).error().path == "/option_id");
    j = good;
    j["outcome"] = "akkoord";
    CHECK(parseDecisionRequest(j.dump()).error().path == "/option_id");
    j = good;
    j["note"] = std::string(501, 'n');
    CHECK(parseDecisionRequest(j.dump()).error().path == "/note");
    const auto decoded =
        parseDecisionRequest(encodeDecisionRequest(parseDecisionRequest(good.dump()).value()));
    REQUIRE(decoded);
    CHECK(decoded.value().optionId == "esc-01-a");
}

TEST_CASE("timestamps and dates follow RFC 3339", "[codec]") {
    CHECK(isValidTimestamp("2026-11-28T14:05:00Z"));
    CHECK(isValidTimestamp("2026-11-28T14:05:00+01:00"));
    CHECK(isValidTimestamp("2026-11-28T14:05:00.123Z"));
    CHECK_FALSE(isValidTimestamp("2026-11-28T14:05:00"));
    CHECK_FALSE(isValidTimestamp("2026-11-28 14:05:00Z"));
    CHECK_FALSE(isValidTimestamp("2026-11-28T25:05:00Z"));
    CHECK(isValidDate("2026-02-28"));
    CHECK_FALSE(isValidDate("2026-2-28"));
    CHECK(isValidId("pa-01.v2_x"));
    CHECK_FALSE(isValidId(""));
    CHECK_FALSE(isValidId(std::string(65, 'a')));
}

TEST_CASE("the streaming reader of big lists agrees with the whole-document reader", "[codec][validation]") {
    const json doc = demo();
    auto streamed = parseBoard(doc.dump(), DocumentKind::Import);
    auto whole = boardFromJson(doc, DocumentKind::Import);
    REQUIRE(streamed);
    REQUIRE(whole);
    CHECK(encodeBoard(streamed.value(), DocumentKind::Import) ==
          encodeBoard(whole.value(), DocumentKind::Import));

    // A list element that is not an object, and a list too long, both named by path.
    json bad = doc;
    bad["agreements"][2] = 7;
    CHECK(rejected(bad).path == "/agreements/2");
    bad = doc;
    bad["projects"][1] = json::array({1});
    CHECK(rejected(bad).path == "/projects/1");
    Limits small;
    small.maxItemsPerList = 3;
    auto tooMany = parseBoard(doc.dump(), DocumentKind::Import, small);
    REQUIRE_FALSE(tooMany);
    CHECK_THAT(tooMany.error().describe(), Catch::Contains("too many items"));
    // A bad element and broken JSON later on: the broken JSON is what is reported.
    bad = doc;
    bad["agreements"][0]["status"] = "uitstekend";
    const std::string text = bad.dump();
    auto truncated = parseBoard(text.substr(0, text.size() - 40), DocumentKind::Import);
    REQUIRE_FALSE(truncated);
    CHECK_THAT(truncated.error().describe(), Catch::Contains("malformed JSON"));
}

TEST_CASE("a parse error quoting invalid UTF-8 is reported as valid UTF-8", "[protocol][text]") {
    const std::string board = test::demoBoardText();
    std::string bad = board;
    const auto at = bad.find("Regio Voorbeeldland");
    REQUIRE(at != std::string::npos);
    bad[at + 2] = '\xFF';
    for (const auto kind : {DocumentKind::Import, DocumentKind::Snapshot}) {
        auto parsed = parseBoard(bad, kind);
        REQUIRE_FALSE(parsed);
        CHECK(isValidUtf8(parsed.error().describe()));
        CHECK(parsed.error().describe().size() < 600);
        CHECK(parsed.error().describe().find('\n') == std::string::npos);
    }
    auto decision = parseDecisionRequest("{\"escalation_id\": \"esc-\xC3\x28\"}");
    REQUIRE_FALSE(decision);
    CHECK(isValidUtf8(decision.error().describe()));
    auto changes = parseChanges("{\"format\": \"\xF0\x28\x8C\x28\"}");
    REQUIRE_FALSE(changes);
    CHECK(isValidUtf8(changes.error().describe()));
}

TEST_CASE("duplicate keys are refused, at any depth", "[protocol]") {
    auto first =
        parseDecisionRequest(R"({"escalation_id":"esc-01","outcome":"akkoord","outcome":"afgewezen",)"
                             R"("decided_by":"V","decided_at":"2026-11-28T14:00:00Z"})");
    REQUIRE_FALSE(first);
    CHECK_THAT(first.error().message, Catch::Contains("duplicate key \"outcome\""));
    // Inside a list element of a streamed board, and in the board header.
    std::string board = test::demoBoardText();
    const auto agreement = board.find("\"title\"", board.find("\"agreements\""));
    REQUIRE(agreement != std::string::npos);
    board.insert(agreement, "\"title\": \"twice\", ");
    auto parsed = parseBoard(board, DocumentKind::Import);
    REQUIRE_FALSE(parsed);
    CHECK_THAT(parsed.error().message, Catch::Contains("duplicate key \"title\""));
    std::string header = test::demoBoardText();
    header.insert(header.find("\"board\": {") + 10, "\"demo\": false, ");
    CHECK_FALSE(parseBoard(header, DocumentKind::Import));
    // The same key in sibling objects is fine.
    CHECK(parseBoard(test::demoBoardText(), DocumentKind::Import));
}

TEST_CASE("a sequence in a query is digits only", "[protocol]") {
    CHECK(parseSequence("0") == 0);
    CHECK(parseSequence("42") == 42);
    CHECK(parseSequence("999999999999999999") == 999999999999999999LL);
    for (const char* bad :
         {"", "1 OR 1=1", "+1", "-1", " 1", "1 ", "1e3", "0x10", "1.0", "１", "9999999999999999999"})
        CHECK_FALSE(parseSequence(bad));
    CHECK(parseChangesQuery("since=12") == 12);
    for (const char* bad : {"since=1%20OR%201=1", "since=1&since=2", "since=%31", "Since=1", "since=1&x=2",
                            "x=1&since=1", "since="})
        CHECK_FALSE(parseChangesQuery(bad));
}

TEST_CASE("a heartbeat goes through the codec both ways", "[protocol]") {
    Heartbeat h;
    h.version = "0.1.0";
    h.dataAgeSeconds = 12;
    h.outboxDepth = 2;
    h.lastError = std::string("hub sent \xFF junk\nsecond line");
    h.uptimeSeconds = 86400;
    h.memoryKb = 41234;
    h.clockOffsetSeconds = -3;
    h.fault = "outbox cannot be read: database is locked";
    h.cacheRebuilds = 1;
    h.outboxDamage = Heartbeat::OutboxDamage{"/var/lib/regiebord/outbox.db.damaged-20261204T221500Z",
                                             "2026-12-04T22:15:00Z", 3};
    const std::string text = encodeHeartbeat(h);
    CHECK(isValidUtf8(text));
    auto back = parseHeartbeat(text);
    REQUIRE(back);
    CHECK(back.value().lastError == "hub sent \xEF\xBF\xBD junk second line");
    CHECK(back.value().outboxDamage == h.outboxDamage);
    CHECK(back.value().fault == h.fault);
    CHECK(back.value().clockOffsetSeconds == -3);
    // The old form (without the new fields) still reads; a missing field does not.
    CHECK(parseHeartbeat(R"({"version":"0.1.0","data_age_seconds":-1,"outbox_depth":0,"last_error":"",)"
                         R"("uptime_seconds":5,"memory_kb":100})"));
    CHECK_FALSE(parseHeartbeat(R"({"version":"0.1.0","data_age_seconds":-1,"last_error":"",)"
                               R"("uptime_seconds":5,"memory_kb":100})"));
    CHECK_FALSE(
        parseHeartbeat(R"({"version":"0.1.0","data_age_seconds":-1,"outbox_depth":-4,"last_error":"",)"
                       R"("uptime_seconds":5,"memory_kb":100})"));
}

TEST_CASE("an error body goes through the codec both ways", "[protocol]") {
    const std::string text = encodeErrorResponse({"invalid_request", std::string("at /x: bad \xC3")});
    CHECK(isValidUtf8(text));
    auto back = parseErrorResponse(text);
    REQUIRE(back);
    CHECK(back.value().code == "invalid_request");
    CHECK_FALSE(parseErrorResponse("<html>502 Bad Gateway</html>"));
}

TEST_CASE("actions: who does what by when, and where it was agreed", "[codec][validation]") {
    const auto board = parseBoard(test::demoBoardText(), DocumentKind::Import);
    REQUIRE(board);
    REQUIRE(board.value().actions.size() >= 3);
    const Action& first = board.value().actions[0];
    CHECK(first.id == "act-01");
    CHECK(first.owner == "gem-voorbeeldstad");
    CHECK(first.status == ActionStatus::Afgerond);
    CHECK(first.meeting == std::optional<std::string>("mtg-2026-10"));
    CHECK(first.agendaItem == std::optional<int>(3));
    CHECK(first.escalation == std::optional<std::string>("esc-13"));
    // Written back as read.
    CHECK(toJson(first) == demo()["actions"][0]);

    struct Bad {
        const char* field;
        json value;
        const char* says;
    };
    for (const Bad& bad : std::vector<Bad>{{"owner", "gem-bestaat-niet", "unknown"},
                                           {"meeting", "mtg-bestaat-niet", "unknown"},
                                           {"escalation", "esc-bestaat-niet", "unknown"},
                                           {"due", "2026-02-31", "date"},
                                           {"status", "half", "afgerond"},
                                           {"created_at", "gisteren", "timestamp"},
                                           {"agenda_item", -1, "integer"}}) {
        INFO(bad.field);
        json doc = demo();
        doc["actions"][1][bad.field] = bad.value;
        const auto e = rejected(doc);
        CHECK(e.path == std::string("/actions/1/") + bad.field);
        CHECK_THAT(e.message, Catch::Contains(bad.says));
    }
    json doc = demo();
    doc["actions"][4]["agenda_item"] = 2; // act-05 follows an escalation, not a meeting
    CHECK(rejected(doc).path == "/actions/4/agenda_item");
    doc = demo();
    doc["actions"][2]["id"] = doc["actions"][1]["id"];
    CHECK_THAT(rejected(doc).message, Catch::Contains("duplicate"));
    doc = demo();
    doc.erase("actions");
    CHECK(rejected(doc).path == "/actions");
}

TEST_CASE("board codec: two production figures or agenda items with one key are refused",
          "[codec][validation]") {
    BoardData board = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    board.production.push_back(board.production[0]);
    const auto twice = parseBoard(encodeBoard(board, DocumentKind::Import), DocumentKind::Import);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().path == "/production/" + std::to_string(board.production.size() - 1));
    CHECK_THAT(twice.error().message, Catch::StartsWith("duplicate key \""));

    json agenda =
        boardToJson(parseBoard(test::demoBoardText(), DocumentKind::Import).value(), DocumentKind::Import);
    auto& items = agenda["meetings"][0]["agenda"];
    REQUIRE(items.size() >= 2);
    items[1]["order"] = items[0]["order"];
    const auto same = boardFromJson(agenda, DocumentKind::Import);
    REQUIRE_FALSE(same);
    CHECK(same.error().path == "/meetings/0/agenda/1/order");
}

TEST_CASE("protocol: a meeting's current agenda item is read, written, and must be on its agenda",
          "[protocol][meeting]") {
    nlohmann::json doc = nlohmann::json::parse(test::demoBoardText());
    auto& meeting = doc["meetings"][0];
    const int order = meeting["agenda"][1]["order"].get<int>();
    meeting["current_item"] = {
        {"order", order}, {"set_by", "raadzaal-1"}, {"set_at", "2026-12-10T14:40:00+01:00"}};
    auto board = parseBoard(doc.dump(), DocumentKind::Import);
    REQUIRE(board);
    const Meeting& m = board.value().meetings[0];
    REQUIRE(m.current);
    CHECK(m.current->order == order);
    CHECK(m.current->setBy == "raadzaal-1");
    CHECK(m.current->setAt == "2026-12-10T14:40:00+01:00");
    // Written back the same; a meeting without one has no such member at all.
    const auto again = parseBoard(encodeBoard(board.value(), DocumentKind::Import), DocumentKind::Import);
    REQUIRE(again);
    REQUIRE(again.value().meetings[0].current);
    CHECK(again.value().meetings[0].current->order == order);
    CHECK_FALSE(again.value().meetings[1].current);
    const std::string written = encodeBoard(again.value(), DocumentKind::Import);
    CHECK(written.find("\"current_item\"") == written.rfind("\"current_item\"")); // one meeting has one
    meeting["current_item"] = nullptr;
    CHECK_FALSE(parseBoard(doc.dump(), DocumentKind::Import).value().meetings[0].current);

    meeting["current_item"] = {{"order", 999}, {"set_by", "raadzaal-1"}, {"set_at", "2026-12-10T14:40:00Z"}};
    const auto refused = parseBoard(doc.dump(), DocumentKind::Import);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().describe(), Catch::Contains("/meetings/0/current_item/order"));
    meeting["current_item"] = {{"order", order}, {"set_by", "raadzaal-1"}, {"set_at", "gisteren"}};
    CHECK_FALSE(parseBoard(doc.dump(), DocumentKind::Import));
    meeting["current_item"] = {{"order", order}, {"set_at", "2026-12-10T14:40:00Z"}};
    CHECK_FALSE(parseBoard(doc.dump(), DocumentKind::Import));
}

TEST_CASE("protocol: the body that sets the current agenda item", "[protocol][meeting]") {
    CHECK(parseCurrentItemRequest(R"({"order":4})").value().order == 4);
    CHECK_FALSE(parseCurrentItemRequest(R"({"order":null})").value().order);
    CHECK(encodeCurrentItemRequest({4}) == R"({"order":4})");
    CHECK(encodeCurrentItemRequest({std::nullopt}) == R"({"order":null})");
    for (const char* bad : {"", "{}", "null", R"({"order":"4"})", R"({"order":1001})", R"({"order":4.5})",
                            R"({"order":1,"order":2})", "[4]"}) {
        INFO(bad);
        CHECK_FALSE(parseCurrentItemRequest(bad));
    }
}
