#pragma once
// The latest picture of each kiosk's screen, for IT's devices page (docs/web.md). A kiosk
// sends a downscaled PNG (POST /v1/boards/{board}/screenshot) when IT asked for one (the
// heartbeat's answer says so) and at most every few minutes when its picture changed; never
// while the PIN keypad is open. The hub keeps only the latest per device.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace regiebord::hub {

class ConnectionPool;

/// The width and height of a PNG from its header; nullopt when the bytes are no PNG.
struct PngSize {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};
std::optional<PngSize> pngSize(std::string_view bytes);

struct Screenshot {
    std::string png; ///< the bytes
    PngSize size;
    std::string takenAt; ///< when the hub received it
};

class DeviceScreenshots {
public:
    static constexpr std::size_t kMostBytes = 512UL * 1024; ///< a downscaled screen is 50-200 KB
    static constexpr std::uint32_t kMostPixels = 1920;      ///< on either side

    explicit DeviceScreenshots(ConnectionPool& pool) : m_pool(pool) {}
    /// Keeps it as the device's latest (a request for one is answered by it).
    void store(const std::string& deviceId, const std::string& png, PngSize size);
    std::optional<Screenshot> latest(const std::string& deviceId);
    /// IT asks for a new one; the device's next heartbeat answer says so.
    void request(const std::string& deviceId);
    /// Did IT ask for one that has not come yet?
    bool requested(const std::string& deviceId);

private:
    ConnectionPool& m_pool;
};

} // namespace regiebord::hub
