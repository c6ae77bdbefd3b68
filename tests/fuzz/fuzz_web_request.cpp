// The web side's readers of what a browser sends (server/web_html.hpp): a form body
// (application/x-www-form-urlencoded), a multipart body with a file, a Cookie header; and the kiosk's body
// that sets the current agenda item (sync/protocol.hpp). Each either refuses or gives valid UTF-8 that
// escapes to HTML without a raw '<' or '"'.

#include "harness.hpp"
#include "protocol.hpp"
#include "web_html.hpp"

using namespace regiebord;
using namespace regiebord::hub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::asText(data, size);
    if (const auto form = web::parseForm(text)) {
        for (const auto& [name, value] : *form) {
            fuzz::requireUtf8(name, "a form field's name");
            fuzz::requireUtf8(value, "a form field's value");
            const std::string html = web::escape(value);
            fuzz::require(html.find_first_of("<>\"'") == std::string::npos, "escape left markup in a value");
        }
        if (!form->empty())
            fuzz::require(web::field(*form, form->front().first) == form->front().second,
                          "field() does not find the first field");
    }
    if (const auto multipart = web::parseMultipart("multipart/form-data; boundary=b", text)) {
        std::size_t bytes = 0;
        for (const auto& [name, value] : multipart->fields) {
            fuzz::requireUtf8(name, "a multipart field's name");
            fuzz::requireUtf8(value, "a multipart field's value");
            bytes += value.size();
        }
        for (const auto& file : multipart->files) {
            fuzz::requireUtf8(file.filename, "a file's name");
            fuzz::require(file.filename.find_first_of("/\\") == std::string::npos, "a file name with a path");
            bytes += file.bytes.size();
        }
        fuzz::require(bytes <= text.size(), "more bytes out of a multipart body than in it");
    }
    const std::string value = web::cookie(text, "__Host-regiebord");
    fuzz::require(value.size() <= text.size(), "a cookie longer than its header");
    const auto current = parseCurrentItemRequest(text);
    if (!current) {
        fuzz::requireUtf8(current.error().describe(), "parseCurrentItemRequest's error");
        return 0;
    }
    const std::string encoded = encodeCurrentItemRequest(current.value());
    const auto again = parseCurrentItemRequest(encoded);
    fuzz::require(again && again.value().order == current.value().order, "current item round trip");
    return 0;
}
