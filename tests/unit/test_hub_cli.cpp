// The hub's command line run in-process (runHubCli) against an SQLite file in a temp
// dir: every administration command with its output and exit code, their error paths,
// and the command line's own errors. The binary itself is tested in
// tests/integration (test_hub_admin.cpp, test_hub_config.cpp).

#include "hub_cli.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace regiebord;
using namespace regiebord::test;

namespace {

constexpr const char* kDemoBoardFile = REGIEBORD_SOURCE_DIR "/assets/demo/board.json";

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

/// regiebord-hub with a configuration file of its own (never the machine's) and a store in a temp dir.
class Hub {
public:
    Hub() { writeFile(m_config, ""); }

    /// Runs `regiebord-hub -c CONFIG --db STORE args...`.
    Outcome operator()(const std::vector<std::string>& args) const {
        std::vector<std::string> argv{"-c", m_config, "--db", m_db};
        argv.insert(argv.end(), args.begin(), args.end());
        return bare(argv);
    }
    /// Runs `regiebord-hub args...` as they are.
    static Outcome bare(const std::vector<std::string>& args) {
        std::vector<const char*> argv{"regiebord-hub"};
        for (const auto& a : args)
            argv.push_back(a.c_str());
        std::ostringstream out;
        std::ostringstream err;
        const int code = hub::runHubCli(static_cast<int>(argv.size()), argv.data(), out, err);
        return {code, out.str(), err.str()};
    }

    /// Imports the demo board.
    void importDemo() const {
        const Outcome imported = (*this)({"import", kDemoBoardFile});
        INFO(imported.err);
        REQUIRE(imported.code == 0);
    }

    const TempDir& dir() const { return m_dir; }
    const std::string& config() const { return m_config; }
    const std::string& db() const { return m_db; }

private:
    TempDir m_dir;
    std::string m_config = m_dir.file("hub.toml");
    std::string m_db = m_dir.file("hub.db");
};

} // namespace

TEST_CASE("cli: import reports the board, or why nothing was imported", "[hub][cli]") {
    Hub hub;
    const Outcome ok = hub({"import", kDemoBoardFile});
    CHECK(ok.code == 0);
    CHECK_THAT(ok.out, Catch::StartsWith("regiebord-hub: imported board demo-regio (") &&
                           Catch::Contains(" agreements, ") && Catch::EndsWith(", sequence 1\n"));
    CHECK(ok.err.empty());
    CHECK(hub({"import", kDemoBoardFile}).out.find("sequence 1\n") != std::string::npos); // nothing changed

    const Outcome missing = hub({"import", hub.dir().file("nope.json")});
    CHECK(missing.code == 1);
    CHECK(missing.err == "regiebord-hub: " + hub.dir().file("nope.json") + ": cannot read the file\n");

    writeFile(hub.dir().file("bad.json"), R"({"format": "regiebord.board.v1"})");
    const Outcome bad = hub({"import", hub.dir().file("bad.json")});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Catch::StartsWith("regiebord-hub: " + hub.dir().file("bad.json") + ": rejected "));
    CHECK(bad.out.empty());
}

TEST_CASE("cli: every import is in the history: who, the file's SHA-256, dry run, applied or refused",
          "[hub][cli]") {
    Hub hub;
    CHECK(hub({"history"}).out == "regiebord-hub: history: no imports\n");
    REQUIRE(hub({"import", kDemoBoardFile, "--by", "Anna (secretariaat)"}).code == 0);
    const Outcome dry = hub({"import", "--dry-run", kDemoBoardFile, "--by", "Bert"});
    CHECK(dry.code == 0);
    CHECK_THAT(dry.out, Catch::Contains("er verandert niets op de hub") &&
                            Catch::EndsWith("Totaal: geen wijzigingen\n"));
    writeFile(hub.dir().file("bad.json"), R"({"format": "regiebord.board.v1"})");
    CHECK(hub({"import", hub.dir().file("bad.json"), "--by", "Carla"}).code == 1);
    CHECK(hub({"import", kDemoBoardFile, "--board", "ander-bord"}).code == 1);

    const Outcome history = hub({"history", "--board", "demo-regio"});
    CHECK(history.code == 0);
    std::vector<std::string> lines;
    std::istringstream in(history.out);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    REQUIRE(lines.size() == 4); // the heading, then newest first; the bad file names no board
    CHECK_THAT(lines[0],
               Catch::StartsWith("wanneer (UTC)") && Catch::Contains("sha256") && Catch::EndsWith("bestand"));
    CHECK_THAT(lines[1], Catch::Contains(" geweigerd ") && Catch::Contains("demo-regio"));
    CHECK_THAT(lines[2],
               Catch::Contains(" Bert ") && Catch::Contains(" proef ") && Catch::Contains("+0 ~0 -0"));
    CHECK_THAT(lines[3], Catch::Contains(" Anna (secretariaat) ") && Catch::Contains(" toegepast ") &&
                             Catch::Contains("+225 ~0 -0") && Catch::EndsWith(kDemoBoardFile));
    std::string sum; // coreutils' sha256sum: "<64 hex digits>  <file>"
    REQUIRE(runCommand({"sha256sum", kDemoBoardFile}, {}, &sum) == 0);
    CHECK_THAT(lines[3], Catch::Contains(" " + sum.substr(0, 12) + " "));

    const Outcome all = hub({"history", "--details", "--limit", "10"});
    CHECK_THAT(all.out, Catch::Contains(" Carla ") &&
                            Catch::Contains("\n    Afspraken: 35 nieuw, 0 gewijzigd, 0 verwijderd\n") &&
                            Catch::Contains("bad.json: rejected "));
}

