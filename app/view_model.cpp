#include "view_model.hpp"

#include "clock.hpp"
#include "dates.hpp"
#include "meetings.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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

namespace {
std::vector<const Escalation*> escalationsSorted(const BoardData& board, EscalationStatus status) {
    std::vector<const Escalation*> out;
    for (const auto& e : board.escalations)
        if (e.status == status) out.push_back(&e);
    std::stable_sort(out.begin(), out.end(), [](const Escalation* a, const Escalation* b) {
        if (a->severity != b->severity) return a->severity > b->severity;
        return a->raisedAt < b->raisedAt; // RFC 3339 in UTC sorts as text
    });
    return out;
}
} // namespace

std::vector<const Escalation*> openEscalationsSorted(const BoardData& board) {
    return escalationsSorted(board, EscalationStatus::Open);
}

std::vector<const Escalation*> unresolvedEscalationsSorted(const BoardData& board) {
    auto out = escalationsSorted(board, EscalationStatus::Open);
    for (const Escalation* e : escalationsSorted(board, EscalationStatus::Aangehouden))
        out.push_back(e);
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

const Meeting* meetingToShow(const BoardData& board, std::chrono::system_clock::time_point now) {
    if (const Meeting* next = nextMeeting(board, now)) return next;
    const Meeting* last = nullptr;
    std::chrono::system_clock::time_point lastAt{};
    for (const auto& m : board.meetings) {
        const auto at = parseTimestamp(m.startsAt);
        if (at && (!last || *at > lastAt)) {
            last = &m;
            lastAt = *at;
        }
    }
    return last;
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
    const bool decidedOnHub =
        escalation.status == EscalationStatus::Besloten || escalation.status == EscalationStatus::Ingetrokken;
    if (const OutboxItem* item = snapshot.outboxFor(escalation.id)) {
        switch (item->state) {
        case OutboxState::Queued:
            return DecisionView::Pending;
        case OutboxState::Sending:
            return DecisionView::Sending;
        case OutboxState::Confirmed:
            // Held over here: the escalation waits for a follow-up, unless the hub already
            // has a final decision on it from elsewhere.
            if (closesSubject(item->request)) return DecisionView::Confirmed;
            if (item->request.outcome == Outcome::Aangehouden)
                return decidedOnHub ? DecisionView::DecidedElsewhere : DecisionView::HeldOver;
            break; // referred up the ladder: the escalation's own status tells
        case OutboxState::Conflict:
            return DecisionView::Conflict;
        case OutboxState::NeedsAttention:
            return DecisionView::NeedsAttention;
        }
    }
    if (escalation.status == EscalationStatus::Aangehouden) return DecisionView::HeldOver;
    if (escalation.status != EscalationStatus::Open) return DecisionView::DecidedElsewhere;
    return DecisionView::Open;
}

std::optional<int> daysUntil(std::string_view iso, std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    const auto date = parseDate(iso);
    if (!date) return std::nullopt;
    return static_cast<int>((sys_days{*date} - floor<days>(now)).count());
}

std::vector<EarlyWarning> earlyWarnings(const BoardData& board, std::chrono::system_clock::time_point now) {
    std::set<std::string_view> escalated;
    for (const auto& e : board.escalations)
        if (e.agreement && (e.status == EscalationStatus::Open || e.status == EscalationStatus::Aangehouden))
            escalated.insert(*e.agreement);

    std::vector<EarlyWarning> out;
    for (const auto& a : board.agreements) {
        if (a.status == AgreementStatus::Gerealiseerd || a.status == AgreementStatus::Vervallen) continue;
        const double target = a.target.quantity;
        if (!(target > 0) || !std::isfinite(target)) continue; // nothing to fall short of
        const double forecast = a.progress.realised + a.progress.inProgress;
        if (!(forecast < target)) continue; // on target (exactly or more): no warning
        if (escalated.count(a.id) != 0) continue;
        EarlyWarning w;
        w.agreement = &a;
        w.forecast = forecast;
        w.target = target;
        w.shortfall = target - forecast;
        w.shortfallShare = std::clamp(w.shortfall / target, 0.0, 1.0);
        w.daysLeft = daysUntil(a.target.deadline, now);
        w.overdue = w.daysLeft && *w.daysLeft < 0;
        out.push_back(w);
    }
    std::sort(out.begin(), out.end(), [](const EarlyWarning& x, const EarlyWarning& y) {
        if (x.shortfallShare != y.shortfallShare) return x.shortfallShare > y.shortfallShare;
        if (x.daysLeft.has_value() != y.daysLeft.has_value()) return x.daysLeft.has_value();
        if (x.daysLeft && *x.daysLeft != *y.daysLeft) return *x.daysLeft < *y.daysLeft;
        return x.agreement->id < y.agreement->id;
    });
    return out;
}

const AgendaItem* agendaItemOf(const Meeting& meeting, const DecisionRequest& request) {
    if (!request.agendaItem || request.meetingId != meeting.id) return nullptr;
    for (const auto& item : meeting.agenda)
        if (item.order == *request.agendaItem) return &item;
    return nullptr;
}

std::vector<MeetingDecision> meetingDecisions(const Snapshot& snapshot, const Meeting& meeting) {
    std::vector<MeetingDecision> out;
    if (!snapshot.board) return out;
    const BoardData& board = *snapshot.board;
    std::set<std::string_view> keys;
    std::set<std::string> decided; // subjects the hub holds a decision on
    for (const auto& d : board.decisions) {
        keys.insert(d.idempotencyKey);
        decided.insert(subjectOf(d.request));
        if (d.request.meetingId != meeting.id) continue;
        out.push_back({d.request, board.findEscalation(d.request.escalationId), std::nullopt});
        out.back().item = agendaItemOf(meeting, d.request);
    }
    for (const auto& item : snapshot.outbox) {
        if (item.request.meetingId != meeting.id || keys.count(item.idempotencyKey) != 0) continue;
        if (item.state == OutboxState::Conflict && decided.count(subjectOf(item.request)) != 0) continue;
        out.push_back({item.request, board.findEscalation(item.request.escalationId), item.state});
        out.back().item = agendaItemOf(meeting, item.request);
    }
    const auto at = [](const MeetingDecision& d) {
        return parseTimestamp(d.request.decidedAt).value_or(std::chrono::system_clock::time_point{});
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const MeetingDecision& x, const MeetingDecision& y) { return at(x) < at(y); });
    return out;
}

