#pragma once
// Touch scrolling for every list: a finger (or held mouse) drags the list, and a
// quick flick lets it glide on and slow down the way phones do. ScrollMomentum is
// the physics alone (no ImGui; time passed in), dragToScroll() feeds it from ImGui.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace regiebord::ui {

/// A press that moved less than this (design units) is a tap, more is a scroll: the two
/// never both happen to one press (tapped() in panel.hpp, and no fling after a tap).
inline constexpr float kTapSlopUnits = 16.0f;

/// The fling of one list, in px (the finger's y on the screen) and seconds. The velocity is
/// the scroll position's: positive when the finger moved up and the list moves on down.
class ScrollMomentum {
public:
    struct Tuning {
        float maxSpeed = 8000;           ///< px/s: the fastest a fling starts (Android's cap)
        float stopSpeed = 20;            ///< px/s: slower than this, a fling ends (no visible creep)
        float decaySeconds = 0.325f;     ///< time constant of the slow-down: v *= exp(-dt / this)
        float sampleWindow = 0.1f;       ///< s: the speed at release is measured over this last stretch
        float restSeconds = 0.1f;        ///< s: a finger still for longer before it lifts does not fling
        float minTravel = kTapSlopUnits; ///< px from the press: less is a tap, which never flings
    };
    /// The tuning above in design units, for px per unit u (every size in app/ follows it).
    static Tuning scaled(float u);

    ScrollMomentum() = default;
    explicit ScrollMomentum(Tuning tuning) : m_tuning(tuning) {}

    /// The finger touches down at y: a running fling stops at once. True when one was running
    /// (the press caught the list: it is no tap on what lies under the finger).
    bool press(double t, float y) { return press(t, y, t); }
    /// The same for a press known only to have come after `earliest` (PointerSample::earliest).
    bool press(double t, float y, double earliest);
    /// The finger, still down, is at y at time t (one sample a frame; a still finger too).
    void move(double t, float y);
    /// The finger lifts at y: a fling starts when it moved far and fast up to the lift.
    void release(double t, float y);
    /// How far the fling moves the scroll position in the dt seconds after the last step (or
    /// the release), from scroll in [0, maxScroll]; 0 when no fling runs. The fling ends at
    /// either end of the list and once it is slower than stopSpeed.
    float step(float dt, float scroll, float maxScroll);
    void stop() { m_velocity = 0; }

    bool flinging() const { return m_velocity != 0.0f; }
    float velocity() const { return m_velocity; }
    const Tuning& tuning() const { return m_tuning; }

private:
    struct Sample {
        double t = 0;
        float y = 0;
    };
    void add(double t, float y);
    /// The finger's y at time t, between the samples kept (the oldest before them).
    float yAt(double t) const;
    const Sample& sample(std::size_t age) const; ///< 0: the newest

    Tuning m_tuning;
    std::array<Sample, 64> m_samples{}; ///< a ring: > sampleWindow of frames at 500 per second
    std::size_t m_count = 0;
    std::size_t m_next = 0;
    double m_lastMove = 0;      ///< when the finger last changed position
    double m_pressEarliest = 0; ///< the earliest the press can have happened
    float m_pressY = 0;
    float m_travel = 0; ///< the farthest the finger got from where it pressed
    float m_velocity = 0;
};

/// Lets a finger (or held mouse) drag the current window's scroll position, and lets the list
/// glide on after a flick (ScrollMomentum). Call it once per frame inside each scrolling child
/// window; it declares the window a list (noteScrollable()).
void dragToScroll();

/// Where a pressed finger (or mouse) was between two frames, as its device reported it: y in
/// the picture's px, t on ImGui's clock (ImGui::GetTime()). SDL dates an event when the loop
/// takes it; for a press, `earliest` is the loop's last look before that found nothing: it
/// happened in (earliest, t]. (For the other samples, and when unknown: t.)
struct PointerSample {
    double t = 0;
    float y = 0;
    double earliest = t;
};

/// The pressed pointer's path between two frames as the kiosk's event loop takes it, on SDL's
/// clock (ms). SDL dates an event when it takes it from the device, which is when the loop
/// looks: between two frames. After a slow frame (150 ms on the emulated appliance) an event is
/// up to a frame late. For moves that only bunches the samples (ScrollMomentum reads them in
/// takes). For the lift it would be a rest the finger never made: a lift taken in the take
/// after the flick's last moves looked 150 ms still, and the list did not glide. So the lift is
/// dated at the earliest it can have happened: the last look that found nothing pending (and
/// not before the last sample). A finger that did rest while the loop looked every 10 ms
/// keeps its rest. A press keeps that look as its `earliest`: when a frame is slower than the
/// whole flick (a loaded device: seen at 0.9 s a frame), the press, its moves and its lift are
/// taken at once, all dated alike, and only that bound tells how fast the finger went.
class PointerPath {
public:
    /// The loop looked for events at `ticks` and found none: what comes later happened after.
    void looked(std::uint32_t ticks) { m_lookedAt = ticks; }
    void press(std::uint32_t ticks, float y);
    void move(std::uint32_t ticks, float y);
    void lift(std::uint32_t ticks, float y);
    /// The samples since the last take, on ImGui's clock: SDL's ticks and ImGui's time now
    /// (both advance with the same clock, so an event's age carries over).
    std::vector<PointerSample> take(std::uint32_t nowTicks, double imguiNow);

private:
    struct Taken {
        std::uint32_t ticks = 0;
        float y = 0;
        std::uint32_t earliest = 0;
    };
    std::vector<Taken> m_samples;
    std::uint32_t m_lookedAt = 0;
    std::uint32_t m_lastTicks = 0; ///< the latest sample's, kept across takes
};

/// This frame's pointer samples, from the press (or the first move since the last frame) to
/// the release, for dragToScroll(); set after each NewFrame. A slow frame (a loaded Pi; the
/// emulated appliance's take 150 ms) holds most of a flick: sampled once a frame, the finger
/// looked still before it lifted and the list did not glide. Without samples (the mouse in the
/// UI tests) each frame's time and pointer position are the sample.
void setPointerSamples(std::vector<PointerSample> samples);

/// px per design unit for the next frames' flings (the kiosk sets it each frame; 1 until then).
void setScrollScale(float u);

/// True while a list drawn in the latest frame is gliding: the loop draws on until it stops.
bool scrollAnimating();

/// True when the current press (down, or released this frame) stopped a gliding list: it is
/// no tap on the item under the finger.
bool pressCaughtFling();

} // namespace regiebord::ui
