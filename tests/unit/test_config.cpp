// The kiosk's TOML configuration: problems name file, line, key and expectation.

#include "config.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;
using namespace regiebord::ui;

TEST_CASE("a good config file is read over the defaults", "[ui][config]") {
    test::TempDir dir;
    test::writeFile(dir.file("k.toml"), "[hub]\nurl = \"https://hub.example.nl\"\nboard = \"regio-x\"\n"
                                        "[display]\nlanguage = \"en\"\nwidth = 1280\nheight = 720\n"
                                        "[sync]\npoll_seconds = 60\n");
    std::vector<ConfigProblem> problems;
    const KioskConfig c = loadConfig(dir.file("k.toml"), problems);
    CHECK(problems.empty());
    CHECK(c.hubUrl == "https://hub.example.nl");
    CHECK(c.boardId == "regio-x");
    CHECK(c.language == "en");
    CHECK(c.width == 1280);
    CHECK(c.pollSeconds == 60);
}

TEST_CASE("config problems say file, line, key and what was expected", "[ui][config]") {
    test::TempDir dir;
    const std::string path = dir.file("bad.toml");
    test::writeFile(
        path,
        "[hub]\nurl = \"https://hub\"\n\n[sync]\npoll_seconds = \"vaak\"\n[display]\nlanguag = \"nl\"\n");
    std::vector<ConfigProblem> problems;
    loadConfig(path, problems);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].describe() == path + ":5: sync.poll_seconds: expected a whole number from 5 to 3600");
    CHECK(problems[1].key == "display.languag");
    CHECK(problems[1].line == 7);

    problems.clear();
    test::writeFile(path, "[hub\nurl = 1\n");
    loadConfig(path, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 1);
}

TEST_CASE("a value of another TOML type is a problem, never converted", "[ui][config]") {
    // toml++ would turn a float into an integer with a plain cast: undefined for 1e99 (found by
    // fuzz_kiosk_config; its input is in the corpus ctest replays under UBSan).
    test::TempDir dir;
    const std::string path = dir.file("types.toml");
    test::writeFile(path, "[display]\nwidth = 0.9999999999999e99\nheight = 1080.0\nrotation = 90.0\n"
                          "[signage]\nweekdays_only = 1\n");
    std::vector<ConfigProblem> problems;
    loadConfig(path, problems);
    std::vector<std::string> keys;
    for (const auto& p : problems)
        keys.push_back(p.key);
    CHECK(keys == std::vector<std::string>{"display.width", "display.height", "display.rotation",
                                           "signage.weekdays_only"});
}

TEST_CASE("the token file must exist, be non-empty and private", "[ui][config]") {
    test::TempDir dir;
    std::vector<ConfigProblem> problems;
    CHECK_FALSE(readToken(dir.file("missing"), problems));
    test::writeFile(dir.file("open"), "secret\n", 0644);
    problems.clear();
    CHECK(readToken(dir.file("open"), problems) == "secret");
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].expected, Catch::Contains("chmod 600"));
    test::writeFile(dir.file("ok"), "secret\n", 0600);
    problems.clear();
    CHECK(readToken(dir.file("ok"), problems) == "secret");
    CHECK(problems.empty());
}

TEST_CASE("signage, rotation and chair settings are read and checked", "[ui][config]") {
    test::TempDir dir;
    const std::string path = dir.file("k.toml");
    test::writeFile(path, "[display]\nrotation = 90\nstale_minutes = 15\n"
                          "[signage]\noffice_hours = \"07:30-18:30\"\noutside_hours = \"black\"\n"
                          "carousel_after_minutes = 3\n[chair]\nidle_minutes = 2\n");
    std::vector<ConfigProblem> problems;
    const KioskConfig c = loadConfig(path, problems);
    REQUIRE(problems.empty());
    CHECK(c.rotation == 90);
    CHECK(c.staleMinutes == 15);
    CHECK(c.officeHours == "07:30-18:30");
    CHECK(c.outsideHours == "black");
    CHECK(c.carouselAfterMinutes == 3);
    CHECK(c.chairIdleMinutes == 2);

    test::writeFile(path, "[display]\nrotation = 45\n[signage]\noffice_hours = \"18:30-07:30\"\n"
                          "outside_hours = \"off\"\n");
    problems.clear();
    loadConfig(path, problems);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].describe() == path + ":2: display.rotation: expected one of 0 90 180 270");
    CHECK(problems[1].line == 4);
    CHECK(problems[1].key == "signage.office_hours");
    CHECK_THAT(problems[1].expected, Catch::Contains("HH:MM-HH:MM"));
    CHECK(problems[2].key == "signage.outside_hours");
    CHECK_THAT(problems[2].expected, Catch::Contains("\"dim\" \"black\""));
}

