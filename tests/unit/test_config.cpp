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