TEST_CASE("cli: an import names who ran it: --by, else $SUDO_USER, else $USER", "[hub][cli]") {
    Hub hub;
    const char* sudoUser = std::getenv("SUDO_USER");
    const std::string savedSudo = sudoUser ? sudoUser : "";
    const char* user = std::getenv("USER");
    const std::string savedUser = user ? user : "";
    ::setenv("SUDO_USER", "beheerder", 1);
    ::setenv("USER", "root", 1);
    REQUIRE(hub({"import", kDemoBoardFile}).code == 0);
    ::unsetenv("SUDO_USER");
    REQUIRE(hub({"import", "--dry-run", kDemoBoardFile}).code == 0);
    REQUIRE(hub({"import", "--dry-run", kDemoBoardFile, "--by", "Anna"}).code == 0);
    if (sudoUser) ::setenv("SUDO_USER", savedSudo.c_str(), 1);
    if (user)
        ::setenv("USER", savedUser.c_str(), 1);
    else
        ::unsetenv("USER");
    const std::string history = hub({"history"}).out;
    std::istringstream in(history);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    REQUIRE(lines.size() == 4);
    CHECK_THAT(lines[1], Catch::Contains(" Anna "));
    CHECK_THAT(lines[2], Catch::Contains(" root "));
    CHECK_THAT(lines[3], Catch::Contains(" beheerder "));
}

TEST_CASE("cli: device add prints the token once, or writes it 0600, and refuses what it cannot add",
          "[hub][cli]") {
    Hub hub;
    hub.importDemo();
    const Outcome given = hub({"device", "add", "--board", "demo-regio", "--name", "zaal-1", "--token",
                               "a-long-enough-token-1234"});
    CHECK(given.code == 0);
    CHECK_THAT(given.out,
               Catch::StartsWith("regiebord-hub: device ") &&
                   Catch::EndsWith(" (zaal-1) added; its token (shown once):\na-long-enough-token-1234\n"));

    const Outcome random = hub({"device", "add", "--board", "demo-regio", "--name", "zaal-2"});
    CHECK(random.code == 0);
    const std::string token = random.out.substr(random.out.find("(shown once):\n") + 14);
    CHECK(token.size() == 44); // 32 random bytes in base64url (43) and the newline

    const std::string file = hub.dir().file("zaal-3.token");
    const Outcome toFile =
        hub({"device", "add", "--board", "demo-regio", "--name", "zaal-3", "--token-file", file});
    CHECK(toFile.code == 0);
    CHECK_THAT(toFile.out, Catch::EndsWith(" (zaal-3) added; token written to " + file + "\n"));
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(readFile(file).size() == 44);

    struct Refusal {
        std::vector<std::string> args;
        std::string err;
    };
    const std::vector<Refusal> refusals{
        {{"--board", "nope", "--name", "zaal-9"},
         "regiebord-hub: --board: no board \"nope\" (import it first)\n"},
        {{"--board", "demo-regio", "--name", "zaal-1"},
         "regiebord-hub: --name: a device \"zaal-1\" exists already\n"},
        {{"--board", "demo-regio", "--name", "zaal-9", "--token", "too-short"},
         "regiebord-hub: --token: expected at least 16 characters\n"},
        {{"--board", "demo-regio", "--name", "zaal-9", "--token", "has a space in the token"},
         "regiebord-hub: --token: expected printable ASCII without spaces\n"},
        {{"--board", "demo-regio", "--name", "zaal-9", "--token-file", hub.dir().file("no-dir/zaal-9.token")},
         "regiebord-hub: --token-file: " + hub.dir().file("no-dir/zaal-9.token")},
    };
    for (const auto& refusal : refusals) {
        std::vector<std::string> args{"device", "add"};
        args.insert(args.end(), refusal.args.begin(), refusal.args.end());
        const Outcome r = hub(args);
        INFO(r.err);
        CHECK(r.code == 1);
        CHECK_THAT(r.err, Catch::StartsWith(refusal.err));
        CHECK(r.out.empty());
    }
    const Outcome listed = hub({"devices"});
    CHECK_THAT(listed.out, Catch::Contains("zaal-3") && !Catch::Contains("zaal-9"));
}

