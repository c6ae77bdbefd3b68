#include "view_model.hpp"

#include "clock.hpp"

#include <algorithm>
#include <map>

namespace regiebord::ui {

std::array<int, 5> countByStatus(const BoardData& board) {
    std::array<int, 5> counts{};
    for (const auto& a : board.agreements)
        ++counts.at(static_cast<std::size_t>(a.status));
    return counts;
}

std::array<int, 4> openByLevel(const BoardData& board) {
    std::array<int, 4> counts{};
    for (const auto& e : board.escalations)
        if (e.status == EscalationStatus::Open) ++counts.at(static_cast<std::size_t>(e.level));
    return counts;
}

std::optional<ProductionSummary> production(const BoardData& board, int year) {
    std::map<int, ProductionSummary> years;
    for (const auto& f : board.production) {
        auto& s = years[f.year];
        s.year = f.year;
        s.planned += f.planned;
        s.realised += f.realised;
        if (f.segment != Segment::VrijeSector) s.realisedAffordable += f.realised;
        if (f.segment == Segment::SocialeHuur) s.realisedSocial += f.realised;
    }
    if (year != 0) {
        const auto it = years.find(year);
        return it == years.end() ? std::nullopt : std::optional(it->second);
    }
    for (auto it = years.rbegin(); it != years.rend(); ++it)
        if (it->second.realised > 0) return it->second;
    return std::nullopt;
}

std::vector<const Escalation*> openEscalationsSorted(const BoardData& board) {
    std::vector<const Escalation*> out;
    for (const auto& e : board.escalations)
        if (e.status == EscalationStatus::Open) out.push_back(&e);
    std::stable_sort(out.begin(), out.end(), [](const Escalation* a, const Escalation* b) {
        if (a->severity != b->severity) return a->severity > b->severity;
        return a->raisedAt < b->raisedAt; // RFC 3339 in UTC sorts as text
    });
    return out;
}

const Meeting* nextMeeting(const BoardData& board, std::chrono::system_clock::time_point now) {
    const Meeting* best = nullptr;
    std::chrono::system_clock::time_point bestAt{};
    for (const auto& m : board.meetings) {
        const auto at = parseTimestamp(m.startsAt);
        if (!at || *at + std::chrono::hours(12) < now) continue;
        if (!best || *at < bestAt) {
            best = &m;
            bestAt = *at;
        }
    }
    return best;
}

double progressFraction(const Agreement& a) {
    if (a.target.quantity <= 0) return a.status == AgreementStatus::Gerealiseerd ? 1.0 : 0.0;
    return std::clamp(a.progress.realised / a.target.quantity, 0.0, 1.0);
}

DecisionView decisionView(const Escalation& escalation, const Snapshot& snapshot,
                          const std::string& submittedKey) {
    if (!submittedKey.empty()) {
        if (snapshot.refusalFor(submittedKey)) return DecisionView::Refused;
        if (!snapshot.outboxByKey(submittedKey)) return DecisionView::Recording;
    }
    if (const OutboxItem* item = snapshot.outboxFor(escalation.id)) {
        switch (item->state) {
        case OutboxState::Queued:
            return DecisionView::Pending;
        case OutboxState::Sending:
            return DecisionView::Sending;
        case OutboxState::Confirmed:
            return DecisionView::Confirmed;
        case OutboxState::Conflict:
            return DecisionView::Conflict;
        case OutboxState::NeedsAttention:
            return DecisionView::NeedsAttention;
        }
    }
    if (escalation.status != EscalationStatus::Open) return DecisionView::DecidedElsewhere;
    return DecisionView::Open;
}

} // namespace regiebord::ui
