// Every key of the kiosk's configuration file reaches the setting it controls. The
// table below must name every key the reader asks for: a new key without an entry
// fails here, and so does a key that is read but changes nothing.

#include "settings.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>

using namespace regiebord;
using namespace regiebord::ui;
using namespace std::chrono_literals;

namespace {

struct KeyCase {
    const char* key;   ///< section.key
    std::string value; ///< TOML value, different from the default
    std::function<bool(const KioskSettings&)> applied;
};

std::vector<KeyCase> cases(const test::TempDir& dir) {
    const std::string otherToken = dir.file("other-token");
    return {
        {"hub.url", "\"https://hub.example.nl\"",
         [](const KioskSettings& k) { return k.sync.hubUrl == "https://hub.example.nl"; }},
        {"hub.board", "\"regio-x\"", [](const KioskSettings& k) { return k.sync.boardId == "regio-x"; }},
        {"hub.token_file", "\"" + otherToken + "\"",
         [](const KioskSettings& k) { return k.sync.token == "other-secret"; }},
        {"hub.ca_file", "\"/etc/regiebord/ca.pem\"",
         [](const KioskSettings& k) { return k.sync.http.caFile == "/etc/regiebord/ca.pem"; }},
        {"hub.pinned_public_key", "\"sha256//AAAA\"",
         [](const KioskSettings& k) { return k.sync.http.pinnedPublicKey == "sha256//AAAA"; }},
        {"hub.allow_plain_http", "true", [](const KioskSettings& k) { return k.sync.http.allowPlainHttp; }},
        {"hub.support_contact", "\"Servicedesk ICT\"",
         [](const KioskSettings& k) { return k.supportContact == "Servicedesk ICT"; }},
        {"display.language", "\"en\"",
         [](const KioskSettings& k) { return k.language == Language::English; }},
        {"display.fullscreen", "false", [](const KioskSettings& k) { return !k.display.fullscreen; }},
        {"display.width", "1280", [](const KioskSettings& k) { return k.display.width == 1280; }},
        {"display.height", "720", [](const KioskSettings& k) { return k.display.height == 720; }},
        {"display.renderer", "\"opengles2\"",
         [](const KioskSettings& k) { return k.display.renderer == "opengles2"; }},
        {"display.font_dir", "\"/opt/fonts\"",
         [](const KioskSettings& k) { return k.display.fontDir == "/opt/fonts"; }},
        {"display.stale_minutes", "25", [](const KioskSettings& k) { return k.staleAfter == 25min; }},
        {"display.rotation", "90", [](const KioskSettings& k) { return k.display.rotation == 90; }},
        {"room.screen_inches", "75",
         [](const KioskSettings& k) { return k.display.room.screenInches == 75; }},
        {"room.viewing_distance_cm", "650",
         [](const KioskSettings& k) { return k.display.room.viewingDistanceCm == 650; }},
        {"signage.carousel_after_minutes", "0",
         [](const KioskSettings& k) { return k.signage.idleBeforeCarousel == 0s; }},
        {"signage.carousel_seconds", "45",
         [](const KioskSettings& k) { return k.signage.carouselStep == 45s; }},
        {"signage.office_hours", "\"08:00-17:00\"",
         [](const KioskSettings& k) {
             return k.signage.scheduleEnabled && k.signage.officeStartMinute == 8 * 60 &&
                    k.signage.officeEndMinute == 17 * 60;
         }},
        {"signage.weekdays_only", "false", [](const KioskSettings& k) { return !k.signage.weekdaysOnly; }},
        {"signage.outside_hours", "\"black\"",
         [](const KioskSettings& k) { return k.signage.blackOutsideHours; }},
        {"signage.pixel_shift", "false", [](const KioskSettings& k) { return !k.signage.pixelShift; }},
        {"storage.state_dir", "\"/srv/kiosk\"",
         [](const KioskSettings& k) {
             return k.stateDir == "/srv/kiosk" && k.sync.cachePath == "/srv/kiosk/cache.db" &&
                    k.sync.outboxPath == "/srv/kiosk/outbox.db" &&
                    k.chair.guardFile == "/srv/kiosk/chair.db" && k.chair.pinFile == "/srv/kiosk/chair.pin";
         }},
        {"sync.poll_seconds", "60", [](const KioskSettings& k) { return k.sync.pollInterval == 60s; }},
        {"sync.max_board_mb", "32",
         [](const KioskSettings& k) { return k.sync.maxBoardBytes == (32u << 20U); }},
        {"chair.pin_file", "\"/etc/regiebord/chair.pin\"",
         [](const KioskSettings& k) { return k.chair.pinFile == "/etc/regiebord/chair.pin"; }},
        {"chair.idle_minutes", "7", [](const KioskSettings& k) { return k.chair.idleTimeout == 7min; }},
    };
}

/// The keys the kiosk's reader asks for, as it asks for them (not a hand-kept list).
std::vector<std::string> keysRead(const test::TempDir& dir) {
    const std::string empty = dir.file("empty.toml");
    test::writeFile(empty, "");
    std::vector<ConfigProblem> problems;
    ConfigReader reader(empty, problems);
    KioskConfig config;
    readConfig(reader, config);
    return reader.askedKeys();
}

} // namespace

TEST_CASE("every configuration key reaches the setting it controls", "[ui][config]") {
    test::TempDir dir;
    test::writeFile(dir.file("token"), "secret\n");
    test::writeFile(dir.file("other-token"), "other-secret\n");
    const auto table = cases(dir);

    std::set<std::string> tabled;
    for (const auto& c : table)
        tabled.insert(c.key);
    const auto read = keysRead(dir);
    REQUIRE(read.size() >= 20);
    for (const auto& key : read) {
        INFO("a configuration key without a row in this table: " << key);
        CHECK(tabled.count(key) == 1);
    }
    CHECK(tabled.size() == read.size());

    auto settingsWith = [&](const std::string& key, const std::string& value) {
        std::map<std::string, std::map<std::string, std::string>> file;
        file["hub"]["token_file"] = "\"" + dir.file("token") + "\"";
        if (!key.empty()) file[key.substr(0, key.find('.'))][key.substr(key.find('.') + 1)] = value;
        std::string text;
        for (const auto& [section, keys] : file) {
            text += "[" + section + "]\n";
            for (const auto& [name, v] : keys)
                text += name + " = " + v + "\n";
        }
        test::writeFile(dir.file("k.toml"), text);
        std::vector<ConfigProblem> problems;
        const KioskConfig config = loadConfig(dir.file("k.toml"), problems);
        for (const auto& p : problems)
            UNSCOPED_INFO(p.describe());
        REQUIRE(problems.empty());
        auto settings = kioskSettings(config, problems);
        REQUIRE(settings);
        return *settings;
    };
    const KioskSettings defaults = settingsWith("", "");
    // The chair's idle timeout without a [chair] section: 3 minutes, as README.md and the
    // packaged regiebord.toml say (ChairSession's own default is never used by the kiosk).
    CHECK(defaults.chair.idleTimeout == 3min);
    for (const auto& c : table) {
        INFO(c.key << " = " << c.value);
        CHECK_FALSE(c.applied(defaults));               // the value differs from the default ...
        CHECK(c.applied(settingsWith(c.key, c.value))); // ... and reaches its setting
    }
}
