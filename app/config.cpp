#include "config.hpp"

#include "signage.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace regiebord::ui {

std::string ConfigProblem::describe() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    if (!key.empty()) s += ": " + key;
    return s + ": " + expected;
}

namespace {

int lineOf(const toml::node* node) {
    return node ? static_cast<int>(node->source().begin.line) : 0;
}

class Reader {
public:
    Reader(const toml::table& root, std::string file, std::vector<ConfigProblem>& problems)
        : m_root(root), m_file(std::move(file)), m_problems(problems) {}

    void string(const char* section, const char* key, std::string& out) {
        const toml::node* n = find(section, key);
        if (!n) return;
        if (const auto v = n->value<std::string>())
            out = *v;
        else
            problem(n, section, key, "a string in quotes");
    }
    void integer(const char* section, const char* key, int& out, int min, int max) {
        const toml::node* n = find(section, key);
        if (!n) return;
        const auto v = n->value<std::int64_t>();
        if (v && *v >= min && *v <= max)
            out = static_cast<int>(*v);
        else
            problem(n, section, key,
                    "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    void boolean(const char* section, const char* key, bool& out) {
        const toml::node* n = find(section, key);
        if (!n) return;
        if (const auto v = n->value<bool>())
            out = *v;
        else
            problem(n, section, key, "true or false");
    }
    /// A string that must be one of the given words.
    void choice(const char* section, const char* key, std::string& out,
                const std::vector<std::string>& words) {
        const toml::node* n = find(section, key);
        if (!n) return;
        const auto v = n->value<std::string>();
        if (v && std::find(words.begin(), words.end(), *v) != words.end()) {
            out = *v;
            return;
        }
        std::string expected = "one of";
        for (const auto& w : words)
            expected += " \"" + w + "\"";
        problem(n, section, key, expected);
    }
    /// A whole number that must be one of the given values.
    void integerOf(const char* section, const char* key, int& out, const std::vector<int>& values) {
        const toml::node* n = find(section, key);
        if (!n) return;
        const auto v = n->value<std::int64_t>();
        if (v && std::find(values.begin(), values.end(), *v) != values.end()) {
            out = static_cast<int>(*v);
            return;
        }
        std::string expected = "one of";
        for (const int x : values)
            expected += " " + std::to_string(x);
        problem(n, section, key, expected);
    }
    /// "HH:MM-HH:MM" (local time), start before end.
    void hours(const char* section, const char* key, std::string& out) {
        const toml::node* n = find(section, key);
        if (!n) return;
        const auto v = n->value<std::string>();
        if (v && (v->empty() || parseOfficeHours(*v))) {
            out = *v;
            return;
        }
        problem(
            n, section, key,
            "\"HH:MM-HH:MM\" with the start before the end, e.g. \"07:30-18:30\" (or \"\" for always on)");
    }
    /// Flags keys that no reader asked for (typos must not pass silently).
    void unknownKeys(const std::vector<std::pair<std::string, std::vector<std::string>>>& known) {
        for (const auto& [sectionName, node] : m_root) {
            const auto it = std::find_if(known.begin(), known.end(),
                                         [&](const auto& k) { return k.first == sectionName.str(); });
            if (it == known.end()) {
                m_problems.push_back({m_file, lineOf(&node), std::string(sectionName.str()),
                                      "unknown section; expected one of [hub], [display], [storage], [sync], "
                                      "[chair], [signage]"});
                continue;
            }
            const toml::table* section = node.as_table();
            if (!section) {
                m_problems.push_back({m_file, lineOf(&node), std::string(sectionName.str()), "a [section]"});
                continue;
            }
            for (const auto& [key, value] : *section) {
                if (std::find(it->second.begin(), it->second.end(), key.str()) == it->second.end())
                    m_problems.push_back({m_file, lineOf(&value),
                                          std::string(sectionName.str()) + "." + std::string(key.str()),
                                          "unknown key"});
            }
        }
    }

private:
    const toml::node* find(const char* section, const char* key) const {
        const toml::table* t = m_root[section].as_table();
        return t ? t->get(key) : nullptr;
    }
    void problem(const toml::node* n, const char* section, const char* key, const std::string& expected) {
        m_problems.push_back({m_file, lineOf(n), std::string(section) + "." + key, "expected " + expected});
    }
    const toml::table& m_root;
    std::string m_file;
    std::vector<ConfigProblem>& m_problems;
};

} // namespace

KioskConfig loadConfig(const std::string& path, std::vector<ConfigProblem>& problems) {
    KioskConfig config;
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        problems.push_back({path, static_cast<int>(e.source().begin.line), "", std::string(e.description())});
        return config;
    }
    Reader r(root, path, problems);
    r.string("hub", "url", config.hubUrl);
    r.string("hub", "board", config.boardId);
    r.string("hub", "token_file", config.tokenFile);
    r.string("hub", "ca_file", config.caFile);
    r.string("hub", "pinned_public_key", config.pinnedKey);
    r.boolean("hub", "allow_plain_http", config.allowPlainHttp);
    r.string("display", "language", config.language);
    r.boolean("display", "fullscreen", config.fullscreen);
    r.integer("display", "width", config.width, 320, 8192);
    r.integer("display", "height", config.height, 240, 8192);
    r.string("display", "renderer", config.renderer);
    r.string("display", "font_dir", config.fontDir);
    r.integer("display", "stale_minutes", config.staleMinutes, 1, 1440);
    r.integerOf("display", "rotation", config.rotation, {0, 90, 180, 270});
    r.integer("signage", "carousel_after_minutes", config.carouselAfterMinutes, 0, 1440);
    r.integer("signage", "carousel_seconds", config.carouselSeconds, 5, 3600);
    r.hours("signage", "office_hours", config.officeHours);
    r.boolean("signage", "weekdays_only", config.weekdaysOnly);
    r.choice("signage", "outside_hours", config.outsideHours, {"dim", "black"});
    r.boolean("signage", "pixel_shift", config.pixelShift);
    r.string("storage", "state_dir", config.stateDir);
    r.integer("sync", "poll_seconds", config.pollSeconds, 5, 3600);
    r.string("chair", "pin_file", config.chairPinFile);
    r.integer("chair", "idle_minutes", config.chairIdleMinutes, 1, 60);
    r.unknownKeys(
        {{"hub", {"url", "board", "token_file", "ca_file", "pinned_public_key", "allow_plain_http"}},
         {"display",
          {"language", "fullscreen", "width", "height", "renderer", "font_dir", "stale_minutes", "rotation"}},
         {"signage",
          {"carousel_after_minutes", "carousel_seconds", "office_hours", "weekdays_only", "outside_hours",
           "pixel_shift"}},
         {"storage", {"state_dir"}},
         {"sync", {"poll_seconds"}},
         {"chair", {"pin_file", "idle_minutes"}}});
    return config;
}

