# Small helpers for the patterns every folder repeats.

# wildwatch_library(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# A static library whose headers are included as "host/<folder>/x.h" from
# the repository root.
function(wildwatch_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# wildwatch_test(NAME SOURCES ... [DEPS ...] [LABELS ...])
# A GoogleTest binary whose cases are registered one by one with ctest.
# WILDWATCH_SOURCE_DIR, WILDWATCH_BINARY_DIR and WILDWATCH_SHARED_DIR tell
# tests where fixtures, built binaries and ../shared live.
function(wildwatch_test name)
  if(NOT WILDWATCH_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_definitions(${name} PRIVATE
    WILDWATCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    WILDWATCH_BINARY_DIR="${PROJECT_BINARY_DIR}"
    WILDWATCH_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 300 LABELS "${ARG_LABELS}")
endfunction()
