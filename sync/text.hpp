#pragma once
// Text that crosses a boundary (network, file, log, heartbeat, screen) is valid
// UTF-8 by construction. Foreign bytes (a hub's answer, a file, a library's error
// message that quotes what it read) go through these before they become text of
// ours. Validation is utfcpp's (Debian's libutfcpp-dev); what is ours is where the
// text is cut and which characters a single line may hold.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord {

/// True when text is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view text);

/// text with every invalid sequence replaced by U+FFFD.
std::string validUtf8(std::string_view text);

/// One line for people and logs: valid UTF-8, control characters (newlines, tabs,
/// escape sequences) turned into spaces, cut at a character boundary to at most
/// maxBytes bytes with "…" at the end when something was cut.
std::string oneLine(std::string_view text, std::size_t maxBytes = 500);

/// Lower-case hex of bytes, two digits each ("00ff").
std::string toHex(const unsigned char* data, std::size_t size);
/// A hex digit's value (0-9, a-f, A-F); -1 for any other character.
int hexDigitValue(char c);
/// Bytes from hex text of an even, non-zero length; nullopt for anything else.
std::optional<std::vector<unsigned char>> fromHex(std::string_view text);

} // namespace regiebord
