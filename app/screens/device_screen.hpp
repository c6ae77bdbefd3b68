#pragma once
#include "screen.hpp"

#include <string>

namespace regiebord::ui {

/// What the device screen shows about this installation.
struct DeviceInfo {
    std::string version;
    std::string hubUrl;
    std::string boardId;
    std::string stateDir;
    std::string supportContact; ///< whom the room calls when the hub disconnects it; "" = IT
};

/// Apparaat (chair mode only): version, device id, hub, last sync and error,
/// the outbox with the state of every decision, data age, clock trust, and
/// "sync now". What IT asks for on the phone.
class DeviceScreen final : public Screen {
public:
    explicit DeviceScreen(DeviceInfo info) : m_info(std::move(info)) {}
    const char* id() const override { return "apparaat"; }
    const char* titleKey() const override { return "device"; }
    bool requiresChair() const override { return true; }
    void draw(const UiContext& ctx) override;

private:
    DeviceInfo m_info;
};

} // namespace regiebord::ui
