#pragma once
// A short string that many objects of a board repeat: a party's id in thousands of
// agreements' party lists, a definition's or project's id, the name of whoever updates
// agreements, a unit. Kept once per process and held as one pointer (8 bytes) instead of a
// std::string each (32 bytes, plus a heap copy when longer than 15 characters). With 10k
// agreements this is several MB of the kiosk's memory (docs/performance.md).
//
// Interned values are never freed: a board's vocabulary (parties, definitions, projects,
// the people who update agreements) is small and changes slowly. Do not use it for values
// that are unique per object (titles, an object's own id, timestamps).
// Thread-safe: interning takes a lock; reading an interned value needs none, as it never
// changes or moves.

#include <compare>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord {

class Interned {
public:
    Interned();
    Interned(std::string_view value); // NOLINT(google-explicit-constructor): a drop-in for std::string
    Interned(const std::string& value) : Interned(std::string_view(value)) {} // NOLINT
    Interned(const char* value) : Interned(std::string_view(value)) {}        // NOLINT

    const std::string& str() const noexcept { return *m_value; }
    operator const std::string&() const noexcept { return *m_value; } // NOLINT
    operator std::string_view() const noexcept { return *m_value; }   // NOLINT
    const char* c_str() const noexcept { return m_value->c_str(); }
    bool empty() const noexcept { return m_value->empty(); }
    std::size_t size() const noexcept { return m_value->size(); }

    /// Equal values are the same pointer: comparing two is one compare.
    friend bool operator==(const Interned& a, const Interned& b) noexcept { return a.m_value == b.m_value; }
    friend bool operator==(const Interned& a, const std::string& b) noexcept { return *a.m_value == b; }
    friend bool operator==(const Interned& a, std::string_view b) noexcept { return *a.m_value == b; }
    friend bool operator==(const Interned& a, const char* b) noexcept { return *a.m_value == b; }
    friend std::strong_ordering operator<=>(const Interned& a, const Interned& b) noexcept {
        return a.str().compare(b.str()) <=> 0;
    }

    friend std::string operator+(const std::string& a, const Interned& b) { return a + b.str(); }
    friend std::string operator+(const Interned& a, const std::string& b) { return a.str() + b; }
    friend std::string operator+(const char* a, const Interned& b) { return a + b.str(); }
    friend std::string operator+(const Interned& a, const char* b) { return a.str() + b; }

    /// How many distinct values have been interned in this process (for tests and benchmarks).
    static std::size_t poolSize();

private:
    const std::string* m_value;
};

/// An immutable list of Interned values that many objects repeat: the parties of an agreement
/// (a few combinations of a region's parties), the definitions it relies on. Kept once per
/// process like Interned and held as one pointer (8 bytes) instead of a std::vector (24 bytes
/// plus a heap block each). Not for lists that are unique per object (an agreement's projects).
class InternedList {
public:
    using value_type = Interned;
    using const_iterator = std::vector<Interned>::const_iterator;

    InternedList();
    InternedList(const std::vector<Interned>& values); // NOLINT(google-explicit-constructor)
    InternedList(std::initializer_list<Interned> values) : InternedList(std::vector<Interned>(values)) {}

    const std::vector<Interned>& values() const noexcept { return *m_values; }
    operator const std::vector<Interned>&() const noexcept { return *m_values; } // NOLINT
    const_iterator begin() const noexcept { return m_values->begin(); }
    const_iterator end() const noexcept { return m_values->end(); }
    std::size_t size() const noexcept { return m_values->size(); }
    bool empty() const noexcept { return m_values->empty(); }
    const Interned& operator[](std::size_t i) const { return (*m_values)[i]; }

    friend bool operator==(const InternedList& a, const InternedList& b) noexcept {
        return a.m_values == b.m_values;
    }

    /// How many distinct lists have been interned in this process.
    static std::size_t poolSize();

private:
    const std::vector<Interned>* m_values;
};

} // namespace regiebord

template <> struct std::hash<regiebord::Interned> {
    std::size_t operator()(const regiebord::Interned& v) const noexcept {
        return std::hash<const std::string*>{}(&v.str());
    }
};
