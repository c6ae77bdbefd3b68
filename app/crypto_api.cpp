#include "crypto_api.hpp"
#include "dl_symbol.hpp"

#include <dlfcn.h>
#include <stdexcept>

namespace regiebord::ui {

namespace {

constexpr const char* kLibrary = "libcrypto.so.3";

struct Loaded {
    CryptoApi api{};
    std::string error; ///< empty when every function was found
};

template <typename F> void bind(void* lib, const char* name, F& slot, std::string& error) {
    bindSymbol(lib, kLibrary, name, slot, error);
}

Loaded load() {
    Loaded l;
    // Never closed: OpenSSL keeps global state until the process ends.
    void* lib = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char* why = ::dlerror();
        l.error = std::string("cannot load ") + kLibrary + " (package libssl3): " + (why ? why : "unknown");
        return l;
    }
    bind(lib, "PKCS5_PBKDF2_HMAC", l.api.pbkdf2_hmac, l.error);
    bind(lib, "EVP_sha256", l.api.sha256, l.error);
    bind(lib, "RAND_bytes", l.api.rand_bytes, l.error);
    bind(lib, "CRYPTO_memcmp", l.api.memcmp, l.error);
    return l;
}

} // namespace

const CryptoApi& cryptoApi() {
    static const Loaded l = load();
    if (!l.error.empty()) throw std::runtime_error(l.error);
    return l.api;
}

} // namespace regiebord::ui