TEST_CASE("the packaged config file reads cleanly and is refused until its placeholders are filled in",
          "[ui][config]") {
    const std::string path = REGIEBORD_SOURCE_DIR "/packaging/kiosk/regiebord.toml";
    std::vector<ConfigProblem> problems;
    KioskConfig c = loadConfig(path, problems);
    REQUIRE(problems.empty()); // every key in the shipped file is a real key with a valid value
    CHECK(c.stateDir == "/var/lib/regiebord");
    validateConfig(c, path, problems);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].key == "hub.url");
    CHECK_THAT(problems[0].expected, Catch::Contains("example address"));
    CHECK(problems[1].key == "hub.board");

    problems.clear();
    c.hubUrl = "https://hub.regio-voorbeeld.example";
    c.boardId = "regio-voorbeeld";
    validateConfig(c, path, problems);
    CHECK(problems.empty());
}

TEST_CASE("no character toml++ cannot look at reaches it; in double quotes they stay as they are",
          "[ui][config]") {
    // toml++ 3.3.0 reaches __builtin_unreachable on U+00A1..U+0499 and others where it looks for
    // whitespace (found by tests/fuzz): as a bare key, in a 'literal string', after a backslash.
    test::TempDir dir;
    const std::string path = dir.file("k.toml");
    for (const std::string& text :
         {std::string("[hub]\n\xC2\xA7 = 1\n"), std::string("[display]\nlanguage = \"nl\" \xC3\xA9\n"),
          std::string("[hub]\nurl = 'caf\xC3\xA9'\n"), std::string("[hub]\nurl = \"\\\xC3\xA9\"\n")}) {
        test::writeFile(path, text);
        std::vector<ConfigProblem> problems;
        loadConfig(path, problems);
        REQUIRE(problems.size() == 1);
        CHECK_THAT(problems[0].expected, Catch::Contains("non-ASCII"));
        CHECK(problems[0].line == 2);
    }
    // In double quotes (also multi-line, also after a line-ending backslash) and in comments: welcome.
    test::writeFile(path, "# Zaal \xC3\xA9\xC3\xA9n, Stuurgroep \xC2\xA7 3\n[display]\nfont_dir = "
                          "\"/usr/share/fonts/caf\xC3\xA9\"\n"
                          "renderer = \"\"\"soft\xC3\xAB\\\n   \xC3\xABware\"\"\"\n");
    std::vector<ConfigProblem> problems;
    const KioskConfig c = loadConfig(path, problems);
    for (const auto& p : problems)
        UNSCOPED_INFO(p.describe());
    CHECK(problems.empty());
    CHECK(c.fontDir == "/usr/share/fonts/caf\xC3\xA9");
    CHECK(c.renderer == "soft\xC3\xAB\xC3\xABware");
}

TEST_CASE("the room sets the type scale: 16 mm capitals at 5 m on any panel of the room's size",
          "[ui][config]") {
    using namespace regiebord::ui;
    const RoomProfile room; // 55", 5 m
    CHECK(bodyCapMillimetres(room) == Approx(16.0));
    // 1080p and 4K on the same 55": the same millimetres, twice the pixels.
    const RoomScale hd = roomScale(room, 1920, 1080);
    const RoomScale uhd = roomScale(room, 3840, 2160);
    CHECK_FALSE(hd.tooSmall);
    CHECK(hd.bodyCapMm == Approx(16.0).epsilon(0.001));
    CHECK(uhd.bodyCapMm == Approx(16.0).epsilon(0.001));
    CHECK(uhd.scale == Approx(2 * hd.scale));
    CHECK(hd.scale == Approx(1.185).epsilon(0.01)); // 34-unit body text at 40 px
    // Farther away: larger; a larger screen at the same distance: the same mm, fewer px.
    CHECK(roomScale({55, 550}, 1920, 1080).bodyCapMm == Approx(16.0 * 5.5 / 5).epsilon(0.001));
    CHECK(roomScale({75, 500}, 1920, 1080).scale < hd.scale);
    // A screen too small for its room: capped so the layout keeps 800 units, and said so.
    const RoomScale small = roomScale({32, 800}, 1920, 1080);
    CHECK(small.tooSmall);
    CHECK(small.scale == Approx(1080.0f / kMinShortSideUnits));
    CHECK(small.bodyCapMm < bodyCapMillimetres({32, 800}));
    // Never below 0.4.
    CHECK(roomScale({150, 50}, 800, 480).scale == Approx(0.4f));
}

TEST_CASE("room.screen_inches and room.viewing_distance_cm are read and range-checked", "[ui][config]") {
    using namespace regiebord::test;
    TempDir dir;
    const std::string path = dir.path() + "/k.toml";
    writeFile(path, "[room]\nscreen_inches = 65\nviewing_distance_cm = 600\n");
    std::vector<ConfigProblem> problems;
    KioskConfig c = loadConfig(path, problems);
    CHECK(problems.empty());
    CHECK(c.room.screenInches == 65);
    CHECK(c.room.viewingDistanceCm == 600);
    writeFile(path, "[room]\nscreen_inches = 3\nviewing_distance_cm = 99999\n");
    problems.clear();
    c = loadConfig(path, problems);
    CHECK(problems.size() == 2);
    CHECK(c.room.screenInches == 55); // the default stays
}
