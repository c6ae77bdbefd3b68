#pragma once
// The unattended carousel's position, without drawing: which carousel screen and
// which page of it the room sees, one step per turn of the signage clock
// (signage.hpp), every page of every carousel screen in a cycle; and where the
// person was, to go back there at the first touch. A full cycle's pages are
// counted so that its length can be reported.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::ui {

class Carousel {
public:
    /// The pages screen i (an index into the kiosk's screens) needs now (at least 1).
    using PagesOf = std::function<int(std::size_t)>;

    /// Starts at the first page of screens[0]; `returnTo` is the screen the person left.
    void start(std::vector<std::size_t> screens, std::size_t returnTo, std::size_t turn);
    bool running() const { return m_running; }
    /// The signage clock's turn: one step (page, or the next screen's first page) per new
    /// turn. Returns true when a full cycle ended with this step.
    bool advance(std::size_t turn, const PagesOf& pagesOf);
    std::size_t screen() const { return m_screens.empty() ? m_returnTo : m_screens[m_index]; }
    int page() const { return m_page; }
    /// Stops it; the screen the person left.
    std::size_t stop();

    /// The last full cycle: the pages of each carousel screen, in order.
    struct Cycle {
        std::vector<std::pair<std::size_t, int>> pages;
        int total() const;
    };
    /// Empty until a cycle has been completed since the carousel started.
    const std::optional<Cycle>& lastCycle() const { return m_lastCycle; }

private:
    bool m_running = false;
    std::vector<std::size_t> m_screens;
    std::size_t m_index = 0;
    int m_page = 0;
    std::size_t m_turn = 0;
    std::size_t m_returnTo = 0;
    Cycle m_current;
    std::optional<Cycle> m_lastCycle;
};

/// For the journal: "14 pages, 420 s (overzicht 1, ...)".
std::string describeCycle(const Carousel::Cycle& cycle, int stepSeconds,
                          const std::function<std::string(std::size_t)>& nameOf);

} // namespace regiebord::ui
