#pragma once
// The room a kiosk's screen hangs in: how large the screen is and how far away the
// farthest member who must read it sits. Together they set the type scale, so that body
// text has the same size on the retina at the back of the table whatever the panel's
// resolution: a 4K panel of the same size gets sharper text, not smaller text.

namespace regiebord::ui {

struct RoomProfile {
    int screenInches = 55;       ///< the panel's diagonal (config room.screen_inches)
    int viewingDistanceCm = 500; ///< to the farthest seat that must read it (room.viewing_distance_cm)
};

/// The design's body font: 34 units, whose capital H is 21.3 units tall in DejaVu Sans
/// (cap height 1493 of 2384 font units; ImGui sizes a font by ascent + descent).
inline constexpr float kBodyFontUnits = 34.0f;
inline constexpr float kSmallFontUnits = 27.0f;   ///< secondary text: 0.79 of the body
inline constexpr float kHeadingFontUnits = 42.0f; ///< titles (bold)
inline constexpr float kBigFontUnits = 76.0f;     ///< key figures (bold)
inline constexpr float kDejaVuCapRatio = 1493.0f / 2384.0f;
/// The smallest text the room must read, as a share of the body text (no smaller allowed).
inline constexpr float kMinTextShare = 0.7f;

/// The cap height in mm that body text needs to be read from the profile's distance:
/// 16 mm at 5 m (what the steering group asked for from 4-6 m; about 11 arc minutes).
double bodyCapMillimetres(const RoomProfile& profile);

/// Millimetres per pixel on a panel of width x height pixels with the profile's diagonal.
double pixelPitchMillimetres(const RoomProfile& profile, int width, int height);

/// The screens are laid out for at least this many design units on the picture's short side.
inline constexpr float kMinShortSideUnits = 800.0f;

struct RoomScale {
    float scale = 1.0f;    ///< pixels per design unit (every size in app/ is multiplied with it)
    double bodyCapMm = 0;  ///< the body text's cap height on this screen, in mm
    bool tooSmall = false; ///< the screen cannot give the room the text it needs (capped)
};

/// The scale on a panel of width x height pixels: the body font's cap height comes out at
/// bodyCapMillimetres. Capped so that the short side keeps kMinShortSideUnits (a screen
/// too small for its room: tooSmall, and the kiosk says so in the journal), and never
/// below 0.4 (capitals of 9 px, the least a screen font stays legible at).
RoomScale roomScale(const RoomProfile& profile, int width, int height);

} // namespace regiebord::ui
