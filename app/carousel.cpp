#include "carousel.hpp"

#include <algorithm>
#include <numeric>

namespace regiebord::ui {

int Carousel::Cycle::total() const {
    return std::accumulate(pages.begin(), pages.end(), 0,
                           [](int sum, const auto& p) { return sum + p.second; });
}

void Carousel::start(std::vector<std::size_t> screens, std::size_t returnTo, std::size_t turn) {
    m_screens = std::move(screens);
    m_running = !m_screens.empty();
    m_index = 0;
    m_page = 0;
    m_turn = turn;
    m_returnTo = returnTo;
    m_current = {};
    m_lastCycle.reset();
}

bool Carousel::advance(std::size_t turn, const PagesOf& pagesOf) {
    if (!m_running || turn <= m_turn) return false;
    bool completed = false;
    for (; m_turn < turn; ++m_turn) {
        const int pages = std::max(1, pagesOf(m_screens[m_index]));
        if (m_page + 1 < pages) {
            ++m_page;
            continue;
        }
        // This screen is done: its pages count for the cycle.
        m_current.pages.emplace_back(m_screens[m_index], pages);
        m_page = 0;
        m_index = (m_index + 1) % m_screens.size();
        if (m_index == 0) {
            m_lastCycle = m_current;
            m_current = {};
            completed = true;
        }
    }
    return completed;
}

std::size_t Carousel::stop() {
    m_running = false;
    m_page = 0;
    return m_returnTo;
}

std::string describeCycle(const Carousel::Cycle& cycle, int stepSeconds,
                          const std::function<std::string(std::size_t)>& nameOf) {
    std::string text =
        std::to_string(cycle.total()) + " pages, " + std::to_string(cycle.total() * stepSeconds) + " s (";
    for (std::size_t i = 0; i < cycle.pages.size(); ++i)
        text += (i ? ", " : "") + nameOf(cycle.pages[i].first) + " " + std::to_string(cycle.pages[i].second);
    return text + ")";
}

} // namespace regiebord::ui
