// The workbook import's readers (server/workbook_reader.hpp): the bytes of an .xlsx file
// (libzip + pugixml) and of a CSV table (UTF-8 or Windows-1252) become rows, and the rows
// go through the importer (server/workbook_import.hpp) onto an empty hub. Whatever the
// bytes, nothing may crash, hang or leak: a file that is not a workbook is one problem line.

#include "harness.hpp"
#include "workbook_import.hpp"
#include "workbook_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wb = regiebord::hub::workbook;

namespace {

void importRows(const wb::RawBook& book) {
    if (!book.problem.empty()) return;
    const std::string board = wb::boardIdIn(book);
    const wb::ImportedBoard imported = wb::importBook(book, board.empty() ? "fuzz" : board, nullptr);
    for (const auto& error : imported.errors)
        static_cast<void>(wb::describe(error, book));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Small limits: the fuzzer looks for crashes, not for how big a file may be.
    const wb::ReadLimits limits{.maxPartBytes = std::size_t{4} << 20U,
                                .maxTotalBytes = std::size_t{8} << 20U,
                                .maxEntries = 64,
                                .maxRows = 2000,
                                .maxColumns = 64,
                                .maxSheets = 32};
    const std::string_view bytes = regiebord::fuzz::asText(data, size);
    importRows(wb::readXlsx(bytes, limits));
    importRows(wb::readCsv(bytes, "Productie", "productie.csv", limits));
    importRows(wb::readCsv(bytes, "Afspraken", "afspraken.csv", limits));
    return 0;
}
