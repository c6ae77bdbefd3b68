// The import's readers (workbook_reader.hpp): .xlsx through libzip and pugixml, and CSV.

#include "workbook_reader.hpp"

#include "text.hpp"

#include <pugixml.hpp>
#include <zip.h>

#include <array>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

namespace regiebord::hub::workbook {

namespace {

/// A reader's failure: the file is not what it should be (the message is Dutch, one line).
struct Unreadable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// --- the zip ------------------------------------------------------------------------------

struct ZipCloser {
    void operator()(zip_t* archive) const noexcept { zip_discard(archive); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* file) const noexcept { static_cast<void>(zip_fclose(file)); }
};
struct ZipSourceFree {
    void operator()(zip_source_t* source) const noexcept { zip_source_free(source); }
};

/// The parts of an .xlsx file, read one by one within the limits.
class Package {
public:
    Package(std::string_view bytes, const ReadLimits& limits) : m_limits(limits) {
        zip_error_t error;
        zip_error_init(&error);
        std::unique_ptr<zip_source_t, ZipSourceFree> source(
            zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
        if (source) m_zip.reset(zip_open_from_source(source.get(), ZIP_RDONLY | ZIP_CHECKCONS, &error));
        const std::string reason = zip_error_strerror(&error);
        zip_error_fini(&error);
        if (!m_zip) throw Unreadable("geen Excel-werkmap (.xlsx): het is geen zip-bestand (" + reason + ")");
        static_cast<void>(source.release()); // the archive owns it now
        const zip_int64_t entries = zip_get_num_entries(m_zip.get(), 0);
        if (entries < 0 || static_cast<std::size_t>(entries) > m_limits.maxEntries)
            throw Unreadable("te veel delen in het zip-bestand");
    }

    bool has(const std::string& name) const { return zip_name_locate(m_zip.get(), name.c_str(), 0) >= 0; }

    /// The part's bytes; nullopt when there is no such part.
    std::optional<std::string> read(const std::string& name) {
        const zip_int64_t index = zip_name_locate(m_zip.get(), name.c_str(), 0);
        if (index < 0) return std::nullopt;
        std::unique_ptr<zip_file_t, ZipFileCloser> file(
            zip_fopen_index(m_zip.get(), static_cast<zip_uint64_t>(index), 0));
        if (!file) throw Unreadable("deel " + oneLine(name, 100) + " is niet te lezen");
        std::string out;
        std::array<char, 65536> buffer{};
        while (true) {
            const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
            if (n < 0) throw Unreadable("deel " + oneLine(name, 100) + " is beschadigd");
            if (n == 0) break;
            out.append(buffer.data(), static_cast<std::size_t>(n));
            m_total += static_cast<std::size_t>(n);
            if (out.size() > m_limits.maxPartBytes || m_total > m_limits.maxTotalBytes)
                throw Unreadable("deel " + oneLine(name, 100) + " is te groot");
        }
        return out;
    }

private:
    const ReadLimits& m_limits;
    std::unique_ptr<zip_t, ZipCloser> m_zip;
    std::size_t m_total = 0;
};

// --- XML ------------------------------------------------------------------------------------

pugi::xml_document parseXml(const std::string& text, const std::string& part) {
    pugi::xml_document doc;
    // Whitespace-only text is kept (a cell holding " " is a cell holding " ").
    const auto result =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!result)
        throw Unreadable("deel " + oneLine(part, 100) + " is geen geldige XML (" + result.description() +
                         ")");
    return doc;
}

/// The element's local name (without a namespace prefix): files from other programs use "x:row".
std::string_view localName(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
    for (const auto& c : node.children())
        if (localName(c) == name) return c;
    return {};
}

template <typename Fn> void eachChild(const pugi::xml_node& node, std::string_view name, Fn&& fn) {
    for (const auto& c : node.children())
        if (localName(c) == name) fn(c);
}

/// The attribute "r:id" (relationships namespace) whatever its prefix.
std::string relationshipId(const pugi::xml_node& node) {
    for (const auto& a : node.attributes()) {
        const std::string_view name = a.name();
        if (name.size() >= 3 && name.substr(name.size() - 3) == ":id") return a.value();
    }
    return {};
}

/// OOXML escapes control characters in text as _xHHHH_ (and a literal "_x" as _x005F_x).
std::string unescapeOoxml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
            unsigned value = 0;
            const auto hex = text.substr(i + 2, 4);
            const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
            if (ec == std::errc() && end == hex.data() + hex.size()) {
                if (value < 0x80) {
                    out += static_cast<char>(value);
                } else if (value < 0x800) {
                    out += static_cast<char>(0xC0U | (value >> 6U));
                    out += static_cast<char>(0x80U | (value & 0x3FU));
                } else {
                    out += static_cast<char>(0xE0U | (value >> 12U));
                    out += static_cast<char>(0x80U | ((value >> 6U) & 0x3FU));
                    out += static_cast<char>(0x80U | (value & 0x3FU));
                }
                i += 6;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

/// The text of a string item (<si>, <is>, a comment's <text>): its <t>, or its runs' <t>s.
std::string richText(const pugi::xml_node& node) {
    std::string out;
    for (const auto& c : node.children()) {
        const auto name = localName(c);
        if (name == "t") out += c.text().get();
        if (name == "r") out += child(c, "t").text().get();
    }
    return unescapeOoxml(out);
}

/// "../comments1.xml" against "xl/worksheets/": "xl/comments1.xml".
std::string resolvePart(const std::string& base, std::string_view target) {
    if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
    std::vector<std::string> parts;
    std::string path = base + std::string(target);
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const std::string part = path.substr(start, slash == std::string::npos ? slash : slash - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : "/") + p;
    return out;
}

std::string directoryOf(const std::string& part) {
    const auto slash = part.rfind('/');
    return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

/// A part's relationships (its _rels/NAME.rels): id -> resolved target, and type -> target.
struct Relationships {
    std::map<std::string, std::string> byId;
    std::map<std::string, std::string> byTypeSuffix; ///< "/comments" -> target
};

Relationships relationshipsOf(Package& package, const std::string& part) {
    Relationships rels;
    const std::string dir = directoryOf(part);
    const auto text = package.read(dir + "_rels/" + part.substr(dir.size()) + ".rels");
    if (!text) return rels;
    const auto doc = parseXml(*text, part + ".rels");
    eachChild(child(doc, "Relationships"), "Relationship", [&](const pugi::xml_node& r) {
        const std::string_view mode = r.attribute("TargetMode").value();
        if (mode == "External") return;
        const std::string target = resolvePart(dir, r.attribute("Target").value());
        rels.byId[r.attribute("Id").value()] = target;
        const std::string type = r.attribute("Type").value();
        const auto slash = type.rfind('/');
        if (slash != std::string::npos) rels.byTypeSuffix[type.substr(slash)] = target;
    });
    return rels;
}

/// "D17" -> column 3, row 17; false for anything else.
bool parseReference(std::string_view ref, std::size_t& column, std::size_t& row) {
    std::size_t i = 0;
    std::size_t col = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3) {
        col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
        ++i;
    }
    if (i == 0 || i == ref.size()) return false;
    std::size_t number = 0;
    const auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), number);
    if (ec != std::errc() || end != ref.data() + ref.size() || number == 0) return false;
    column = col - 1;
    row = number;
    return true;
}

std::optional<double> parseNumber(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

class XlsxReader {
public:
    XlsxReader(std::string_view bytes, const ReadLimits& limits)
        : m_limits(limits), m_package(bytes, limits) {}

    RawBook read() {
        RawBook book;
        const std::string workbookPart = officeDocument();
        const auto text = m_package.read(workbookPart);
        if (!text) throw Unreadable("geen Excel-werkmap (.xlsx): het deel " + workbookPart + " ontbreekt");
        const auto workbook = parseXml(*text, workbookPart);
        const auto root = child(workbook, "workbook");
        const Relationships rels = relationshipsOf(m_package, workbookPart);
        if (const auto shared = rels.byTypeSuffix.find("/sharedStrings"); shared != rels.byTypeSuffix.end())
            readSharedStrings(shared->second);
        book.format = customFormat();
        const std::string_view date1904 = child(root, "workbookPr").attribute("date1904").value();
        book.date1904 = date1904 == "1" || date1904 == "true";
        eachChild(child(root, "sheets"), "sheet", [&](const pugi::xml_node& s) {
            if (book.sheets.size() >= m_limits.maxSheets) throw Unreadable("te veel bladen");
            const auto target = rels.byId.find(relationshipId(s));
            RawSheet sheet;
            sheet.name = validUtf8(s.attribute("name").value());
            if (target != rels.byId.end()) readSheet(target->second, sheet);
            book.sheets.push_back(std::move(sheet));
        });
        return book;
    }

private:
    std::string officeDocument() {
        const auto text = m_package.read("_rels/.rels");
        if (text) {
            const auto doc = parseXml(*text, "_rels/.rels");
            for (const auto& r : child(doc, "Relationships").children()) {
                const std::string type = r.attribute("Type").value();
                if (type.size() >= 15 && type.substr(type.size() - 15) == "/officeDocument")
                    return resolvePart("", r.attribute("Target").value());
            }
        }
        return "xl/workbook.xml";
    }

    /// docProps/custom.xml: <property name="regiebord-format"><vt:lpwstr>...</vt:lpwstr></property>.
    std::string customFormat() {
        const auto text = m_package.read("docProps/custom.xml");
        if (!text) return {};
        const auto doc = parseXml(*text, "docProps/custom.xml");
        std::string format;
        eachChild(child(doc, "Properties"), "property", [&](const pugi::xml_node& p) {
            if (std::string_view(p.attribute("name").value()) == "regiebord-format")
                format = validUtf8(p.first_child().text().get());
        });
        return format;
    }

    void readSharedStrings(const std::string& part) {
        const auto text = m_package.read(part);
        if (!text) return;
        const auto doc = parseXml(*text, part);
        eachChild(child(doc, "sst"), "si",
                  [&](const pugi::xml_node& si) { m_shared.push_back(validUtf8(richText(si))); });
    }

    Cell cellValue(const pugi::xml_node& c) const {
        const std::string_view type = c.attribute("t").value();
        if (type == "inlineStr") return validUtf8(richText(child(c, "is")));
        const auto v = child(c, "v");
        if (!v) return std::monostate{};
        const std::string_view value = v.text().get();
        if (type == "s") {
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
            if (ec != std::errc() || end != value.data() + value.size() || index >= m_shared.size())
                throw Unreadable("een cel verwijst naar een tekst die er niet is");
            return m_shared[index];
        }
        if (type == "str" || type == "e")
            return validUtf8(unescapeOoxml(value)); // a formula's text, an error
        if (type == "b") return std::string(value == "1" ? kYes : kNo);
        if (const auto number = parseNumber(value)) return *number;
        return validUtf8(value);
    }

    void readSheet(const std::string& part, RawSheet& sheet) {
        const auto text = m_package.read(part);
        if (!text) throw Unreadable("blad " + oneLine(sheet.name, 100) + ": het deel " + part + " ontbreekt");
        const auto doc = parseXml(*text, part);
        std::size_t rowNumber = 0;
        eachChild(child(child(doc, "worksheet"), "sheetData"), "row", [&](const pugi::xml_node& r) {
            std::size_t number = rowNumber + 1;
            if (const auto attr = r.attribute("r")) number = attr.as_ullong(number);
            if (number <= rowNumber || number > m_limits.maxRows)
                throw Unreadable("blad " + oneLine(sheet.name, 100) + ": rijen niet op volgorde");
            rowNumber = number;
            RawRow row{number, {}};
            std::size_t column = 0;
            eachChild(r, "c", [&](const pugi::xml_node& c) {
                std::size_t refRow = number;
                if (const auto ref = c.attribute("r"); ref && !parseReference(ref.value(), column, refRow))
                    throw Unreadable("blad " + oneLine(sheet.name, 100) + ": onleesbare celverwijzing");
                if (column >= m_limits.maxColumns || refRow != number)
                    throw Unreadable("blad " + oneLine(sheet.name, 100) + ": cel buiten zijn rij");
                if (row.cells.size() <= column) row.cells.resize(column + 1);
                row.cells[column] = cellValue(c);
                ++column;
            });
            if (number == 1) {
                for (const auto& cell : row.cells) {
                    const auto* heading = std::get_if<std::string>(&cell);
                    sheet.headings.push_back(heading ? *heading : std::string());
                }
            } else {
                sheet.rows.push_back(std::move(row));
            }
        });
        readComments(part, sheet);
    }

    /// The comments of the heading cells (row 1): the first line of each names the column's key.
    void readComments(const std::string& sheetPart, RawSheet& sheet) {
        const Relationships rels = relationshipsOf(m_package, sheetPart);
        const auto found = rels.byTypeSuffix.find("/comments");
        if (found == rels.byTypeSuffix.end()) return;
        const auto text = m_package.read(found->second);
        if (!text) return;
        const auto doc = parseXml(*text, found->second);
        eachChild(child(child(doc, "comments"), "commentList"), "comment", [&](const pugi::xml_node& c) {
            std::size_t column = 0;
            std::size_t row = 0;
            if (!parseReference(c.attribute("ref").value(), column, row) || row != 1 ||
                column >= m_limits.maxColumns)
                return;
            if (sheet.comments.size() <= column) sheet.comments.resize(column + 1);
            sheet.comments[column] = validUtf8(richText(child(c, "text")));
        });
    }

    const ReadLimits& m_limits;
    Package m_package;
    std::vector<std::string> m_shared;
};

// --- CSV ------------------------------------------------------------------------------------

/// Splits UTF-8 text into records of fields (RFC 4180 quotes), each with its first line.
class CsvParser {
public:
    CsvParser(std::string_view text, char separator, const ReadLimits& limits)
        : m_text(text), m_separator(separator), m_limits(limits) {}

    /// The next record; false at the end.
    bool next(std::vector<std::string>& fields, std::size_t& line) {
        if (m_pos >= m_text.size()) return false;
        fields.assign(1, std::string());
        line = m_line;
        bool quoted = false;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (quoted) {
                if (c == '"' && m_pos < m_text.size() && m_text[m_pos] == '"') {
                    fields.back() += '"';
                    ++m_pos;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') ++m_line;
                    fields.back() += c;
                }
            } else if (c == '"' && fields.back().empty()) {
                quoted = true;
            } else if (c == m_separator) {
                if (fields.size() >= m_limits.maxColumns) throw Unreadable("te veel kolommen");
                fields.emplace_back();
            } else if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') {
                continue; // the \n ends it
            } else if (c == '\n') {
                ++m_line;
                return true;
            } else {
                fields.back() += c;
            }
        }
        if (quoted) throw Unreadable("regel " + std::to_string(line) + ": aanhalingsteken niet gesloten");
        return true;
    }

private:
    std::string_view m_text;
    char m_separator;
    const ReadLimits& m_limits;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

char separatorOf(std::string_view text) {
    bool quoted = false;
    for (const char c : text) {
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '\n') break;
        if (!quoted && c == ';') return ';';
    }
    return ',';
}

} // namespace

