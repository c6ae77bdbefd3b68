#include "text.hpp"

#include <utf8.h>

#include <iterator>

namespace regiebord {

namespace {
constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // U+2026
} // namespace

bool isValidUtf8(std::string_view text) {
    return utf8::is_valid(text.begin(), text.end());
}

std::string validUtf8(std::string_view text) {
    if (isValidUtf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    utf8::replace_invalid(text.begin(), text.end(), std::back_inserter(out));
    return out;
}

std::string oneLine(std::string_view text, std::size_t maxBytes) {
    const std::string valid = validUtf8(text);
    std::string out;
    out.reserve(std::min(valid.size(), maxBytes));
    auto it = valid.begin();
    while (it != valid.end()) {
        const auto start = it;
        const std::uint32_t cp = utf8::next(it, valid.end());
        const std::size_t length = static_cast<std::size_t>(it - start);
        if (out.size() + length > maxBytes) {
            // Room for the ellipsis: drop whole characters from the end until it fits.
            while (!out.empty() && out.size() + kEllipsis.size() > maxBytes) {
                auto end = out.end();
                utf8::prior(end, out.begin());
                out.erase(end, out.end());
            }
            if (out.size() + kEllipsis.size() <= maxBytes) out += kEllipsis;
            return out;
        }
        // C0 and C1 controls and DEL: a line holds none (a newline would start a fake log line).
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            out += ' ';
        else
            out.append(start, it);
    }
    return out;
}

std::string toHex(const unsigned char* data, std::size_t size) {
    constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[data[i] >> 4U]);
        out.push_back(kDigits[data[i] & 0x0FU]);
    }
    return out;
}

int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::vector<unsigned char>> fromHex(std::string_view text) {
    if (text.empty() || text.size() % 2 != 0) return std::nullopt;
    std::vector<unsigned char> out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = hexDigitValue(text[i]);
        const int low = hexDigitValue(text[i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        out.push_back(static_cast<unsigned char>(high * 16 + low));
    }
    return out;
}

} // namespace regiebord