TEST_CASE("cli: devices lists every device, the silent ones and the threshold", "[hub][cli]") {
    Hub hub;
    hub.importDemo();
    REQUIRE(hub({"device", "add", "--board", "demo-regio", "--name", "zaal-1", "--token",
                 "a-long-enough-token-1234"})
                .code == 0);
    const Outcome listed = hub({"devices"});
    CHECK(listed.code == 0);
    std::istringstream lines(listed.out);
    std::string header, device, summary, extra;
    std::getline(lines, header);
    std::getline(lines, device);
    std::getline(lines, summary);
    CHECK(header ==
          "id           name               board        last seen            state    version outbox    "
          "data age  last error");
    CHECK_THAT(device,
               Catch::Contains(" zaal-1             demo-regio   never                SILENT   -       "
                               "-         -         -"));
    CHECK(summary == "1 device(s) silent for more than 300 s");
    CHECK_FALSE(std::getline(lines, extra));
    CHECK_THAT(hub({"devices", "--silent-after", "5"}).out, Catch::Contains("silent for more than 5 s"));
}

TEST_CASE("cli: device revoke, rename and remove, and their refusals", "[hub][cli]") {
    Hub hub;
    hub.importDemo();
    for (const char* name : {"zaal-1", "zaal-2"})
        REQUIRE(hub({"device", "add", "--board", "demo-regio", "--name", name}).code == 0);

    const Outcome revoked = hub({"device", "revoke", "zaal-1"});
    CHECK(revoked.code == 0);
    CHECK(revoked.out ==
          "regiebord-hub: device \"zaal-1\" revoked: its token is refused from its next request on\n");
    CHECK(hub({"device", "revoke", "zaal-1"}).code == 0); // again: still revoked, nothing else
    std::string listed = hub({"devices"}).out;
    CHECK_THAT(listed, Catch::Contains(" zaal-1 ") && Catch::Contains(" REVOKED "));
    CHECK_THAT(listed, Catch::Contains("1 device(s) silent")); // a revoked device is not missed

    const Outcome renamed = hub({"device", "rename", "zaal-2", "raadzaal-2"});
    CHECK(renamed.code == 0);
    CHECK(renamed.out == "regiebord-hub: device \"zaal-2\" is now \"raadzaal-2\"\n");
    const Outcome taken = hub({"device", "rename", "raadzaal-2", "zaal-1"});
    CHECK(taken.code == 1);
    CHECK(taken.err == "regiebord-hub: a device \"zaal-1\" exists already; nothing renamed\n");

    const Outcome removed = hub({"device", "remove", "zaal-1"});
    CHECK(removed.code == 0);
    CHECK(removed.out == "regiebord-hub: device \"zaal-1\" removed\n");
    listed = hub({"devices"}).out;
    CHECK_THAT(listed, !Catch::Contains("zaal-1") && Catch::Contains("raadzaal-2"));
    // Its name is free for the device that replaces it.
    CHECK(hub({"device", "add", "--board", "demo-regio", "--name", "zaal-1"}).code == 0);

    for (const auto& args : std::vector<std::vector<std::string>>{{"device", "revoke", "zaal-9"},
                                                                  {"device", "rename", "zaal-9", "zaal-10"},
                                                                  {"device", "remove", "zaal-9"}}) {
        const Outcome r = hub(args);
        CHECK(r.code == 1);
        CHECK(r.err == "regiebord-hub: no device \"zaal-9\" (see regiebord-hub devices)\n");
        CHECK(r.out.empty());
    }
    CHECK(hub({"device", "rename", "zaal-1"}).code != 0); // the new name is required
}

