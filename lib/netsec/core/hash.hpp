// SHA-256 through OpenSSL's libcrypto (SHA-NI where the CPU has it), as lowercase hex.
#pragma once
#include <string>
#include <string_view>

namespace netsec::hash {

// Hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// Hex SHA-256 of a file's bytes; throws Error(no_input) when it cannot be read.
std::string sha256_file_hex(const std::string& path);

} // namespace netsec::hash
