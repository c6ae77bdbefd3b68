#include "screenshots.hpp"

#include "clock.hpp"
#include "hub_store.hpp"
#include "web_session.hpp"

namespace regiebord::hub {

std::optional<PngSize> pngSize(std::string_view bytes) {
    // The signature, then the IHDR chunk: length 13, "IHDR", width and height big-endian.
    constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
    if (bytes.size() < 33 || bytes.substr(0, 8) != kSignature || bytes.substr(12, 4) != "IHDR")
        return std::nullopt;
    const auto be = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i)
            v = (v << 8U) | static_cast<unsigned char>(bytes[at + i]);
        return v;
    };
    const PngSize size{be(16), be(20)};
    if (size.width == 0 || size.height == 0) return std::nullopt;
    return size;
}

void DeviceScreenshots::store(const std::string& deviceId, const std::string& png, PngSize size) {
    const std::string at = utcNow();
    m_pool.write([&](SqlConnection& c) {
        c.run("INSERT INTO device_screenshot(device_id, png, width, height, taken_at, requested_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, NULL) ON CONFLICT(device_id) DO UPDATE SET png = excluded.png,"
              " width = excluded.width, height = excluded.height, taken_at = excluded.taken_at, requested_at "
              "= NULL",
              {deviceId, toBase64(png), std::int64_t{size.width}, std::int64_t{size.height}, at});
    });
}

std::optional<Screenshot> DeviceScreenshots::latest(const std::string& deviceId) {
    std::optional<Screenshot> found;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query("SELECT png, width, height, taken_at FROM device_screenshot WHERE device_id = ?1"
                            " AND taken_at <> ''",
                            {deviceId});
        if (!rows->next()) return;
        auto png = fromBase64(rows->text(0));
        if (!png) return;
        found = Screenshot{
            std::move(*png),
            {static_cast<std::uint32_t>(rows->int64(1)), static_cast<std::uint32_t>(rows->int64(2))},
            rows->text(3)};
    });
    return found;
}

void DeviceScreenshots::request(const std::string& deviceId) {
    const std::string at = utcNow();
    m_pool.write([&](SqlConnection& c) {
        c.run("INSERT INTO device_screenshot(device_id, png, width, height, taken_at, requested_at)"
              " VALUES (?1, '', 0, 0, '', ?2) ON CONFLICT(device_id) DO UPDATE SET requested_at = "
              "excluded.requested_at",
              {deviceId, at});
    });
}

bool DeviceScreenshots::requested(const std::string& deviceId) {
    bool asked = false;
    m_pool.read([&](SqlConnection& c) {
        asked =
            c.scalar(
                 "SELECT count(*) FROM device_screenshot WHERE device_id = ?1 AND requested_at IS NOT NULL",
                 {deviceId})
                .value_or(0) > 0;
    });
    return asked;
}

} // namespace regiebord::hub