std::vector<OwnerActions> openActionsByOwner(const Snapshot& snapshot,
                                             std::chrono::system_clock::time_point now) {
    std::vector<OwnerActions> out;
    if (!snapshot.board) return out;
    const BoardData& board = *snapshot.board;
    std::map<std::string, std::size_t> byOwner;
    const auto add = [&](const Action& a, bool pending) {
        auto [at, fresh] = byOwner.try_emplace(a.owner, out.size());
        if (fresh) out.push_back({a.owner, board.findParty(a.owner), {}, 0});
        OwnerActions& group = out[at->second];
        group.actions.push_back({a, daysUntil(a.due, now), pending});
        group.overdue += group.actions.back().overdue() ? 1 : 0;
    };
    std::set<std::string_view> keys;
    for (const auto& d : board.decisions)
        keys.insert(d.idempotencyKey);
    for (const auto& a : board.actions)
        if (a.status == ActionStatus::Open) add(a, false);
    for (const auto& item : snapshot.outbox) {
        if (!item.request.action || keys.count(item.idempotencyKey) != 0) continue;
        if (item.state == OutboxState::Conflict || item.state == OutboxState::NeedsAttention) continue;
        add(actionFrom(item.request, "pending-" + item.idempotencyKey, item.request.decidedAt), true);
    }
    const auto name = [](const OwnerActions& g) { return g.party ? g.party->name : g.owner; };
    std::sort(out.begin(), out.end(), [&](const OwnerActions& x, const OwnerActions& y) {
        if (x.overdue != y.overdue) return x.overdue > y.overdue;
        return name(x) < name(y);
    });
    for (auto& group : out)
        std::stable_sort(group.actions.begin(), group.actions.end(),
                         [](const OpenAction& x, const OpenAction& y) {
                             if (x.daysLeft.has_value() != y.daysLeft.has_value())
                                 return x.daysLeft.has_value();
                             return x.daysLeft && *x.daysLeft < *y.daysLeft;
                         });
    return out;
}

ActionReview actionsToReview(const Snapshot& snapshot, const Meeting& meeting,
                             std::chrono::system_clock::time_point now) {
    ActionReview review;
    for (const auto& group : openActionsByOwner(snapshot, now))
        for (const auto& a : group.actions) {
            if (a.action.meeting == meeting.id) continue;
            ++review.open;
            review.overdue += a.overdue() ? 1 : 0;
        }
    return review;
}

bool matches(const Agreement& a, const AgreementFilter& f) {
    if (f.status && a.status != *f.status) return false;
    if (f.theme && a.theme != *f.theme) return false;
    if (f.party && a.owner != *f.party &&
        std::find(a.parties.begin(), a.parties.end(), *f.party) == a.parties.end())
        return false;
    return true;
}

std::vector<const Agreement*> filterAgreements(const BoardData& board, const AgreementFilter& filter) {
    std::vector<const Agreement*> out;
    for (const auto& a : board.agreements)
        if (matches(a, filter)) out.push_back(&a);
    return out;
}

std::vector<Theme> themesInUse(const BoardData& board) {
    std::vector<Theme> out;
    for (const auto& a : board.agreements)
        if (std::find(out.begin(), out.end(), a.theme) == out.end()) out.push_back(a.theme);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<const Party*> partiesInUse(const BoardData& board) {
    std::vector<const Party*> out;
    for (const auto& p : board.parties) {
        bool used = false;
        for (const auto& a : board.agreements) {
            used = a.owner == p.id || std::find(a.parties.begin(), a.parties.end(), p.id) != a.parties.end();
            if (used) break;
        }
        if (used) out.push_back(&p);
    }
    return out;
}

std::vector<const Escalation*> escalationsFor(const BoardData& board, const std::string& agreementId) {
    std::vector<const Escalation*> out;
    for (const auto& e : board.escalations)
        if (e.agreement == agreementId) out.push_back(&e);
    std::sort(out.begin(), out.end(),
              [](const Escalation* x, const Escalation* y) { return x->raisedAt > y->raisedAt; });
    return out;
}

} // namespace regiebord::ui
