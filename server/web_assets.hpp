#pragma once
// The web side's static files (server/web/), compiled into the hub by
// cmake/embed_web_assets.cmake: the package is one binary that cannot serve a page
// of another version, and there is no path to configure. Each is served under
// /static/NAME with its content hash as ETag and `Cache-Control: immutable` when
// asked for with ?v=HASH (the pages link them so).

#include <string_view>

namespace regiebord::hub::web {

struct Asset {
    std::string_view name;        ///< "regiebord.css"
    std::string_view contentType; ///< "text/css; charset=utf-8"
    std::string_view bytes;
    std::string_view hash; ///< the first 16 hex digits of its SHA-256
};

/// The asset of that name, or nullptr.
const Asset* findAsset(std::string_view name);

} // namespace regiebord::hub::web
