#include "room_profile.hpp"

#include <algorithm>
#include <cmath>

namespace regiebord::ui {

double bodyCapMillimetres(const RoomProfile& profile) {
    return 16.0 * profile.viewingDistanceCm / 500.0;
}

double pixelPitchMillimetres(const RoomProfile& profile, int width, int height) {
    const double diagonalPx = std::hypot(double(width), double(height));
    return profile.screenInches * 25.4 / std::max(diagonalPx, 1.0);
}

RoomScale roomScale(const RoomProfile& profile, int width, int height) {
    const double pitch = pixelPitchMillimetres(profile, width, height);
    const double capPx = bodyCapMillimetres(profile) / pitch;
    const double wanted = capPx / (kBodyFontUnits * kDejaVuCapRatio);
    const double most = double(std::min(width, height)) / kMinShortSideUnits;
    RoomScale r;
    r.tooSmall = wanted > most;
    r.scale = float(std::max(0.4, std::min(wanted, most)));
    r.bodyCapMm = kBodyFontUnits * kDejaVuCapRatio * r.scale * pitch;
    return r;
}

} // namespace regiebord::ui
