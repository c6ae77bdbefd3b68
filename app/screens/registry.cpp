#include "registry.hpp"

#include "screens/actions_screen.hpp"
#include "screens/agreements_screen.hpp"
#include "screens/definitions_screen.hpp"
#include "screens/early_warning_screen.hpp"
#include "screens/escalations_screen.hpp"
#include "screens/meeting_screen.hpp"
#include "screens/overview_screen.hpp"

namespace regiebord::ui {

std::vector<ScreenEntry> makeScreens(const DeviceInfo& device) {
    std::vector<ScreenEntry> screens;
    screens.push_back({std::make_unique<OverviewScreen>(), true});
    screens.push_back({std::make_unique<AgreementsScreen>(), true});
    screens.push_back({std::make_unique<EarlyWarningScreen>(), true});
    screens.push_back({std::make_unique<EscalationsScreen>(), true});
    screens.push_back({std::make_unique<MeetingScreen>(), false});
    screens.push_back({std::make_unique<ActionsScreen>(), true});
    screens.push_back({std::make_unique<DefinitionsScreen>(), false});
    screens.push_back({std::make_unique<DeviceScreen>(device), false});
    return screens;
}

std::string describeScreens() {
    std::string out;
    for (const auto& entry : makeScreens(DeviceInfo{})) {
        out += entry.screen->id();
        if (entry.carousel) out += " carousel";
        if (entry.screen->requiresChair()) out += " chair";
        out += '\n';
    }
    return out;
}

} // namespace regiebord::ui
