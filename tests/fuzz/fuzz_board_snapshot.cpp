// parseBoard(Snapshot): GET /v1/boards/{board}/snapshot as the kiosk reads it.

#include "board_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    regiebord::fuzz::checkBoard(regiebord::fuzz::asText(data, size), regiebord::DocumentKind::Snapshot);
    return 0;
}
