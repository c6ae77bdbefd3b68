#pragma once
// For the config targets: toml++ 3.3.0 (Debian 12's libtomlplusplus) reaches
// TOML_UNREACHABLE (__builtin_unreachable, undefined behaviour) in
// impl::is_non_ascii_horizontal_whitespace for code points U+00A1..U+0499 and U+FB26..U+FEFE
// where it looks for whitespace: in a bare key (`§ = 1`) or after a line-ending backslash in
// a multi-line string. Known upstream (marzer/tomlplusplus issues 190 and 295). Inputs holding
// such a code point are skipped, so that the fuzzer goes on looking for other faults instead
// of finding this one again; the reproducers are kept in the corpus (toml-unreachable-*) for when
// Debian ships a fixed toml++ and the skip can go.

#include <cstddef>
#include <string_view>

namespace regiebord::fuzz {

inline bool hasTomlUnreachableCodePoint(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        char32_t c = 0;
        if ((b0 & 0xE0U) == 0xC0U && i + 1 < text.size()) {
            c = (char32_t{b0 & 0x1FU} << 6U) | (static_cast<unsigned char>(text[i + 1]) & 0x3FU);
        } else if ((b0 & 0xF0U) == 0xE0U && i + 2 < text.size()) {
            c = (char32_t{b0 & 0x0FU} << 12U) | (char32_t{static_cast<unsigned char>(text[i + 1]) & 0x3FU} << 6U) |
                (static_cast<unsigned char>(text[i + 2]) & 0x3FU);
        }
        if ((c >= 0xA1 && c <= 0x499) || (c >= 0xFB26 && c <= 0xFEFE)) return true;
    }
    return false;
}

} // namespace regiebord::fuzz
