# Every dependency, found once, with its minimum version (Debian 12 packages; see `make deps`).
find_package(PkgConfig REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(fmt 9.1 REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(SQLite3 3.37 REQUIRED)        # STRICT tables need 3.37
find_package(OpenSSL 3.0 REQUIRED COMPONENTS Crypto)
find_package(Threads REQUIRED)
pkg_check_modules(LIBCRYPT REQUIRED IMPORTED_TARGET libxcrypt>=4.4)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd>=1.5)
find_package(ZLIB REQUIRED) # gzip-rotated logs (netsec-audit LOG-0001)
find_package(pugixml 1.13 REQUIRED) # nmap -oX scans (netsec-asset): no DTD, no entity expansion
find_package(CURL 7.85 REQUIRED) # netsec-duty patrol: CURLOPT_PROTOCOLS_STR needs 7.85
find_program(SCDOC scdoc REQUIRED)
find_program(MSGFMT msgfmt REQUIRED)
find_program(MSGUNIQ msguniq REQUIRED)
if(NETSEC_BUILD_TESTS)
  find_package(doctest 2.4 REQUIRED)
endif()