std::string windows1252ToUtf8(std::string_view bytes) {
    // 0x80-0x9F: the characters Windows-1252 puts where Latin-1 has control codes (0 = undefined).
    static constexpr std::array<char16_t, 32> kHigh{
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char byte : bytes) {
        const auto b = static_cast<unsigned char>(byte);
        unsigned code = b;
        if (b >= 0x80 && b < 0xA0) code = kHigh[b - 0x80] != 0 ? kHigh[b - 0x80] : 0xFFFDU;
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0U | (code >> 6U));
            out += static_cast<char>(0x80U | (code & 0x3FU));
        } else {
            out += static_cast<char>(0xE0U | (code >> 12U));
            out += static_cast<char>(0x80U | ((code >> 6U) & 0x3FU));
            out += static_cast<char>(0x80U | (code & 0x3FU));
        }
    }
    return out;
}

RawBook readXlsx(std::string_view bytes, const ReadLimits& limits) {
    try {
        return XlsxReader(bytes, limits).read();
    } catch (const Unreadable& e) {
        RawBook book;
        book.problem = e.what();
        return book;
    } catch (const std::exception& e) { // out of memory, a library's own failure
        RawBook book;
        book.problem = "de werkmap is niet te lezen: " + oneLine(e.what(), 200);
        return book;
    }
}

RawBook readCsv(std::string_view bytes, std::string_view sheetName, std::string_view fileName,
                const ReadLimits& limits) {
    RawBook book;
    book.csvFile = std::string(fileName);
    try {
        if (bytes.size() > limits.maxPartBytes) throw Unreadable("het bestand is te groot");
        if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
        const std::string text = isValidUtf8(bytes) ? std::string(bytes) : windows1252ToUtf8(bytes);
        CsvParser parser(text, separatorOf(text), limits);
        RawSheet sheet;
        sheet.name = std::string(sheetName);
        std::vector<std::string> fields;
        std::size_t line = 0;
        bool first = true;
        while (parser.next(fields, line)) {
            if (first) {
                sheet.headings = fields;
                first = false;
                continue;
            }
            if (sheet.rows.size() >= limits.maxRows) throw Unreadable("te veel regels");
            RawRow row{line, {}};
            for (auto& field : fields)
                row.cells.emplace_back(field.empty() ? Cell{} : Cell{std::move(field)});
            sheet.rows.push_back(std::move(row));
        }
        book.sheets.push_back(std::move(sheet));
    } catch (const Unreadable& e) {
        book.problem = e.what();
        book.sheets.clear();
    }
    return book;
}

} // namespace regiebord::hub::workbook
