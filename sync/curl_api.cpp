#include "curl_api.hpp"
#include "dl_symbol.hpp"

#include <dlfcn.h>

namespace regiebord {

namespace {

struct Loaded {
    CurlApi api{};
    bool ok = false;
    std::string error;
};

template <typename F> bool bind(void* lib, const char* name, F& slot, std::string& error) {
    return bindSymbol(lib, "libcurl.so.4", name, slot, error);
}

Loaded load() {
    Loaded l;
    // Never closed: the handles and the connection cache live until the process ends.
    void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        // NOLINTNEXTLINE(concurrency-mt-unsafe): glibc keeps dlerror's message per thread
        const char* why = ::dlerror();
        l.error = std::string("cannot load libcurl.so.4 (package libcurl4): ") + (why ? why : "unknown");
        return l;
    }
    CurlApi& a = l.api;
    l.ok = bind(lib, "curl_global_init", a.global_init, l.error) &&
           bind(lib, "curl_easy_init", a.easy_init, l.error) &&
           bind(lib, "curl_easy_reset", a.easy_reset, l.error) &&
           bind(lib, "curl_easy_setopt", a.easy_setopt, l.error) &&
           bind(lib, "curl_easy_perform", a.easy_perform, l.error) &&
           bind(lib, "curl_easy_getinfo", a.easy_getinfo, l.error) &&
           bind(lib, "curl_easy_strerror", a.easy_strerror, l.error) &&
           bind(lib, "curl_easy_cleanup", a.easy_cleanup, l.error) &&
           bind(lib, "curl_slist_append", a.slist_append, l.error) &&
           bind(lib, "curl_slist_free_all", a.slist_free_all, l.error) &&
           bind(lib, "curl_getdate", a.getdate, l.error) && bind(lib, "curl_url", a.url, l.error) &&
           bind(lib, "curl_url_set", a.url_set, l.error) && bind(lib, "curl_url_get", a.url_get, l.error) &&
           bind(lib, "curl_url_cleanup", a.url_cleanup, l.error) && bind(lib, "curl_free", a.free, l.error);
    if (l.ok && a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        l.ok = false;
        l.error = "curl_global_init failed";
    }
    return l;
}

const Loaded& loaded() {
    static const Loaded l = load(); // thread-safe, once
    return l;
}

} // namespace

const CurlApi* curlApi() {
    return loaded().ok ? &loaded().api : nullptr;
}

const std::string& curlLoadError() {
    return loaded().error;
}

} // namespace regiebord
