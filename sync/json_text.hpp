#pragma once
// The one way JSON becomes text in Regiebord. nlohmann's dump() throws
// (type_error.316) on a string that is not valid UTF-8; on a thread without a
// catch that ends the process. Every string we put into JSON is valid UTF-8 by
// construction (text.hpp), and this dump replaces anything that still is not
// instead of throwing. A lint test (tests/lint) refuses a plain .dump( elsewhere.

#include <nlohmann/json.hpp>

#include <string>

namespace regiebord {

inline std::string jsonText(const nlohmann::json& value, int indent = -1) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace regiebord
