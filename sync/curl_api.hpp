#pragma once
// libcurl, opened when the first HTTP client is made instead of when the
// process starts. libcurl and the ~20 libraries it brings (TLS, Kerberos,
// LDAP, SSH, IDN, ...) take ~15 ms to load here; the kiosk makes its client on
// the sync thread, so its first frame no longer waits for them. Only the
// functions we call are looked up; dlopen never happens twice.

#include <curl/curl.h>

#include <string>

namespace regiebord {

struct CurlApi {
    decltype(&::curl_global_init) global_init;
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_reset) easy_reset;
    decltype(&::curl_easy_setopt) easy_setopt;
    decltype(&::curl_easy_perform) easy_perform;
    decltype(&::curl_easy_getinfo) easy_getinfo;
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
    decltype(&::curl_getdate) getdate;
    decltype(&::curl_url) url;
    decltype(&::curl_url_set) url_set;
    decltype(&::curl_url_get) url_get;
    decltype(&::curl_url_cleanup) url_cleanup;
    decltype(&::curl_free) free;
};

/// libcurl's functions, loaded (and curl_global_init run) on first use; null
/// when libcurl cannot be loaded, with the reason in curlLoadError().
const CurlApi* curlApi();
const std::string& curlLoadError();

} // namespace regiebord
