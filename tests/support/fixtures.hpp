#pragma once
// Shared test data: the bundled demo board.

#include <fstream>
#include <sstream>
#include <string>

namespace regiebord::test {

inline std::string demoBoardText() {
    std::ifstream in(REGIEBORD_SOURCE_DIR "/assets/demo/board.json", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace regiebord::test
