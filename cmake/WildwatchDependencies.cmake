# Every third-party package Wildwatch builds against. All come from Debian 12
# (scripts/bootstrap installs them); nothing is downloaded or vendored.
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)  # Boost.DLL needs it.
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)  # SHA-256 of the evidence.
find_package(CURL REQUIRED)
find_package(LibXml2 REQUIRED)

# Debian 12 ships these without CMake packages; pkg-config describes them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)  # 2022-06-01: StringPiece API.
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

if(WILDWATCH_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(WILDWATCH_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
