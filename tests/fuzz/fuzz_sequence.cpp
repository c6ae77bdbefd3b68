// parseSequence and parseChangesQuery: the hub's raw query of GET .../changes. Compared
// with the rule they state: exactly "since=" and 1-18 ASCII digits, read as a decimal number.

#include "harness.hpp"
#include "protocol.hpp"

#include <algorithm>
#include <string>

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::asText(data, size);
    // The whole query: "since=" + a sequence, nothing before or after it.
    const auto query = parseChangesQuery(text);
    const bool prefixed = text.substr(0, 6) == "since=";
    fuzz::require(query == (prefixed ? parseSequence(text.substr(6)) : std::nullopt),
                  "parseChangesQuery is since= and parseSequence");
    const auto value = parseSequence(text);
    const bool digits = !text.empty() && text.size() <= 18 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    fuzz::require(value.has_value() == digits, "parseSequence accepts exactly 1-18 digits");
    if (!value) return 0;
    fuzz::require(*value >= 0, "a negative sequence");
    const auto first = text.find_first_not_of('0');
    const std::string_view significant = first == std::string_view::npos ? "0" : text.substr(first);
    fuzz::require(std::to_string(*value) == significant, "parseSequence reads another number");
    return 0;
}
