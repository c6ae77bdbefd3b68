#include "interned.hpp"

#include <mutex>
#include <unordered_set>

namespace regiebord {
namespace {

struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Pool {
    std::mutex mutex;
    std::unordered_set<std::string, Hash, std::equal_to<>> set;
};

// Never destroyed: objects with interned values may outlive static destruction order.
Pool& pool() {
    static Pool* p = new Pool; // NOLINT(cppcoreguidelines-owning-memory)
    return *p;
}

const std::string& emptyValue() {
    static const std::string* empty = new std::string; // NOLINT(cppcoreguidelines-owning-memory)
    return *empty;
}

struct ListHash {
    std::size_t operator()(const std::vector<Interned>& values) const noexcept {
        std::size_t h = values.size();
        for (const auto& v : values)
            h = h * 1000003U ^ std::hash<Interned>{}(v);
        return h;
    }
};

struct ListPool {
    std::mutex mutex;
    std::unordered_set<std::vector<Interned>, ListHash> set;
};

ListPool& listPool() {
    static ListPool* p = new ListPool; // NOLINT(cppcoreguidelines-owning-memory)
    return *p;
}

const std::vector<Interned>& emptyList() {
    static const std::vector<Interned>* empty = new std::vector<Interned>; // NOLINT
    return *empty;
}

/// The pooled copy of `key` (inserted as `key` converted to the pool's element type if new).
template <typename PoolT, typename Key> const auto* intern(PoolT& p, const Key& key) {
    const std::lock_guard lock(p.mutex);
    auto it = p.set.find(key);
    if (it == p.set.end()) it = p.set.emplace(key.begin(), key.end()).first; // exact size
    return &*it;
}

template <typename PoolT> std::size_t sizeOf(PoolT& p) {
    const std::lock_guard lock(p.mutex);
    return p.set.size();
}

} // namespace

Interned::Interned() : m_value(&emptyValue()) {}

Interned::Interned(std::string_view value) : m_value(value.empty() ? &emptyValue() : intern(pool(), value)) {}

std::size_t Interned::poolSize() {
    return sizeOf(pool());
}

InternedList::InternedList() : m_values(&emptyList()) {}

InternedList::InternedList(const std::vector<Interned>& values)
    : m_values(values.empty() ? &emptyList() : intern(listPool(), values)) {}

std::size_t InternedList::poolSize() {
    return sizeOf(listPool());
}

} // namespace regiebord
