// parseBoard(Import): the board file regiebord-hub imports (regiebord.board.v1).

#include "board_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    regiebord::fuzz::checkBoard(regiebord::fuzz::asText(data, size), regiebord::DocumentKind::Import);
    return 0;
}
