#pragma once
// libcrypto (OpenSSL), opened the first time the chair PIN is hashed or checked instead of
// when the process starts. Linked, libcrypto took ~5 ms of every start here (mapping and
// relocating 4.5 MB before main), for a PIN that is entered a few times a meeting. By the
// time a chair types it, the sync thread has usually loaded libcurl, which brings libcrypto
// along, so the dlopen finds it mapped. Same approach as sync/curl_api.hpp.

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <string>

namespace regiebord::ui {

struct CryptoApi {
    decltype(&::PKCS5_PBKDF2_HMAC) pbkdf2_hmac;
    decltype(&::EVP_sha256) sha256;
    decltype(&::RAND_bytes) rand_bytes;
    decltype(&::CRYPTO_memcmp) memcmp;
};

/// libcrypto's functions, loaded on first use (thread-safe, once); throws std::runtime_error
/// naming the library and the package when it cannot be loaded.
const CryptoApi& cryptoApi();

} // namespace regiebord::ui
