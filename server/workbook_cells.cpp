// One imported cell as a board document's value (workbook_cells.hpp).

#include "workbook_cells.hpp"

#include "dates.hpp"
#include "protocol.hpp"
#include "text.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>

namespace regiebord::hub::workbook {

using nlohmann::json;

namespace {

constexpr double kLargestExact = 9007199254740992.0; // 2^53

std::string_view trimmed(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string found(const Cell& cell) {
    return " (gevonden: \"" + oneLine(cellText(cell), 60) + "\")";
}

/// "1200", "1200.5", "1200,5", "1.200,5" (Dutch: a comma is the decimal separator when there is one).
std::optional<double> numberOf(const Cell& cell) {
    if (const auto* number = std::get_if<double>(&cell)) return *number;
    std::string text(trimmed(std::get<std::string>(cell)));
    if (text.find(',') != std::string::npos) {
        std::string plain;
        for (const char c : text)
            if (c != '.') plain += c == ',' ? '.' : c;
        text = plain;
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::size_t characters(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text)
        n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    return n;
}

/// Excel's serial day number (1900 system: day 1 is 1900-01-01, with its phantom 1900-02-29).
std::optional<std::chrono::sys_days> excelDay(double serial, bool date1904) {
    using namespace std::chrono;
    if (!(serial >= 0 && serial < 2958466)) return std::nullopt; // up to 9999-12-31
    const auto whole = static_cast<int>(std::floor(serial));
    if (date1904) return sys_days{year{1904} / January / 1} + days{whole};
    if (whole < 61) return std::nullopt; // before 1900-03-01 Excel's count is off by its leap-day bug
    return sys_days{year{1899} / December / 30} + days{whole};
}

/// "dd-mm-jjjj" (also d-m-jjjj) as "YYYY-MM-DD"; the text itself otherwise.
std::string isoDate(std::string_view text) {
    const auto first = text.find('-');
    const auto second = first == std::string_view::npos ? first : text.find('-', first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos || first > 2 ||
        second - first > 3 || text.size() - second != 5)
        return std::string(text);
    const auto pad = [](std::string_view part) {
        return part.size() == 1 ? "0" + std::string(part) : std::string(part);
    };
    return std::string(text.substr(second + 1)) + "-" + pad(text.substr(first + 1, second - first - 1)) +
           "-" + pad(text.substr(0, first));
}

CellValue dateValue(const Cell& cell, bool date1904) {
    if (const auto* serial = std::get_if<double>(&cell)) {
        const auto day = excelDay(*serial, date1904);
        if (!day || *serial != std::floor(*serial))
            return {nullptr, "moet een datum zijn (dd-mm-jjjj), zonder tijd" + found(cell)};
        return {formatIsoDate(std::chrono::year_month_day{*day}), {}};
    }
    const std::string iso = isoDate(trimmed(std::get<std::string>(cell)));
    if (!isValidDate(iso)) return {nullptr, "moet een datum zijn (dd-mm-jjjj)" + found(cell)};
    return {iso, {}};
}

CellValue timestampValue(const Cell& cell, bool date1904) {
    using namespace std::chrono;
    if (const auto* serial = std::get_if<double>(&cell)) {
        const auto day = excelDay(*serial, date1904);
        if (!day) return {nullptr, "moet een datum en tijd zijn (dd-mm-jjjj uu:mm)" + found(cell)};
        const auto second = static_cast<long long>(std::llround((*serial - std::floor(*serial)) * 86400.0));
        return {formatUtc(sys_seconds{*day} + seconds{second}), {}};
    }
    const std::string_view text = trimmed(std::get<std::string>(cell));
    if (isValidTimestamp(text)) return {std::string(text), {}};
    // "dd-mm-jjjj uu:mm[:ss]", in UTC as the column says.
    const auto space = text.find(' ');
    if (space != std::string_view::npos) {
        const std::string date = isoDate(text.substr(0, space));
        std::string time(trimmed(text.substr(space + 1)));
        if (time.size() == 4 || time.size() == 7) time = "0" + time;
        if (time.size() == 5) time += ":00";
        const std::string stamp = date + "T" + time + "Z";
        if (isValidTimestamp(stamp)) return {stamp, {}};
    }
    return {nullptr, "moet een datum en tijd zijn (dd-mm-jjjj uu:mm, in UTC)" + found(cell)};
}

CellValue numberValue(const Column& column, const Cell& cell) {
    const auto number = numberOf(cell);
    const bool whole = column.type != CellType::Number;
    if (!number)
        return {nullptr,
                std::string(whole ? "moet een geheel getal zijn" : "moet een getal zijn") + found(cell)};
    if (whole && (*number != std::floor(*number) || std::fabs(*number) > kLargestExact))
        return {nullptr, "moet een geheel getal zijn" + found(cell)};
    if (column.type == CellType::Integer && (*number < column.min || *number > column.max))
        return {nullptr, "moet van " + std::to_string(static_cast<long long>(column.min)) + " t/m " +
                             std::to_string(static_cast<long long>(column.max)) + " zijn" + found(cell)};
    if (column.type != CellType::Integer && *number < 0)
        return {nullptr, "moet 0 of meer zijn" + found(cell)};
    if (whole) return {static_cast<std::int64_t>(*number), {}};
    return {*number, {}};
}

CellValue idValue(const Cell& cell) {
    const std::string id(trimmed(cellText(cell)));
    if (!isValidId(id))
        return {nullptr, "moet een code zijn van 1 tot 64 letters, cijfers, punten, streepjes of liggende "
                         "streepjes" +
                             found(cell)};
    return {id, {}};
}

CellValue idListValue(const Cell& cell) {
    json ids = json::array();
    const std::string text = cellText(cell);
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string_view part = trimmed(std::string_view(text).substr(
            start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!part.empty()) {
            if (!isValidId(part))
                return {nullptr, "moet ids bevatten, gescheiden door komma's; \"" + oneLine(part, 60) +
                                     "\" is geen id"};
            ids.push_back(std::string(part));
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return {ids, {}};
}

std::string allowedList(const Column& column) {
    std::string out;
    for (const auto value : column.allowed)
        out += (out.empty() ? "" : ", ") + std::string(value);
    return out;
}

CellValue enumValue(const Column& column, const Cell& cell) {
    const std::string whole = cellText(cell);
    const std::string_view text = trimmed(whole);
    for (const auto allowed : column.allowed)
        if (allowed == text) return {std::string(text), {}};
    return {nullptr, "kent de waarde \"" + oneLine(text, 60) + "\" niet; toegestaan: " + allowedList(column)};
}

CellValue yesNo(const Cell& cell, bool deleteMark) {
    std::string text(trimmed(cellText(cell)));
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (text == kYes) return {true, {}};
    if (text == kNo || (deleteMark && text.empty())) return {false, {}};
    return {nullptr,
            std::string(deleteMark ? "mag alleen \"ja\" of leeg zijn" : "moet \"ja\" of \"nee\" zijn") +
                found(cell)};
}

CellValue colourValue(const Cell& cell) {
    const std::string text(trimmed(cellText(cell)));
    bool ok = text.size() == 7 && text[0] == '#';
    for (std::size_t i = 1; ok && i < text.size(); ++i)
        ok = std::isxdigit(static_cast<unsigned char>(text[i])) != 0;
    if (!ok) return {nullptr, "moet een kleur zijn als #rrggbb" + found(cell)};
    return {text, {}};
}

CellValue textValue(const Column& column, const Cell& cell) {
    std::string text = cellText(cell);
    if (column.maxLength > 0 && characters(text) > column.maxLength)
        return {nullptr, "mag ten hoogste " + std::to_string(column.maxLength) + " tekens hebben (nu " +
                             std::to_string(characters(text)) + ")"};
    return {std::move(text), {}};
}

} // namespace

bool isBlank(const Cell& cell) {
    if (std::holds_alternative<std::monostate>(cell)) return true;
    if (const auto* text = std::get_if<std::string>(&cell)) return trimmed(*text).empty();
    return false;
}

std::string cellText(const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) return *text;
    if (const auto* number = std::get_if<double>(&cell)) {
        if (*number == std::floor(*number) && std::fabs(*number) < kLargestExact)
            return std::to_string(static_cast<long long>(*number));
        std::array<char, 32> buffer{};
        const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *number);
        return ec == std::errc() ? std::string(buffer.data(), end) : std::string("?");
    }
    return {};
}

CellValue cellValue(const Column& column, const Cell& cell, bool date1904) {
    const bool blank = column.type == CellType::Text ? cellText(cell).empty() : isBlank(cell);
    if (column.type == CellType::Delete) return yesNo(cell, true);
    if (blank) {
        if (column.presence == Presence::Required) return {nullptr, "is verplicht maar leeg"};
        if (column.presence == Presence::Optional) return {nullptr, {}};
        return {column.type == CellType::IdList ? json::array() : json(""), {}};
    }
    switch (column.type) {
    case CellType::Id:
    case CellType::Reference:
        return idValue(cell);
    case CellType::Text:
        return textValue(column, cell);
    case CellType::Number:
    case CellType::Count:
    case CellType::Integer:
        return numberValue(column, cell);
    case CellType::Date:
        return dateValue(cell, date1904);
    case CellType::Timestamp:
        return timestampValue(cell, date1904);
    case CellType::Enum:
        return enumValue(column, cell);
    case CellType::Boolean:
        return yesNo(cell, false);
    case CellType::IdList:
        return idListValue(cell);
    case CellType::Colour:
        return colourValue(cell);
    case CellType::Delete:
        break;
    }
    return {nullptr, "onbekend soort kolom"};
}

} // namespace regiebord::hub::workbook
