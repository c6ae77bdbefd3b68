// Text from foreign bytes becomes valid UTF-8, one line, cut at a character.

#include "json_text.hpp"
#include "text.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;

TEST_CASE("invalid UTF-8 is replaced, valid text is kept as it is", "[text]") {
    CHECK(isValidUtf8("Stuurgroep Wonen \xC3\xA9\xE2\x82\xAC"));
    CHECK(validUtf8("caf\xC3\xA9") == "caf\xC3\xA9");
    for (const std::string& bad : {std::string("a\xFF"
                                               "b"),
                                   std::string("\xC3"), std::string("\xC0\xAF"), // overlong
                                   std::string("\xED\xA0\x80"),                  // a UTF-16 surrogate
                                   std::string("\xF4\x90\x80\x80"),              // above U+10FFFF
                                   std::string("\x80\x80\x80")}) {
        CHECK_FALSE(isValidUtf8(bad));
        CHECK(isValidUtf8(validUtf8(bad)));
        CHECK_THAT(validUtf8(bad), Catch::Contains("\xEF\xBF\xBD")); // U+FFFD
    }
}

TEST_CASE("one line holds no control characters and is cut at a character boundary", "[text]") {
    CHECK(oneLine("a\nb\r\tc\x1B[31m") == "a b  c [31m");
    CHECK(oneLine("\xC2\x85next") == " next"); // C1 NEL
    const std::string long_(100, 'x');
    CHECK(oneLine(long_, 10) == "xxxxxxx\xE2\x80\xA6");
    CHECK(oneLine(long_, 10).size() == 10);
    // A two-byte character is never split: "é" = C3 A9.
    std::string accents;
    for (int i = 0; i < 20; ++i)
        accents += "\xC3\xA9";
    for (std::size_t max = 3; max < 20; ++max) {
        const std::string cut = oneLine(accents, max);
        CHECK(cut.size() <= max);
        CHECK(isValidUtf8(cut));
    }
    CHECK(oneLine("short", 10) == "short");
}

TEST_CASE("JSON text never throws on a string that is not UTF-8", "[text]") {
    nlohmann::json j{{"last_error", std::string("bad \xFF byte")}};
    CHECK_THROWS(j.dump()); // what nlohmann does by default: type_error.316
    std::string text;
    CHECK_NOTHROW(text = jsonText(j));
    CHECK(isValidUtf8(text));
}

TEST_CASE("hex: bytes to lower-case digits and back; anything else is refused", "[text]") {
    const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
    CHECK(toHex(bytes, sizeof bytes) == "000fa5ff");
    CHECK(toHex(bytes, 0).empty());
    CHECK(fromHex("000fa5ff") == std::vector<unsigned char>{0x00, 0x0f, 0xa5, 0xff});
    CHECK(fromHex("000FA5FF") == std::vector<unsigned char>{0x00, 0x0f, 0xa5, 0xff});
    CHECK_FALSE(fromHex(""));
    CHECK_FALSE(fromHex("abc")); // odd length
    CHECK_FALSE(fromHex("0g"));  // not a digit
    CHECK_FALSE(fromHex("0 "));
    CHECK(hexDigitValue('7') == 7);
    CHECK(hexDigitValue('b') == 11);
    CHECK(hexDigitValue('F') == 15);
    CHECK(hexDigitValue('g') == -1);
    CHECK(hexDigitValue('\xff') == -1);
}
