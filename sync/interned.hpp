#pragma once
// A short string that many objects of a board repeat: a party's id in thousands of
// agreements' party lists, a definition's or project's id, the name of whoever updates
// agreements, a unit. Kept once per process and held as one pointer (8 bytes) instead of a
// std::string each (32 bytes, plus a heap copy when longer than 15 characters). With 10k
// agreements this is several MB of the kiosk's memory (docs/performance.md).
//
// A value lives as long as something holds it (a reference count): a hub that sends ids that
// change, or garbage that is then rejected, does not grow the pool for good. Do not use it for
// values that are unique per object (titles, an object's own id, timestamps): those gain
// nothing and pay for the lookup.
// Thread-safe: interning and dropping the last holder take the pool's lock; reading a value
// and copying a holder take none.

#include <atomic>
#include <compare>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord {

namespace detail {

/// A pooled value and the number of its holders.
template <typename T> struct PooledNode {
    mutable std::atomic<std::size_t> holders{1};
    T value;
};

/// A counted reference to a pooled value; the pool is in interned.cpp.
template <typename T> class PooledRef {
public:
    PooledRef(const PooledRef& other) noexcept : m_node(other.m_node) { retain(); }
    // NOLINTNEXTLINE(bugprone-unhandled-self-assignment,cert-oop54-cpp): m_node != other.m_node covers it
    PooledRef& operator=(const PooledRef& other) noexcept {
        if (m_node != other.m_node) {
            other.retain();
            drop();
            m_node = other.m_node;
        }
        return *this;
    }
    ~PooledRef() { drop(); }

protected:
    explicit PooledRef(const PooledNode<T>* node) noexcept : m_node(node) {} // already counted
    const T& value() const noexcept { return m_node->value; }
    const PooledNode<T>* node() const noexcept { return m_node; }

private:
    void retain() const noexcept { m_node->holders.fetch_add(1, std::memory_order_relaxed); }
    void drop() noexcept {
        // Not the last holder: no lock. The last one erases under the pool's lock, which
        // interning also takes, so a value is never found and freed at the same time.
        auto n = m_node->holders.load(std::memory_order_relaxed);
        while (n > 1)
            if (m_node->holders.compare_exchange_weak(n, n - 1, std::memory_order_acq_rel)) return;
        dropLast(m_node);
    }
    static void dropLast(const PooledNode<T>* node) noexcept; // interned.cpp

    const PooledNode<T>* m_node;
};

} // namespace detail

class Interned : private detail::PooledRef<std::string> {
public:
    Interned();
    // Converts from and to strings implicitly: a drop-in for std::string.
    Interned(std::string_view value);
    Interned(const std::string& value) : Interned(std::string_view(value)) {}
    Interned(const char* value) : Interned(std::string_view(value)) {}

    const std::string& str() const noexcept { return value(); }
    operator const std::string&() const noexcept { return value(); }
    operator std::string_view() const noexcept { return value(); }
    const char* c_str() const noexcept { return value().c_str(); }
    bool empty() const noexcept { return value().empty(); }
    std::size_t size() const noexcept { return value().size(); }

    /// Equal values are the same pointer: comparing two is one compare.
    friend bool operator==(const Interned& a, const Interned& b) noexcept { return a.node() == b.node(); }
    friend bool operator==(const Interned& a, const std::string& b) noexcept { return a.str() == b; }
    friend bool operator==(const Interned& a, std::string_view b) noexcept { return a.str() == b; }
    friend bool operator==(const Interned& a, const char* b) noexcept { return a.str() == b; }
    friend std::strong_ordering operator<=>(const Interned& a, const Interned& b) noexcept {
        return a.str().compare(b.str()) <=> 0;
    }
    friend std::string operator+(const std::string& a, const Interned& b) { return a + b.str(); }
    friend std::string operator+(const Interned& a, const std::string& b) { return a.str() + b; }
    friend std::string operator+(const char* a, const Interned& b) { return a + b.str(); }
    friend std::string operator+(const Interned& a, const char* b) { return a.str() + b; }

    /// How many distinct values are interned in this process now (for tests and benchmarks).
    static std::size_t poolSize();
};

/// An immutable list of Interned values that many objects repeat: the parties of an agreement
/// (a few combinations of a region's parties), the definitions it relies on. Pooled like
/// Interned and held as one pointer (8 bytes) instead of a std::vector (24 bytes plus a heap
/// block each). Not for lists that are unique per object (an agreement's projects).
class InternedList : private detail::PooledRef<std::vector<Interned>> {
public:
    using value_type = Interned;
    using const_iterator = std::vector<Interned>::const_iterator;

    InternedList();
    // Converts from and to std::vector<Interned> implicitly, like Interned.
    InternedList(const std::vector<Interned>& values);
    InternedList(std::initializer_list<Interned> values) : InternedList(std::vector<Interned>(values)) {}

    const std::vector<Interned>& values() const noexcept { return value(); }
    operator const std::vector<Interned>&() const noexcept { return value(); }
    const_iterator begin() const noexcept { return value().begin(); }
    const_iterator end() const noexcept { return value().end(); }
    std::size_t size() const noexcept { return value().size(); }
    bool empty() const noexcept { return value().empty(); }
    const Interned& operator[](std::size_t i) const { return value()[i]; }

    friend bool operator==(const InternedList& a, const InternedList& b) noexcept {
        return a.node() == b.node();
    }

    /// How many distinct lists are interned in this process now.
    static std::size_t poolSize();
};

} // namespace regiebord

template <> struct std::hash<regiebord::Interned> {
    std::size_t operator()(const regiebord::Interned& v) const noexcept {
        return std::hash<const std::string*>{}(&v.str());
    }
};
