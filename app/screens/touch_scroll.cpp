#include "touch_scroll.hpp"

#include "imgui_adapter.hpp"
#include "ui_map.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_map>

namespace regiebord::ui {

namespace {
/// A finger that moved less than this between two samples (px) is holding still.
constexpr float kStill = 0.5f;
/// ImGui's drag threshold (px) before a held press scrolls the list.
constexpr float kDragStart = 8.0f;
} // namespace

ScrollMomentum::Tuning ScrollMomentum::scaled(float u) {
    Tuning t;
    t.maxSpeed *= u;
    t.stopSpeed *= u;
    t.minTravel *= u;
    return t;
}

const ScrollMomentum::Sample& ScrollMomentum::sample(std::size_t age) const {
    return m_samples[(m_next + m_samples.size() - 1 - age) % m_samples.size()];
}

void ScrollMomentum::add(double t, float y) {
    if (m_count > 0 && std::abs(y - sample(0).y) > kStill) m_lastMove = t;
    m_samples[m_next] = {t, y};
    m_next = (m_next + 1) % m_samples.size();
    m_count = std::min(m_count + 1, m_samples.size());
    m_travel = std::max(m_travel, std::abs(y - m_pressY));
}

float ScrollMomentum::yAt(double t) const {
    for (std::size_t age = 0; age < m_count; ++age) {
        const Sample& older = sample(age);
        if (older.t > t) continue;
        if (age == 0 || older.t == t) return older.y;
        const Sample& newer = sample(age - 1);
        const double share = (t - older.t) / (newer.t - older.t);
        return older.y + static_cast<float>(share) * (newer.y - older.y);
    }
    return m_count > 0 ? sample(m_count - 1).y : 0.0f;
}

bool ScrollMomentum::press(double t, float y, double earliest) {
    const bool caught = flinging();
    m_velocity = 0;
    m_count = 0;
    m_next = 0;
    m_pressEarliest = std::min(earliest, t);
    m_pressY = y;
    m_travel = 0;
    m_lastMove = t;
    add(t, y);
    return caught;
}

void ScrollMomentum::move(double t, float y) {
    add(t, y);
}

void ScrollMomentum::release(double t, float y) {
    add(t, y);
    m_velocity = 0;
    // A tap, or a finger that came to rest before it lifted: the list stays where it is.
    if (m_travel < m_tuning.minTravel || t - m_lastMove > double(m_tuning.restSeconds)) return;
    // The finger's mean speed over the last sampleWindow (or the whole press, if shorter):
    // one frame's step alone is too noisy, a longer stretch remembers a slower start. When the
    // samples come in lumps further apart than that (slow frames: SDL stamps events when it
    // takes them, between two frames), over the last two lumps: the last lump alone may hold
    // only the end of the flick, and the speed across it says little.
    // (Times within a few ms are one lump: SDL counts whole ms, and each frame carries its
    // stamps over to ImGui's clock afresh.)
    constexpr double kSameLump = 0.005;
    double lumps = t;
    for (std::size_t age = 0, distinct = 0; age < m_count && distinct < 2; ++age)
        if (sample(age).t < lumps - kSameLump) {
            lumps = sample(age).t;
            ++distinct;
        }
    double from = std::max(std::min(t - double(m_tuning.sampleWindow), lumps), sample(m_count - 1).t);
    float fromY = yAt(from);
    // The whole press in one lump (a frame slower than the flick; SDL dated it all alike): it
    // happened after the press's `earliest`, so it was at least as fast as its travel over that
    // time. A low bound: the list glides less far than the finger asked, never further.
    if (t - from < 1e-3) {
        from = m_pressEarliest;
        fromY = m_pressY;
    }
    if (t - from < 1e-3) return;
    const auto speed = static_cast<float>(double(fromY - y) / (t - from));
    m_velocity = std::clamp(speed, -m_tuning.maxSpeed, m_tuning.maxSpeed);
    if (std::abs(m_velocity) < m_tuning.stopSpeed) m_velocity = 0;
}

void PointerPath::press(std::uint32_t ticks, float y) {
    m_samples.clear();
    // After the last look that found nothing (one before it: a look dated after the press, or
    // one older than SDL's clock can tell apart from a wrap, says nothing).
    const std::uint32_t lookedBefore = ticks - m_lookedAt;
    constexpr std::uint32_t kWrapGuard = 1U << 31;
    m_samples.push_back({ticks, y, lookedBefore < kWrapGuard ? m_lookedAt : ticks});
    m_lastTicks = ticks;
}

void PointerPath::move(std::uint32_t ticks, float y) {
    m_samples.push_back({ticks, y, ticks});
    m_lastTicks = ticks;
}

void PointerPath::lift(std::uint32_t ticks, float y) {
    // Taken in the same look as the last sample (no empty look since): its time. Otherwise it
    // lifted after the last empty look. (Differences, not comparisons: SDL's ms wrap after 49
    // days, and a kiosk runs for months.)
    const std::uint32_t sinceLast = ticks - m_lastTicks;
    const std::uint32_t lookedSince = m_lookedAt - m_lastTicks;
    const std::uint32_t at = lookedSince <= sinceLast ? m_lookedAt : m_lastTicks;
    m_samples.push_back({at, y, at});
    m_lastTicks = at;
}

std::vector<PointerSample> PointerPath::take(std::uint32_t nowTicks, double imguiNow) {
    std::vector<PointerSample> path;
    path.reserve(m_samples.size());
    const auto onImGuiClock = [&](std::uint32_t ticks) {
        return imguiNow - static_cast<double>(nowTicks - ticks) / 1000.0;
    };
    for (const Taken& taken : m_samples)
        path.push_back({onImGuiClock(taken.ticks), taken.y, onImGuiClock(taken.earliest)});
    m_samples.clear();
    return path;
}

float ScrollMomentum::step(float dt, float scroll, float maxScroll) {
    if (!flinging() || dt <= 0) return 0;
    // v(t) = v0 exp(-t/T): over dt the list moves the integral, v T (1 - exp(-dt/T)), so the
    // path is the same at any frame rate.
    const float tau = m_tuning.decaySeconds;
    const float decay = std::exp(-dt / tau);
    const float travel = m_velocity * tau * (1 - decay);
    m_velocity *= decay;
    const float wanted = scroll + travel;
    const float reached = std::clamp(wanted, 0.0f, std::max(0.0f, maxScroll));
    if (reached != wanted || std::abs(m_velocity) < m_tuning.stopSpeed) m_velocity = 0;
    return reached - scroll;
}

namespace {

/// One list's touch: its fling and whether the press now down began on it.
struct ListTouch {
    ScrollMomentum momentum;
    bool held = false;
    int lastFrame = -1;  ///< ImGui's frame count when it was last drawn
    double lastTime = 0; ///< and ImGui's time then
    float lastY = 0;     ///< the finger's last valid y while held
    float scale = 0;     ///< the px per design unit its momentum is tuned for
    float exact = 0;     ///< its scroll position with the fraction ImGui drops (it keeps whole px)
};

/// Touch scrolling's state in the current ImGui context: per list (a child window's id), like
/// ImGui keeps a window's scroll position. A new context (a UI test's) starts afresh.
struct TouchState {
    const ImGuiContext* context = nullptr;
    std::unordered_map<ImGuiID, ListTouch> lists;
    float scale = 1;
    int prunedFrame = -1;
    double caughtPress = -1;            ///< io.MouseClickedTime[0] of the press that stopped a fling
    std::vector<PointerSample> samples; ///< setPointerSamples(), for samplesFrame
    int samplesFrame = -1;
};
TouchState g_touch;

TouchState& touchState() {
    if (g_touch.context != ImGui::GetCurrentContext()) {
        g_touch = TouchState{};
        g_touch.context = ImGui::GetCurrentContext();
    }
    return g_touch;
}

} // namespace

void setPointerSamples(std::vector<PointerSample> samples) {
    TouchState& state = touchState();
    state.samples = std::move(samples);
    state.samplesFrame = ImGui::GetFrameCount();
}

void setScrollScale(float u) {
    touchState().scale = u;
}

void dragToScroll() {
    noteScrollable();
    TouchState& state = touchState();
    const ImGuiIO& io = ImGui::GetIO();
    const int frame = ImGui::GetFrameCount();
    const double now = ImGui::GetTime();
    if (state.prunedFrame != frame) { // lists no longer drawn: their touch ended with them
        std::erase_if(state.lists, [frame](const auto& entry) { return entry.second.lastFrame < frame - 1; });
        state.prunedFrame = frame;
    }
    ListTouch& list = state.lists[imgui_adapter::currentWindowId()];
    if (list.lastFrame == frame) return; // once a frame
    if (list.scale != state.scale) {
        list.momentum = ScrollMomentum(ScrollMomentum::scaled(state.scale));
        list.scale = state.scale;
    }
    if (list.lastFrame != frame - 1) { // not drawn in the frame before: nothing carries over
        list.momentum.stop();
        list.held = false;
    }
    const auto dt = static_cast<float>(now - list.lastTime);
    list.lastFrame = frame;
    list.lastTime = now;
    const float y = ImGui::IsMousePosValid() ? io.MousePos.y : list.lastY;
    // ImGui floors the position SetScrollY asks for: the list keeps the fraction itself, or a slow
    // drag and a glide's slow end would be lost to rounding. Moved by anything else: from there.
    const float maxScroll = ImGui::GetScrollMaxY();
    if (std::floor(list.exact) != ImGui::GetScrollY()) list.exact = ImGui::GetScrollY();

    // The finger's path since the last frame, as its device reported it; else this frame's point.
    // (A view, not a copy: this runs for every list in every frame.)
    const PointerSample here{now, y};
    const bool sampled = state.samplesFrame == frame && ImGui::IsMousePosValid() && !state.samples.empty();
    const std::span<const PointerSample> path =
        sampled ? std::span<const PointerSample>(state.samples) : std::span<const PointerSample>(&here, 1);

    if (io.MouseClicked[0]) {
        // A press on the list stops its glide; that press then opens nothing (tapped()).
        list.held = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                                           ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
        if (list.held && list.momentum.press(path.front().t, path.front().y, path.front().earliest))
            state.caughtPress = io.MouseClickedTime[0];
        for (std::size_t i = 1; list.held && i < path.size(); ++i)
            list.momentum.move(path[i].t, path[i].y);
        list.lastY = y;
        return;
    }
    if (list.held && io.MouseDown[0]) {
        // The list follows the finger that pressed on it, also when the finger leaves it.
        for (const PointerSample& at : path)
            list.momentum.move(at.t, at.y);
        list.lastY = y;
        if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, kDragStart)) {
            list.exact = std::clamp(list.exact - io.MouseDelta.y, 0.0f, maxScroll);
            ImGui::SetScrollY(list.exact);
        }
        return;
    }
    if (list.held) { // lifted this frame: it glides on from the next
        list.held = false;
        for (std::size_t i = 0; i + 1 < path.size(); ++i)
            list.momentum.move(path[i].t, path[i].y);
        list.momentum.release(path.back().t, path.back().y);
        return;
    }
    const float delta = list.momentum.step(dt, list.exact, maxScroll);
    if (delta != 0.0f) {
        list.exact += delta;
        ImGui::SetScrollY(list.exact);
    }
}

bool scrollAnimating() {
    if (!ImGui::GetCurrentContext()) return false;
    const TouchState& state = touchState();
    const int frame = ImGui::GetFrameCount();
    return std::any_of(state.lists.begin(), state.lists.end(), [frame](const auto& entry) {
        return entry.second.lastFrame == frame && entry.second.momentum.flinging();
    });
}

bool pressCaughtFling() {
    if (!ImGui::GetCurrentContext()) return false;
    const TouchState& state = touchState();
    return state.caughtPress >= 0 && ImGui::GetIO().MouseClickedTime[0] == state.caughtPress;
}

} // namespace regiebord::ui
