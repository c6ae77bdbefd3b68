#pragma once
// Internal to sync/: the checked JSON reader shared by the snapshot codec
// (protocol.cpp) and delta sync (delta.cpp). Not part of the library's API.

#include "dates.hpp"
#include "kinds.hpp"
#include "protocol.hpp"
#include "text.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <stdexcept>
#include <string>

namespace regiebord::detail {

using nlohmann::json;

struct Rejected : std::runtime_error {
    Rejected(std::string p, const std::string& m) : std::runtime_error(m), path(std::move(p)) {}
    std::string path;
};

inline std::string escapePointer(std::string_view key) {
    std::string out;
    for (const char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

/// A position in the document being read; every accessor checks type and limits.
class Node {
public:
    Node(const json& value, std::string path, const Limits& limits)
        : m_value(value), m_path(std::move(path)), m_limits(limits) {}

    [[noreturn]] void fail(const std::string& message) const { throw Rejected(m_path, message); }
    const std::string& path() const { return m_path; }

    Node field(std::string_view key) const {
        const json& object = asObject();
        const auto it = object.find(key);
        const std::string childPath = m_path + "/" + escapePointer(key);
        if (it == object.end()) throw Rejected(childPath, "required field is missing");
        return {*it, childPath, m_limits};
    }
    bool has(std::string_view key) const {
        const json& object = asObject();
        const auto it = object.find(key);
        return it != object.end() && !it->is_null();
    }

    std::string string(std::string_view key, std::size_t maxLength, bool allowEmpty = false) const {
        return field(key).asString(maxLength, allowEmpty);
    }
    std::optional<std::string> optionalString(std::string_view key, std::size_t maxLength) const {
        if (!has(key)) return std::nullopt;
        return field(key).asString(maxLength, true);
    }
    std::string id(std::string_view key) const { return field(key).asId(); }
    std::optional<std::string> optionalId(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        return field(key).asId();
    }
    std::string date(std::string_view key) const {
        Node n = field(key);
        std::string s = n.asString(10, false);
        if (const std::string problem = dateProblem(s); !problem.empty())
            n.fail("expected a date YYYY-MM-DD, got \"" + s + "\": " + problem);
        return s;
    }
    std::optional<std::string> optionalDate(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        return date(key);
    }
    std::string timestamp(std::string_view key) const {
        Node n = field(key);
        std::string s = n.asString(40, false);
        if (const std::string problem = timestampProblem(s); !problem.empty())
            n.fail("expected an RFC 3339 timestamp, got \"" + s + "\": " + problem);
        return s;
    }
    double nonNegative(std::string_view key) const {
        Node n = field(key);
        if (!n.m_value.is_number()) n.fail("expected a number");
        const double v = n.m_value.get<double>();
        if (!std::isfinite(v) || v < 0 || v > 1e12) n.fail("expected a number between 0 and 1e12");
        return v;
    }
    std::int64_t count(std::string_view key) const {
        Node n = field(key);
        if (!n.m_value.is_number_integer()) n.fail("expected an integer");
        const auto v = n.m_value.get<std::int64_t>();
        if (v < 0 || v > 1'000'000'000) n.fail("expected an integer between 0 and 1000000000");
        return v;
    }
    std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max) const {
        Node n = field(key);
        if (!n.m_value.is_number_integer()) n.fail("expected an integer");
        const auto v = n.m_value.get<std::int64_t>();
        if (v < min || v > max)
            n.fail("expected an integer between " + std::to_string(min) + " and " + std::to_string(max));
        return v;
    }
    bool boolean(std::string_view key) const {
        Node n = field(key);
        if (!n.m_value.is_boolean()) n.fail("expected true or false");
        return n.m_value.get<bool>();
    }
    template <typename E> E enumeration(std::string_view key) const {
        Node n = field(key);
        const std::string s = n.asString(64, false);
        const auto parsed = fromWire<E>(s);
        if (!parsed) {
            std::string allowed;
            for (const auto name : EnumNames<E>::names)
                allowed += (allowed.empty() ? "" : ", ") + std::string(name);
            n.fail("unknown value \"" + s + "\"; expected one of: " + allowed);
        }
        return *parsed;
    }
    /// Calls fn(Node) for each element of the array at key.
    template <typename Fn> void each(std::string_view key, Fn&& fn, std::size_t maxItems = 0) const {
        Node n = field(key);
        if (!n.m_value.is_array()) n.fail("expected an array");
        const std::size_t limit = maxItems ? maxItems : m_limits.maxItemsPerList;
        if (n.m_value.size() > limit) n.fail("too many items (at most " + std::to_string(limit) + ")");
        std::size_t i = 0;
        for (const auto& element : n.m_value) {
            fn(Node(element, n.m_path + "/" + std::to_string(i++), m_limits));
        }
    }
    /// A list of ids; Id = Interned for ids that many objects repeat (model.hpp).
    template <typename Id = std::string> std::vector<Id> idList(std::string_view key) const {
        std::vector<Id> out;
        each(
            key, [&](const Node& n) { out.emplace_back(n.asId()); }, 1000);
        return out;
    }
    std::vector<std::string> stringList(std::string_view key, std::size_t maxLength) const {
        std::vector<std::string> out;
        each(
            key, [&](const Node& n) { out.push_back(n.asString(maxLength, false)); }, 1000);
        return out;
    }

    const json& raw() const { return m_value; }
    const json& asObject() const {
        if (!m_value.is_object()) fail("expected an object");
        return m_value;
    }
    std::string asString(std::size_t maxLength, bool allowEmpty) const {
        if (!m_value.is_string()) fail("expected a string");
        const auto& s = m_value.get_ref<const std::string&>();
        if (!allowEmpty && s.empty()) fail("must not be empty");
        if (utf8Length(s) > maxLength) fail("text longer than " + std::to_string(maxLength) + " characters");
        return s;
    }
    std::string asId() const {
        std::string s = asString(64, false);
        if (!isValidId(s)) fail("expected an id of 1-64 characters [A-Za-z0-9._-], got \"" + s + "\"");
        return s;
    }

private:
    // Strings reaching here were already checked as UTF-8 by the JSON parser.
    static std::size_t utf8Length(const std::string& s) {
        std::size_t n = 0;
        for (const char c : s) {
            if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
        }
        return n;
    }

    const json& m_value;
    std::string m_path;
    const Limits& m_limits;
};

constexpr std::size_t kName = 200;
constexpr std::size_t kText = 4000;

// The readers of the board's kinds are declared with their registry (kinds.hpp).
Decision readDecision(const Node& n);

/// Parses text within the limits (size, depth) or throws Rejected.
json parseJson(std::string_view text, const Limits& limits);
/// Every reference must resolve inside the same document (the one check of kinds.hpp
/// over the whole board); throws Rejected.
void checkReferences(const BoardData& b);
/// Ids unique within each kind that has them; throws Rejected.
void requireUniqueIds(const BoardData& b, std::string_view prefix = "");

template <typename List> void requireUniqueIds(const List& items, const std::string& path) {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!seen.insert(items[i].id).second)
            throw Rejected(path + "/" + std::to_string(i) + "/id", "duplicate id \"" + items[i].id + "\"");
    }
}

/// Refuses an object that names a key twice (nlohmann keeps the last one silently, so
/// two readers of the same bytes could disagree). Used as, or inside, a parser callback.
class DuplicateKeys {
public:
    void onEvent(int depth, json::parse_event_t event, const json& parsed) {
        using E = json::parse_event_t;
        const auto level = static_cast<std::size_t>(depth);
        if (event == E::object_start) {
            if (m_keys.size() <= level) m_keys.resize(level + 1);
            m_keys[level].clear(); // kept allocated: no allocation per object on a large board
        } else if (event == E::key) {
            if (level == 0 || m_keys.size() < level) return;
            auto& keys = m_keys[level - 1];
            const auto& key = parsed.get_ref<const std::string&>();
            for (const auto& seen : keys)
                if (seen == key)
                    throw Rejected("", "duplicate key \"" + oneLine(key, 64) + "\" in an object");
            keys.push_back(key);
        }
    }

private:
    std::vector<std::vector<std::string>> m_keys; ///< keys seen per open object, by depth
};

/// The outcome of a reader as a value. Every message is one line of valid UTF-8 of
/// bounded length: a parser's message quotes the bytes it stopped at, which may be
/// anything a hub or a file sent.
template <typename T, typename Fn> Parsed<T> guarded(Fn&& fn) {
    try {
        return fn();
    } catch (const Rejected& r) {
        return ProtocolError{oneLine(r.path, 200), oneLine(r.what(), 300)};
    } catch (const json::exception& e) {
        return ProtocolError{"", oneLine(e.what(), 300)};
    }
}

} // namespace regiebord::detail
