// The web side's accounts (server/accounts.hpp, docs/web.md): argon2id password hashes from
// libsodium, the rules for names and passwords, the store, and the user commands run
// in-process on an SQLite file.

#include "accounts.hpp"
#include "hub_cli.hpp"
#include "hub_store.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace regiebord;
using namespace regiebord::hub;
using namespace regiebord::test;

TEST_CASE("accounts: a password is kept as an argon2id hash with its own salt, and checked",
          "[hub][accounts]") {
    const std::string hash = hashPassword("correct horse battery");
    CHECK_THAT(hash, Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    CHECK(hash.find("correct horse") == std::string::npos);
    CHECK(hashPassword("correct horse battery") != hash); // a new salt each time
    CHECK(verifyPassword(hash, "correct horse battery"));
    CHECK_FALSE(verifyPassword(hash, "correct horse batterY"));
    CHECK_FALSE(verifyPassword(hash, ""));
    CHECK_FALSE(verifyPassword("not a hash", "correct horse battery"));
    CHECK_FALSE(verifyPassword(std::string(200, '$'), "correct horse battery"));
    CHECK_FALSE(passwordNeedsRehash(hash));
    // libsodium's "interactive" limits (64 MiB): another cost, so hashed again at a login
    CHECK(passwordNeedsRehash("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                              "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"));
}

TEST_CASE("accounts: names, passwords and roles that are refused, with the reason", "[hub][accounts]") {
    CHECK(accountNameProblem("secretariaat-ria").empty());
    CHECK(accountNameProblem("it.jan_2").empty());
    CHECK_FALSE(accountNameProblem("").empty());
    CHECK_FALSE(accountNameProblem(std::string(65, 'a')).empty());
    CHECK_FALSE(accountNameProblem("Ria").empty());
    CHECK_FALSE(accountNameProblem("-ria").empty());
    CHECK_FALSE(accountNameProblem("ria smit").empty());
    CHECK_FALSE(accountNameProblem("ri\xc3\xa1").empty());

    CHECK(passwordProblem("twaalf tekens").empty());
    CHECK(
        passwordProblem("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
                        "\xa9\xc3\xa9")
            .empty()); // 12 characters, 24 bytes
    CHECK(passwordProblem("elf tekens!") == "shorter than 12 characters");
    CHECK(passwordProblem("twaalf\ttekens") == "holds a control character");
    CHECK(passwordProblem("twaalf tekens\xff") == "not valid UTF-8");
    CHECK(passwordProblem(std::string(1025, 'a')) == "longer than 1024 bytes");

    CHECK(parseRole("secretariaat") == AccountRole::Secretariaat);
    CHECK(parseRole("it") == AccountRole::It);
    CHECK(parseRole("kijker") == AccountRole::Kijker);
    CHECK_FALSE(parseRole("admin"));
    CHECK_FALSE(parseRole("IT"));
    CHECK(roleName(AccountRole::Kijker) == "kijker");
}

TEST_CASE("accounts: the store adds, finds, lists, changes and removes; a name is taken once",
          "[hub][accounts]") {
    TempDir dir;
    HubStore store(dir.file("hub.db"));
    AccountStore accounts(store.pool());
    CHECK(accounts.add("ria", AccountRole::Secretariaat, hashPassword("wachtwoord van ria"), "beheer"));
    CHECK_FALSE(accounts.add("ria", AccountRole::Kijker, hashPassword("een ander wachtwoord"), "beheer"));
    CHECK(accounts.add("jan", AccountRole::It, hashPassword("wachtwoord van jan"), "beheer"));
    const auto list = accounts.list();
    REQUIRE(list.size() == 2);
    CHECK(list[0].name == "jan"); // by name
    CHECK(list[1].role == AccountRole::Secretariaat);
    CHECK(list[1].createdBy == "beheer");
    CHECK(list[1].passwordChangedAt == list[1].createdAt);
    REQUIRE(accounts.passwordHash("ria"));
    CHECK(verifyPassword(*accounts.passwordHash("ria"), "wachtwoord van ria"));
    CHECK_FALSE(accounts.passwordHash("piet"));
    CHECK(accounts.setPassword("ria", hashPassword("nieuw wachtwoord ria")));
    CHECK(verifyPassword(*accounts.passwordHash("ria"), "nieuw wachtwoord ria"));
    CHECK_FALSE(accounts.setPassword("piet", hashPassword("nieuw wachtwoord ria")));
    CHECK(accounts.remove("ria"));
    CHECK_FALSE(accounts.remove("ria"));
    CHECK_FALSE(accounts.find("ria"));
    CHECK(accounts.find("jan"));
}

namespace {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

Run hubCli(const TempDir& dir, std::vector<std::string> args) {
    std::ofstream(dir.file("hub.toml")) << "";
    std::vector<std::string> all{"regiebord-hub", "-c", dir.file("hub.toml"), "--db", dir.file("hub.db")};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<const char*> argv;
    for (const auto& a : all)
        argv.push_back(a.c_str());
    std::ostringstream out;
    std::ostringstream err;
    const int code = runHubCli(static_cast<int>(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
}

} // namespace

TEST_CASE("cli: user add, user password, users and user remove, and what they refuse",
          "[hub][cli][accounts]") {
    TempDir dir;
    const std::string good = dir.file("good");
    std::ofstream(good) << "een goed wachtwoord\n";
    const std::string shortFile = dir.file("short");
    std::ofstream(shortFile) << "te kort\n";

    const Run added = hubCli(dir, {"user", "add", "ria", "--role", "secretariaat", "--password-file", good});
    INFO(added.err);
    CHECK(added.code == 0);
    CHECK(added.out == "regiebord-hub: account ria (secretariaat) added\n");

    const Run again = hubCli(dir, {"user", "add", "ria", "--role", "kijker", "--password-file", good});
    CHECK(again.code == 1);
    CHECK(again.err == "regiebord-hub: an account \"ria\" exists already\n");

    const Run badRole = hubCli(dir, {"user", "add", "jan", "--role", "admin", "--password-file", good});
    CHECK(badRole.code == 1);
    CHECK(badRole.err == "regiebord-hub: --role: expected secretariaat, it or kijker\n");

    const Run badName = hubCli(dir, {"user", "add", "Jan Smit", "--role", "it", "--password-file", good});
    CHECK(badName.code == 1);
    CHECK_THAT(badName.err, Catch::StartsWith("regiebord-hub: name: expected"));

    const Run weak = hubCli(dir, {"user", "add", "jan", "--role", "it", "--password-file", shortFile});
    CHECK(weak.code == 1);
    CHECK(weak.err == "regiebord-hub: the password is shorter than 12 characters; nothing changed\n");

    const Run missing =
        hubCli(dir, {"user", "add", "jan", "--role", "it", "--password-file", dir.file("none")});
    CHECK(missing.code == 1);
    CHECK_THAT(missing.err, Catch::EndsWith(": cannot be read\n"));

    const Run listed = hubCli(dir, {"users"});
    CHECK(listed.code == 0);
    CHECK_THAT(listed.out,
               Catch::StartsWith("name\trole\tcreated\tby\tpassword changed\nria\tsecretariaat\t"));
    CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 2); // jan was never added

    std::ofstream(good) << "een nieuw wachtwoord\n";
    CHECK(hubCli(dir, {"user", "password", "ria", "--password-file", good}).code == 0);
    {
        HubStore store(dir.file("hub.db"));
        CHECK(verifyPassword(*AccountStore(store.pool()).passwordHash("ria"), "een nieuw wachtwoord"));
    }
    CHECK(hubCli(dir, {"user", "password", "jan", "--password-file", good}).err ==
          "regiebord-hub: no account \"jan\"\n");

    CHECK(hubCli(dir, {"user", "remove", "ria"}).out == "regiebord-hub: account ria removed\n");
    CHECK(hubCli(dir, {"user", "remove", "ria"}).err == "regiebord-hub: no account \"ria\"\n");
}
