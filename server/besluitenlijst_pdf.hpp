#pragma once
// The besluitenlijst as a PDF (A4 portrait) with cairo and pango: the document the
// secretary mails to the steering group as is. The model is besluitenlijst.hpp's.

#include "besluitenlijst.hpp"

#include <string>

namespace regiebord::hub {

/// The PDF's bytes, or why there are none.
struct PdfResult {
    std::string bytes;
    std::string problem; ///< "" when bytes holds the document
};

/// Lays the list out on A4 pages (pango, "DejaVu Sans" or what fontconfig gives for
/// "Sans") and renders it in memory; no file is touched.
PdfResult besluitenlijstPdf(const Besluitenlijst& list) noexcept;

} // namespace regiebord::hub
