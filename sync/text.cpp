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

} // namespace regiebord