void validateConfig(const KioskConfig& c, const std::string& source, std::vector<ConfigProblem>& problems) {
    const bool https = c.hubUrl.rfind("https://", 0) == 0;
    const bool http = c.hubUrl.rfind("http://", 0) == 0;
    if (!https && !http) problems.push_back({source, 0, "hub.url", "expected a URL starting with https://"});
    // The packaged file ships with placeholders: a kiosk must not start on them.
    if (c.hubUrl.find(".example.invalid") != std::string::npos)
        problems.push_back({source, 0, "hub.url", "still the example address; expected your hub's https:// URL"});
    if (c.boardId.empty() || c.boardId.rfind("replace-with", 0) == 0)
        problems.push_back({source, 0, "hub.board", "expected the board id, e.g. \"demo-regio\""});
    if (c.language != "nl" && c.language != "en")
        problems.push_back({source, 0, "display.language", "expected \"nl\" or \"en\""});
    if (c.stateDir.empty()) problems.push_back({source, 0, "storage.state_dir", "expected a directory"});
    if (c.rotation != 0 && c.rotation != 90 && c.rotation != 180 && c.rotation != 270)
        problems.push_back({source, 0, "display.rotation", "expected one of 0 90 180 270"});
}

std::optional<std::string> readToken(const std::string& path, std::vector<ConfigProblem>& problems) {
    if (path.empty()) {
        problems.push_back({"(config)", 0, "hub.token_file", "expected the path of the device token file"});
        return std::nullopt;
    }
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
        problems.push_back({path, 0, "hub.token_file", "file not found or not readable"});
        return std::nullopt;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        problems.push_back(
            {path, 0, "hub.token_file", "must not be readable by group or others (chmod 600)"});
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string token = buffer.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
        token.pop_back();
    if (token.empty()) {
        problems.push_back({path, 0, "hub.token_file", "file is empty; expected the device token"});
        return std::nullopt;
    }
    return token;
}

} // namespace regiebord::ui
