#pragma once
// gzip for answers (zlib): kiosks ask for Accept-Encoding: gzip; a board's
// snapshot shrinks to about a tenth.

#include <string>
#include <string_view>

namespace regiebord::hub {

/// text compressed in gzip format (zlib's default level).
std::string gzip(std::string_view text);

} // namespace regiebord::hub
