#pragma once
#include "pager.hpp"
#include "screen.hpp"
#include "view_model.hpp"

#include <cstdint>
#include <vector>

namespace regiebord::ui {

/// Acties: the open actions (actiepunten, toezeggingen) by owner, overdue ones marked
/// and their owners first; each with its due date, what it is and where it was agreed.
/// Actions a decision in this kiosk's outbox adds show at once, marked as waiting for
/// the hub.
class ActionsScreen final : public Screen {
public:
    const char* id() const override { return "acties"; }
    const char* titleKey() const override { return "actions"; }
    void draw(const UiContext& ctx) override;
    void setSignagePage(std::optional<int> page) override { m_pager.setPage(page); }
    int signagePages() const override { return m_pager.pages(); }

private:
    /// Grouped again only for a new snapshot (board or outbox) or a new day, not per frame.
    std::uint64_t m_version = 0;
    std::int64_t m_day = -1;
    std::vector<OwnerActions> m_groups;
    SignagePager m_pager;
};

} // namespace regiebord::ui
