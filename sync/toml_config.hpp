#pragma once
// Reading one TOML configuration file into typed settings, shared by the kiosk
// and the hub. A bad value never stops the reading: it leaves the setting as it
// was and becomes a ConfigProblem naming the file, line, key and expected form,
// so `--check-config` can list every problem at once.

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace regiebord {

struct ConfigProblem {
    std::string file;
    int line = 0; ///< 0 when not tied to a line
    std::string key;
    std::string expected;
    /// "FILE:LINE: KEY: EXPECTED", leaving out what is empty.
    std::string describe() const;
};

/// The keys a program knows in one [section].
struct ConfigSection {
    std::string name;
    std::vector<std::string> keys;
};

class ConfigReader {
public:
    /// Parses the file; a syntax error (or a missing file, or a directory) is one problem and leaves
    /// nothing to read.
    ConfigReader(std::string file, std::vector<ConfigProblem>& problems);
    ConfigReader(const ConfigReader&) = delete;
    ConfigReader& operator=(const ConfigReader&) = delete;
    ~ConfigReader();

    bool parsed() const { return m_table != nullptr; }
    const std::string& file() const { return m_file; }

    // Each getter changes `out` only when section.key is present and valid.
    void string(const char* section, const char* key, std::string& out);
    void integer(const char* section, const char* key, int& out, int min, int max);
    void boolean(const char* section, const char* key, bool& out);
    /// A string that must be one of the given words.
    void choice(const char* section, const char* key, std::string& out,
                const std::vector<std::string>& words);
    /// A whole number that must be one of the given values.
    void integerOf(const char* section, const char* key, int& out, const std::vector<int>& values);
    /// A string that `valid` accepts; otherwise the problem says "expected <expected>".
    void checkedString(const char* section, const char* key, std::string& out,
                       const std::function<bool(const std::string&)>& valid, const std::string& expected);

    /// The line of section.key in the file; 0 when it is not there.
    int lineOf(const char* section, const char* key) const;
    /// Records a problem at section.key's line (for checks across keys or against the system).
    void problem(const char* section, const char* key, const std::string& text);
    /// Flags sections and keys that no getter asked for (typos must not pass silently).
    /// Call after every getter: the keys a program reads are listed only where it reads them.
    void unknownKeys();
    /// Every key a getter asked for so far, as "section.key", in the order asked.
    std::vector<std::string> askedKeys() const;

private:
    void ask(const char* section, const char* key);
    std::vector<ConfigSection> m_asked;
    struct Table;
    std::unique_ptr<Table> m_table; ///< null when the file did not parse
    std::string m_file;
    std::vector<ConfigProblem>& m_problems;
};

} // namespace regiebord
