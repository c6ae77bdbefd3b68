// loadConfig: the kiosk's TOML file (/etc/regiebord/regiebord.toml). The input is
// written to a file in the scratch directory and read from there. Every problem must
// describe itself in valid UTF-8, and every setting must be in its documented range
// (a bad value keeps the default).

#include "harness.hpp"

#include "config.hpp"
#include "signage.hpp"

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = fuzz::scratchDir() + "/regiebord.toml";
    fuzz::writeFile(path, fuzz::asText(data, size));
    std::vector<ConfigProblem> problems;
    const ui::KioskConfig c = ui::loadConfig(path, problems);
    for (const auto& p : problems)
        fuzz::requireUtf8(p.describe(), "a config problem");
    fuzz::require(c.width >= 320 && c.width <= 8192 && c.height >= 240 && c.height <= 8192, "display size");
    fuzz::require(c.rotation == 0 || c.rotation == 90 || c.rotation == 180 || c.rotation == 270, "rotation");
    fuzz::require(c.pollSeconds >= 5 && c.pollSeconds <= 3600, "sync.poll_seconds");
    fuzz::require(c.maxBoardMb >= 1 && c.maxBoardMb <= 1024, "sync.max_board_mb");
    fuzz::require(c.staleMinutes >= 1 && c.staleMinutes <= 1440, "display.stale_minutes");
    fuzz::require(c.carouselSeconds >= 5 && c.carouselSeconds <= 3600, "signage.carousel_seconds");
    fuzz::require(c.chairIdleMinutes >= 1 && c.chairIdleMinutes <= 60, "chair.idle_minutes");
    fuzz::require(c.outsideHours == "dim" || c.outsideHours == "black", "signage.outside_hours");
    fuzz::require(c.officeHours.empty() || ui::parseOfficeHours(c.officeHours), "signage.office_hours");
    return 0;
}
