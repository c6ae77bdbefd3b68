#include "toml_config.hpp"

#include "text.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace regiebord {

std::string ConfigProblem::describe() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    if (!key.empty()) s += ": " + key;
    return oneLine(s + ": " + expected, 2000); // a path or a value may be any bytes
}

namespace {

int lineOfNode(const toml::node* node) {
    return node ? static_cast<int>(node->source().begin.line) : 0;
}

std::string dotted(const char* section, const char* key) {
    return std::string(section) + "." + key;
}

/// True for the code points toml++ 3.3.0 (Debian 12) cannot look at: its
/// impl::is_non_ascii_horizontal_whitespace reaches __builtin_unreachable (undefined
/// behaviour) for them, and toml++ asks it about any character where whitespace may
/// come, error paths included (upstream issues 190 and 295; found by tests/fuzz). This
/// mirrors that function's own test, so exactly those code points count.
bool tomlCannotLookAt(char32_t c) {
    if (c < 0xA0 || c > 0xFEFF) return false;
    const auto child = (static_cast<std::uint64_t>(c) - 0xA0U) / 0x3FAU;
    if (((1ULL << child) & 0x7FFFFFFFFFFFF75EULL) != 0) return false;
    if (c == 0xA0 || c == 0x3000 || c == 0xFEFF) return false;
    return child != 5 && child != 7;
}

/// The file's text as toml++ may read it: every code point it cannot look at is taken out
/// before it gets there. In a "basic string" it becomes the \uXXXX escape of itself (the
/// same value once read); in a # comment a '?'. Anywhere else (a 'literal string', a bare
/// key, after a backslash) it is refused: returns the line, 0 when `out` is ready.
/// Whatever this scan makes of invalid TOML, no such code point reaches toml++.
int tomlSafeText(std::string_view text, std::string& out) {
    constexpr std::string_view kMultiBasic = "\"\"\"";
    constexpr std::string_view kMultiLiteral = "'''";
    out.clear();
    out.reserve(text.size());
    int line = 1;
    enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Code;
    bool afterEscape = false; // in a basic string: the previous character was a backslash
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80) {
            // A code point beyond ASCII: decoded only as far as needed to judge it.
            char32_t c = 0;
            std::size_t length = 1;
            if ((byte & 0xE0U) == 0xC0U && i + 1 < text.size()) {
                c = (char32_t{byte & 0x1FU} << 6U) | (static_cast<unsigned char>(text[i + 1]) & 0x3FU);
                length = 2;
            } else if ((byte & 0xF0U) == 0xE0U && i + 2 < text.size()) {
                c = (char32_t{byte & 0x0FU} << 12U) |
                    (char32_t{static_cast<unsigned char>(text[i + 1]) & 0x3FU} << 6U) |
                    (static_cast<unsigned char>(text[i + 2]) & 0x3FU);
                length = 3;
            }
            if (tomlCannotLookAt(c)) {
                const bool basic = (in == In::Basic || in == In::MultiBasic) && !afterEscape;
                if (basic) {
                    // Four hex digits hold it: at most three bytes were decoded (c < 0x10000).
                    out += "\\u";
                    for (const unsigned shift : {12U, 8U, 4U, 0U})
                        out += "0123456789ABCDEF"[(c >> shift) & 0xFU];
                } else if (in == In::Comment) {
                    out += '?';
                } else {
                    return line;
                }
                afterEscape = false;
                i += length;
                continue;
            }
        }
        const char c = text[i];
        if (c == '\n') ++line;
        out += c;
        switch (in) {
        case In::Code:
            if (c == '#') {
                in = In::Comment;
            } else if (text.substr(i, 3) == kMultiBasic) {
                in = In::MultiBasic;
                out += "\"\"";
                i += 2;
            } else if (text.substr(i, 3) == kMultiLiteral) {
                in = In::MultiLiteral;
                out += "''";
                i += 2;
            } else if (c == '"') {
                in = In::Basic;
            } else if (c == '\'') {
                in = In::Literal;
            }
            break;
        case In::Comment:
            if (c == '\n') in = In::Code;
            break;
        case In::Basic:
        case In::MultiBasic:
            if (afterEscape) {
                afterEscape = false;
            } else if (c == '\\') {
                afterEscape = true;
            } else if (in == In::Basic && (c == '"' || c == '\n')) {
                in = In::Code;
            } else if (in == In::MultiBasic && text.substr(i, 3) == kMultiBasic) {
                in = In::Code;
                out += "\"\"";
                i += 2;
            }
            break;
        case In::Literal:
            if (c == '\'' || c == '\n') in = In::Code;
            break;
        case In::MultiLiteral:
            if (text.substr(i, 3) == kMultiLiteral) {
                in = In::Code;
                out += "''";
                i += 2;
            }
            break;
        }
        ++i;
    }
    return 0;
}

} // namespace

struct ConfigReader::Table {
    toml::table root;
    const toml::node* find(const char* section, const char* key) const {
        const toml::table* t = root[section].as_table();
        return t ? t->get(key) : nullptr;
    }
};

