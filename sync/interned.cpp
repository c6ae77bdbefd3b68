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
    std::unordered_set<std::string, Hash, std::equal_to<>> values;
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
    std::unordered_set<std::vector<Interned>, ListHash> lists;
};

ListPool& listPool() {
    static ListPool* p = new ListPool; // NOLINT(cppcoreguidelines-owning-memory)
    return *p;
}

const std::vector<Interned>& emptyList() {
    static const std::vector<Interned>* empty = new std::vector<Interned>; // NOLINT
    return *empty;
}

} // namespace

Interned::Interned() : m_value(&emptyValue()) {}

Interned::Interned(std::string_view value) {
    if (value.empty()) {
        m_value = &emptyValue();
        return;
    }
    Pool& p = pool();
    const std::lock_guard lock(p.mutex);
    auto it = p.values.find(value);
    if (it == p.values.end()) it = p.values.emplace(value).first;
    m_value = &*it;
}

std::size_t Interned::poolSize() {
    Pool& p = pool();
    const std::lock_guard lock(p.mutex);
    return p.values.size();
}

InternedList::InternedList() : m_values(&emptyList()) {}

InternedList::InternedList(const std::vector<Interned>& values) {
    if (values.empty()) {
        m_values = &emptyList();
        return;
    }
    ListPool& p = listPool();
    const std::lock_guard lock(p.mutex);
    auto it = p.lists.find(values);
    if (it == p.lists.end()) {
        std::vector<Interned> copy(values.begin(), values.end()); // exact size, no spare capacity
        it = p.lists.insert(std::move(copy)).first;
    }
    m_values = &*it;
}

std::size_t InternedList::poolSize() {
    ListPool& p = listPool();
    const std::lock_guard lock(p.mutex);
    return p.lists.size();
}

} // namespace regiebord
