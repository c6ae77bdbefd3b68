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

/// Finds what toml++ 3.3.0 (Debian 12) must not see: where it expects whitespace, a code
/// point in U+00A1..U+0499 or U+FB26..U+FEFE reaches __builtin_unreachable (undefined
/// behaviour; upstream issues 190 and 295, found by tests/fuzz). TOML allows characters
/// beyond ASCII only inside strings and comments, so a file with one elsewhere is refused
/// here, with its line, before toml++ reads it; so is one right after a line-ending
/// backslash in a multi-line string, where toml++ skips whitespace. Returns the line of
/// the first such character, 0 when there is none.
int misplacedNonAscii(std::string_view text) {
    constexpr std::string_view kMultiBasic = "\"\"\"";
    constexpr std::string_view kMultiLiteral = "'''";
    int line = 1;
    enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Code;
    bool afterEscape = false; // in a basic string: the previous character was a backslash
    bool trimming = false;    // in a multi-line basic string: after a line-ending backslash
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool ascii = (static_cast<unsigned char>(c) & 0x80U) == 0;
        if (c == '\n') ++line;
        switch (in) {
        case In::Code:
            if (!ascii) return line;
            if (c == '#') {
                in = In::Comment;
            } else if (text.substr(i, 3) == kMultiBasic) {
                in = In::MultiBasic;
                i += 2;
            } else if (text.substr(i, 3) == kMultiLiteral) {
                in = In::MultiLiteral;
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
            if (afterEscape)
                afterEscape = false;
            else if (c == '\\')
                afterEscape = true;
            else if (c == '"' || c == '\n')
                in = In::Code;
            break;
        case In::Literal:
            if (c == '\'' || c == '\n') in = In::Code;
            break;
        case In::MultiBasic:
            if (trimming) {
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
                if (!ascii) return line;
                trimming = false;
            }
            if (afterEscape) {
                afterEscape = false;
                // A backslash and only blanks up to the end of the line: toml++ trims what follows.
                std::size_t j = i;
                while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
                    ++j;
                if (j < text.size() && text[j] == '\n') trimming = true;
            } else if (c == '\\') {
                afterEscape = true;
            } else if (text.substr(i, 3) == kMultiBasic) {
                in = In::Code;
                i += 2;
            }
            break;
        case In::MultiLiteral:
            if (text.substr(i, 3) == kMultiLiteral) {
                in = In::Code;
                i += 2;
            }
            break;
        }
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
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (const int line = misplacedNonAscii(text); line > 0) {
        m_problems.push_back({m_file, line, "",
                              "a character beyond ASCII outside quotes or a comment (TOML allows those only "
                              "in \"strings\" and # comments)"});
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

void ConfigReader::string(const char* section, const char* key, std::string& out) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    if (const auto v = n->value<std::string>())
        out = *v;
    else
        problem(section, key, "expected a string in quotes");
}

void ConfigReader::integer(const char* section, const char* key, int& out, int min, int max) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    const auto v = n->value<std::int64_t>();
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
    if (const auto v = n->value<bool>())
        out = *v;
    else
        problem(section, key, "expected true or false");
}

void ConfigReader::choice(const char* section, const char* key, std::string& out,
                          const std::vector<std::string>& words) {
    ask(section, key);
    const toml::node* n = m_table ? m_table->find(section, key) : nullptr;
    if (!n) return;
    const auto v = n->value<std::string>();
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
    const auto v = n->value<std::int64_t>();
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
    const auto v = n->value<std::string>();
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
