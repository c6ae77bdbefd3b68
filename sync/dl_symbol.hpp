#pragma once
// One function looked up in a library opened with dlopen (sync/curl_api.cpp, app/crypto_api.cpp).

#include <dlfcn.h>

#include <string>

namespace regiebord {

/// Points slot at `name` in lib. When the library has no such symbol, slot is null and error
/// (if still empty) says "<library> has no <name>"; returns whether it was found.
template <typename F>
bool bindSymbol(void* lib, const char* library, const char* name, F& slot, std::string& error) {
    void* symbol = ::dlsym(lib, name);
    slot = reinterpret_cast<F>(symbol);
    if (!symbol && error.empty()) error = std::string(library) + " has no " + name;
    return symbol != nullptr;
}

} // namespace regiebord
