// OpenSSL's EVP digest API (libcrypto): SHA-256 for CatalogModel.
#include <openssl/evp.h>
