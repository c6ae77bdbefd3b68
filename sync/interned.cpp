#include "interned.hpp"

#include <mutex>
#include <unordered_set>

namespace regiebord {
namespace {

template <typename T> using Node = detail::PooledNode<T>;

/// Hashes and compares nodes by their values, and looks them up by a bare value.
template <typename T, typename Key, typename ValueHash> struct ByValue {
    using is_transparent = void;
    std::size_t operator()(const Node<T>* n) const noexcept { return ValueHash{}(n->value); }
    std::size_t operator()(const Key& k) const noexcept { return ValueHash{}(k); }
    bool operator()(const Node<T>* a, const Node<T>* b) const noexcept { return a->value == b->value; }
    bool operator()(const Key& k, const Node<T>* n) const noexcept { return equal(k, n->value); }
    bool operator()(const Node<T>* n, const Key& k) const noexcept { return equal(k, n->value); }
    static bool equal(const Key& k, const T& v) noexcept { return k == v; }
};

struct StringHash {
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct ListHash {
    std::size_t operator()(const std::vector<Interned>& values) const noexcept {
        std::size_t h = values.size();
        for (const auto& v : values)
            h = h * 1000003U ^ std::hash<Interned>{}(v);
        return h;
    }
};

template <typename T, typename Key, typename ValueHash> struct Pool {
    using Set = ByValue<T, Key, ValueHash>;
    std::mutex mutex;
    std::unordered_set<const Node<T>*, Set, Set> nodes;

    /// The node holding `key`, one more holder counted; made if new.
    const Node<T>* acquire(const Key& key) {
        const std::lock_guard lock(mutex);
        if (const auto it = nodes.find(key); it != nodes.end()) {
            (*it)->holders.fetch_add(1, std::memory_order_relaxed);
            return *it;
        }
        // Owned by the pool until its last holder goes.
        auto* node = new Node<T>{{1}, T(key.begin(), key.end())}; // exact size, no spare capacity
        nodes.insert(node);
        return node;
    }

    void dropLast(const Node<T>* node) {
        const std::lock_guard lock(mutex);
        if (node->holders.fetch_sub(1, std::memory_order_acq_rel) != 1) return; // found again meanwhile
        nodes.erase(node);
        delete node;
    }

    std::size_t size() {
        const std::lock_guard lock(mutex);
        return nodes.size();
    }
};

using StringPool = Pool<std::string, std::string_view, StringHash>;
using ListPool = Pool<std::vector<Interned>, std::vector<Interned>, ListHash>;

// Never destroyed: holders in static objects may outlive static destruction order.
StringPool& strings() {
    static auto* p = new StringPool;
    return *p;
}
ListPool& lists() {
    static auto* p = new ListPool;
    return *p;
}

/// The empty value and the empty list: outside the pools, with a holder that never goes.
const Node<std::string>* emptyString() {
    static const auto* n = new Node<std::string>{};
    n->holders.fetch_add(1, std::memory_order_relaxed);
    return n;
}
const Node<std::vector<Interned>>* emptyList() {
    static const auto* n = new Node<std::vector<Interned>>{};
    n->holders.fetch_add(1, std::memory_order_relaxed);
    return n;
}

} // namespace

namespace detail {
template <> void PooledRef<std::string>::dropLast(const PooledNode<std::string>* node) noexcept {
    strings().dropLast(node);
}
template <>
void PooledRef<std::vector<Interned>>::dropLast(const PooledNode<std::vector<Interned>>* node) noexcept {
    lists().dropLast(node);
}
} // namespace detail

Interned::Interned() : PooledRef(emptyString()) {}

Interned::Interned(std::string_view value)
    : PooledRef(value.empty() ? emptyString() : strings().acquire(value)) {}

std::size_t Interned::poolSize() {
    return strings().size();
}

InternedList::InternedList() : PooledRef(emptyList()) {}

InternedList::InternedList(const std::vector<Interned>& values)
    : PooledRef(values.empty() ? emptyList() : lists().acquire(values)) {}

std::size_t InternedList::poolSize() {
    return lists().size();
}

} // namespace regiebord