ConfigReader::ConfigReader(std::string file, std::vector<ConfigProblem>& problems)
    : m_file(std::move(file)), m_problems(problems) {
    std::error_code ec;
    if (std::filesystem::is_directory(m_file, ec)) { // toml++ would read it as an empty file
        m_problems.push_back({m_file, 0, "", "expected a file, not a directory"});
        return;
    }
    std::ifstream in(m_file, std::ios::binary);
    if (!in) {
        m_problems.push_back({m_file, 0, "", "cannot read the file"});
        return;
    }
    const std::string raw{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::string text;
    if (const int line = tomlSafeText(raw, text); line > 0) {
        m_problems.push_back(
            {m_file, line, "",
             "an accented or other non-ASCII character outside \"double quotes\" or a # comment; "
             "write such text in double quotes"});
        return;
    }
    try {
        auto table = std::make_unique<Table>();
        table->root = toml::parse(text, m_file);
        m_table = std::move(table);
    } catch (const toml::parse_error& e) {
        m_problems.push_back(
            {m_file, static_cast<int>(e.source().begin.line), "", std::string(e.description())});
    }
}

ConfigReader::~ConfigReader() = default;

// Every read takes the value only when it has exactly the expected TOML type: toml++'s value<T>()
// converts between types, a float to an integer with a plain cast (undefined behaviour for
// width = 1e99: found by fuzz_kiosk_config). `width = 1920.0` is a problem to report, not a
// number to guess.
void ConfigReader::string(const char* section, const char* key, std::string& out) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    if (const auto v = n->value_exact<std::string>())
        out = *v;
    else
        problem(section, key, "expected a string in quotes");
}

void ConfigReader::integer(const char* section, const char* key, int& out, int min, int max) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    const auto v = n->value_exact<std::int64_t>();
    if (v && *v >= min && *v <= max)
        out = static_cast<int>(*v);
    else
        problem(section, key,
                "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
}

void ConfigReader::boolean(const char* section, const char* key, bool& out) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    if (const auto v = n->value_exact<bool>())
        out = *v;
    else
        problem(section, key, "expected true or false");
}

void ConfigReader::choice(const char* section, const char* key, std::string& out,
                          const std::vector<std::string>& words) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    const auto v = n->value_exact<std::string>();
    if (v && std::find(words.begin(), words.end(), *v) != words.end()) {
        out = *v;
        return;
    }
    std::string expected = "expected one of";
    for (const auto& w : words)
        expected += " \"" + w + "\"";
    problem(section, key, expected);
}

void ConfigReader::integerOf(const char* section, const char* key, int& out, const std::vector<int>& values) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    const auto v = n->value_exact<std::int64_t>();
    if (v && std::find(values.begin(), values.end(), *v) != values.end()) {
        out = static_cast<int>(*v);
        return;
    }
    std::string expected = "expected one of";
    for (const int x : values)
        expected += " " + std::to_string(x);
    problem(section, key, expected);
}

void ConfigReader::checkedString(const char* section, const char* key, std::string& out,
                                 const std::function<bool(const std::string&)>& valid,
                                 const std::string& expected) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    const auto v = n->value_exact<std::string>();
    if (v && valid(*v))
        out = *v;
    else
        problem(section, key, "expected " + expected);
}

int ConfigReader::lineOf(const char* section, const char* key) const {
    return m_table ? lineOfNode(m_table->find(section, key)) : 0;
}

void ConfigReader::problem(const char* section, const char* key, const std::string& text) {
    m_problems.push_back({m_file, lineOf(section, key), dotted(section, key), text});
}

void ConfigReader::ask(const char* section, const char* key) {
    auto it = std::find_if(m_asked.begin(), m_asked.end(), [&](const auto& s) { return s.name == section; });
    if (it == m_asked.end()) it = m_asked.insert(m_asked.end(), ConfigSection{section, {}});
    if (std::find(it->keys.begin(), it->keys.end(), key) == it->keys.end()) it->keys.emplace_back(key);
}

std::vector<std::string> ConfigReader::askedKeys() const {
    std::vector<std::string> out;
    for (const auto& s : m_asked)
        for (const auto& k : s.keys)
            out.push_back(s.name + "." + k);
    return out;
}

void ConfigReader::unknownKeys() {
    const std::vector<ConfigSection>& known = m_asked;
    if (!m_table) return;
    std::string sections;
    for (const auto& s : known)
        sections += (sections.empty() ? "[" : ", [") + s.name + "]";
    for (const auto& [sectionName, node] : m_table->root) {
        const std::string name(sectionName.str());
        const auto it =
            std::find_if(known.begin(), known.end(), [&](const auto& k) { return k.name == name; });
        if (it == known.end()) {
            m_problems.push_back(
                {m_file, lineOfNode(&node), name, "unknown section; expected one of " + sections});
            continue;
        }
        const toml::table* section = node.as_table();
        if (!section) {
            m_problems.push_back({m_file, lineOfNode(&node), name, "a [section]"});
            continue;
        }
        for (const auto& [key, value] : *section) {
            if (std::find(it->keys.begin(), it->keys.end(), key.str()) == it->keys.end())
                m_problems.push_back(
                    {m_file, lineOfNode(&value), name + "." + std::string(key.str()), "unknown key"});
        }
    }
}

} // namespace regiebord
