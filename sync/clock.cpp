#include "clock.hpp"

#include <uuid/uuid.h>

#include <array>

namespace regiebord {

std::string makeUuidV4() {
    uuid_t id;
    uuid_generate_random(id);
    std::array<char, 37> text{};
    uuid_unparse_lower(id, text.data());
    return {text.data(), 36};
}

} // namespace regiebord
