// TLS between kiosk and hub with a throw-away CA made by openssl in the test:
// the right CA works; a wrong CA or a wrong pin is refused before any request
// reaches the hub.

#include "http_client.hpp"
#include "sync_engine.hpp"

#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace regiebord;
using namespace regiebord::test;

namespace {

void openssl(const std::vector<std::string>& args, const std::string& dir) {
    std::vector<std::string> argv{"openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    std::vector<std::string> full{"sh", "-c", "cd \"$0\" && exec \"$@\"", dir};
    full.insert(full.end(), argv.begin(), argv.end());
    INFO(out);
    REQUIRE(runCommand(full, {}, &out) == 0);
}

/// A CA, a server certificate for 127.0.0.1 signed by it, and an unrelated CA.
void makePki(const std::string& d) {
    openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days",
             "2", "-subj", "/CN=Regiebord test CA"},
            d);
    openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
             "/CN=127.0.0.1"},
            d);
    writeFile(d + "/san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n", 0644);
    openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.crt", "-days", "2", "-extfile", "san.ext"},
            d);
    openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.crt",
             "-days", "2", "-subj", "/CN=Some other CA"},
            d);
}

std::string pinOf(const std::string& dir, const std::string& cert) {
    std::string out;
    REQUIRE(runCommand({"sh", "-c",
                        "openssl x509 -in \"$0\" -pubkey -noout | openssl pkey -pubin -outform der | "
                        "openssl dgst -sha256 -binary | base64",
                        dir + "/" + cert},
                       {}, &out) == 0);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return "sha256//" + out;
}

/// What `regiebord-hub devices` says about the demo device (its last-seen time, or "never").
std::string lastSeen(const HubProcess& hub) {
    std::string out;
    hub.command({"devices"}, &out);
    return out;
}

} // namespace

TEST_CASE("TLS: the right CA works, a wrong CA or pin is refused before any request", "[tls][sync][hub]") {
    TempDir dir;
    makePki(dir.path());
    HubProcess hub(dir.path(), true, 0,
                   {"--tls-cert", dir.file("server.crt"), "--tls-key", dir.file("server.key")}, "https");

    SECTION("a CA the kiosk does not trust") {
        auto s = demoKiosk(hub.url(), dir.path());
        s.http.caFile = dir.file("other.crt");
        SyncEngine engine(s, nullptr);
        engine.syncOnce();
        CHECK(engine.snapshot()->board == nullptr);
        CHECK(engine.snapshot()->status.reach == Reachability::Offline);
        CHECK_THAT(lastSeen(hub), Catch::Contains("never")); // the token never left the kiosk
    }
    SECTION("the right CA but a wrong pin") {
        auto s = demoKiosk(hub.url(), dir.path());
        s.http.caFile = dir.file("ca.crt");
        s.http.pinnedPublicKey = pinOf(dir.path(), "other.crt");
        SyncEngine engine(s, nullptr);
        engine.syncOnce();
        CHECK(engine.snapshot()->board == nullptr);
        CHECK_THAT(engine.snapshot()->status.lastError,
                   Catch::Contains("pinned") || Catch::Contains("public key"));
        CHECK_THAT(lastSeen(hub), Catch::Contains("never"));
    }
    SECTION("the right CA, with and without the right pin") {
        auto s = demoKiosk(hub.url(), dir.path());
        s.http.caFile = dir.file("ca.crt");
        {
            SyncEngine engine(s, nullptr);
            engine.syncOnce();
            REQUIRE(engine.snapshot()->board);
            CHECK(engine.snapshot()->status.reach == Reachability::Online);
        }
        s.http.pinnedPublicKey = pinOf(dir.path(), "server.crt");
        SyncEngine pinned(s, nullptr);
        pinned.syncOnce();
        CHECK(pinned.snapshot()->status.reach == Reachability::Online);
        CHECK_THAT(lastSeen(hub), !Catch::Contains("never"));
    }
    SECTION("plain http to a non-loopback host is refused without a connection") {
        HttpClient http({});
        const auto r = http.perform({"GET", "http://192.0.2.10/v1/health", {}, {}});
        CHECK(r.status == 0);
        CHECK_THAT(r.transportError, Catch::Contains("https"));
    }
}