TEST_CASE("cli: compact, resync-all and migrate-db", "[hub][cli]") {
    Hub hub;
    hub.importDemo();
    const Outcome compacted = hub({"compact", "--board", "demo-regio"});
    CHECK(compacted.code == 0);
    CHECK(compacted.out == "regiebord-hub: compacted demo-regio; kiosks with an older cursor will resync\n");
    const Outcome unknown = hub({"compact", "--board", "nope"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err == "regiebord-hub: --board: no board \"nope\"\n");

    const Outcome resync = hub({"resync-all"});
    CHECK(resync.code == 0);
    CHECK(resync.out ==
          "regiebord-hub: resync-all: 1 board(s); every kiosk fetches its board again at its next poll\n");

    const std::string target = hub.dir().file("copy.db");
    const Outcome copied = hub({"migrate-db", "--to", target});
    CHECK(copied.code == 0);
    CHECK_THAT(copied.out, Catch::Contains("regiebord-hub: migrate-db: board            1 row(s)\n") &&
                               Catch::Contains("regiebord-hub: migrate-db: decision_answer  0 row(s)\n") &&
                               Catch::EndsWith("regiebord-hub: migrate-db: copied " + hub.db() +
                                               " into the target; point storage.database at it\n"));
    const Outcome again = hub({"migrate-db", "--to", target});
    CHECK(again.code == 1);
    CHECK_THAT(again.err,
               Catch::StartsWith("regiebord-hub: migrate-db: nothing copied: the target already holds"));
    // The copy is a hub of its own with the board.
    Hub copy;
    CHECK(Hub::bare({"-c", copy.config(), "--db", target, "compact", "--board", "demo-regio"}).code == 0);
}

TEST_CASE("cli: besluitenlijst writes what it is asked for, or nothing with one line", "[hub][cli]") {
    Hub hub;
    hub.importDemo();
    const std::string csv = hub.dir().file("lijst.csv");
    const std::string md = hub.dir().file("lijst.md");
    const Outcome ok =
        hub({"besluitenlijst", "mtg-2026-12", "--board", "demo-regio", "--csv", csv, "--md", md});
    INFO(ok.err);
    CHECK(ok.code == 0);
    CHECK_THAT(ok.out,
               Catch::Contains("wrote " + csv) &&
                   Catch::EndsWith("Stuurgroep Wonen december 2026, 0 decision(s), 4 open action(s)\n"));
    CHECK_THAT(readFile(csv), Catch::Contains("Geen besluit"));
    CHECK_THAT(readFile(md), Catch::StartsWith("> **DEMO"));

    const Outcome toStdout = hub({"besluitenlijst", "mtg-2026-12", "--board", "demo-regio", "--md", "-"});
    CHECK(toStdout.code == 0);
    CHECK_THAT(toStdout.out, Catch::Contains("# Besluitenlijst Stuurgroep Wonen december 2026\n"));

    const std::string absent = hub.dir().file("nee.csv");
    const Outcome meeting = hub({"besluitenlijst", "mtg-1999", "--board", "demo-regio", "--csv", absent});
    CHECK(meeting.code == 1);
    CHECK(meeting.err == "regiebord-hub: besluitenlijst: board demo-regio has no meeting \"mtg-1999\"\n");
    const Outcome board = hub({"besluitenlijst", "mtg-2026-12", "--board", "nergens", "--csv", absent});
    CHECK(board.code == 1);
    CHECK(board.err == "regiebord-hub: besluitenlijst: --board: no board \"nergens\"\n");
    const Outcome none = hub({"besluitenlijst", "mtg-2026-12", "--board", "demo-regio"});
    CHECK(none.code == 1);
    const Outcome unwritable = hub({"besluitenlijst", "mtg-2026-12", "--board", "demo-regio", "--csv", absent,
                                    "--md", "/nonexistent/x.md"});
    CHECK(unwritable.code == 1);
    CHECK_FALSE(std::filesystem::exists(absent)); // nothing written when one output fails
    for (const auto& entry : std::filesystem::directory_iterator(hub.dir().path()))
        CHECK(entry.path().filename().string().find(".csv.") == std::string::npos); // no temp file left
}

TEST_CASE("cli: export-workbook writes the file, or one line and no file at all", "[hub][cli][workbook]") {
    Hub hub;
    hub.importDemo();
    const std::string file = hub.dir().file("bord.xlsx");
    const Outcome unknown = hub({"export-workbook", file, "--board", "nope"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err == "regiebord-hub: --board: no board \"nope\"\n");
    CHECK(unknown.out.empty());
    CHECK_FALSE(std::filesystem::exists(file));
    CHECK_FALSE(std::filesystem::exists(file + ".tmp"));

    const Outcome written = hub({"export-workbook", file, "--board", "demo-regio"});
    INFO(written.err);
    CHECK(written.code == 0);
    CHECK_THAT(written.out,
               Catch::StartsWith("regiebord-hub: wrote " + file + " (board demo-regio: 11 parties, "));
    CHECK(written.err.empty());
    CHECK(std::filesystem::file_size(file) > 1000);
    CHECK_FALSE(std::filesystem::exists(file + ".tmp"));

    // A directory that is not there: one line, nothing left behind.
    const std::string nowhere = hub.dir().file("no-such-dir/bord.xlsx");
    const Outcome failed = hub({"export-workbook", nowhere, "--board", "demo-regio"});
    CHECK(failed.code == 1);
    CHECK(failed.err == "regiebord-hub: export-workbook: " + nowhere + ".tmp: cannot create the file\n");
    CHECK_FALSE(std::filesystem::exists(hub.dir().file("no-such-dir")));
}

TEST_CASE("cli: a store that cannot be opened is one line naming it", "[hub][cli]") {
    Hub hub;
    const Outcome r = Hub::bare({"-c", hub.config(), "--db", hub.dir().path(), "resync-all"}); // a directory
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::StartsWith("regiebord-hub: " + hub.dir().path() + ": "));
}

TEST_CASE("cli: the command line's own errors, --version and --help", "[hub][cli]") {
    Hub hub;
    const Outcome none = hub({});
    CHECK(none.code == 106); // CLI11's code for a missing required part, as before
    CHECK_THAT(none.err,
               Catch::StartsWith(
                   "A subcommand (serve, import, history, export-workbook, decisions, compact, device, "
                   "resync-all, "
                   "migrate-db, user, users, link, links, audit, devices, besluitenlijst) or --check-config "
                   "is required\n"));
    const Outcome group = hub({"device"});
    CHECK(group.code == 106);
    CHECK_THAT(group.err, Catch::StartsWith("A subcommand is required"));
    CHECK(hub({"bogus"}).code == 109);
    CHECK(hub({"import"}).code == 106); // the file is required
    CHECK_FALSE(std::filesystem::exists(hub.db()));

    const Outcome version = Hub::bare({"--version"});
    CHECK(version.code == 0);
    CHECK(version.out == std::string("regiebord-hub ") + REGIEBORD_VERSION + "\n");

    const Outcome help = Hub::bare({"--help"});
    CHECK(help.code == 0);
    for (const char* command : {"serve", "import", "history", "export-workbook", "compact", "device",
                                "resync-all", "migrate-db", "devices", "besluitenlijst"})
        CHECK_THAT(help.out, Catch::Contains(std::string("\n  ") + command + " "));
    const std::string deviceHelp = Hub::bare({"device", "--help"}).out;
    for (const char* command : {"add", "revoke", "rename", "remove"})
        CHECK_THAT(deviceHelp, Catch::Contains(std::string("\n  ") + command + " "));
}

TEST_CASE("cli: --check-config says ok or lists every problem, and no command runs with a problem",
          "[hub][cli]") {
    Hub hub;
    const Outcome ok = hub({"--check-config"});
    CHECK(ok.code == 0);
    CHECK(ok.out == "regiebord-hub: configuration ok\n");
    CHECK(ok.err.empty());

    writeFile(hub.config(), "[server]\nlisten = \"nowhere\"\n[devices]\nsilent_after_seconds = \"soon\"\n");
    const Outcome bad = hub({"--check-config"});
    CHECK(bad.code == 2);
    CHECK(bad.out.empty());
    CHECK_THAT(bad.err, Catch::Contains(hub.config() + ":2: server.listen: ") &&
                            Catch::Contains(hub.config() + ":4: devices.silent_after_seconds: "));
    const Outcome refused = hub({"import", kDemoBoardFile});
    CHECK(refused.code == 2);
    CHECK(refused.out.empty());
    CHECK_FALSE(std::filesystem::exists(hub.db())); // the store was not even opened

    const Outcome missing = Hub::bare({"-c", hub.dir().file("none.toml"), "--check-config"});
    CHECK(missing.code == 2);
    CHECK(missing.err == "regiebord-hub: " + hub.dir().file("none.toml") + ": file not found\n");

    writeFile(hub.config(), "");
    const Outcome flag = hub({"--check-config", "serve", "--listen", "127.0.0.1:99999"});
    CHECK(flag.code == 2);
    CHECK_THAT(flag.err, Catch::Contains("(command line)") && Catch::Contains("--listen"));
}
