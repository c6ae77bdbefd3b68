#include "snapshot.hpp"

namespace regiebord {

const OutboxItem* Snapshot::outboxFor(const std::string& subject) const {
    const OutboxItem* newest = nullptr;
    const OutboxItem* live = nullptr;
    for (const auto& item : outbox) { // in order of recording
        if (subjectOf(item.request) != subject) continue;
        if (item.state == OutboxState::Queued || item.state == OutboxState::Sending ||
            item.state == OutboxState::Confirmed)
            live = &item;
        newest = &item;
    }
    return live ? live : newest;
}

const OutboxItem* Snapshot::outboxByKey(const std::string& key) const {
    for (const auto& item : outbox)
        if (item.idempotencyKey == key) return &item;
    return nullptr;
}

const Refusal* Snapshot::refusalFor(const std::string& key) const {
    for (const auto& r : refusals)
        if (r.idempotencyKey == key) return &r;
    return nullptr;
}

} // namespace regiebord
