# Helpers so a component's CMakeLists.txt stays a few lines long.
#
#   iotmark_library(catalog SOURCES a.cc b.cc DEPS iotmark_common yaml-cpp)
#     defines the static library iotmark_catalog; src/ is on its include path,
#     so code includes "catalog/catalog.h". Every library is linked into the binary.
#     Library objects carry no absolute paths (so ccache shares them between
#     clones); tests get IOTMARK_SOURCE_DIR / IOTMARK_SOURCE_SCHEMES_DIR.
#   iotmark_test(catalog_test SOURCES catalog_test.cc DEPS iotmark_catalog)
#     defines one GoogleTest executable and registers its tests with CTest.
function(iotmark_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(iotmark_${name} STATIC ${ARG_SOURCES})
  target_include_directories(iotmark_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(iotmark_${name} PUBLIC ${ARG_DEPS})
  set_property(GLOBAL APPEND PROPERTY IOTMARK_LIBRARIES iotmark_${name})
endfunction()

function(iotmark_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    IOTMARK_BINARY="$<TARGET_FILE_DIR:iotmark>/iotmark"
    IOTMARK_BUILD_DIR="${CMAKE_BINARY_DIR}"
    IOTMARK_SOURCE_SCHEMES_DIR="${IOTMARK_SOURCE_SCHEMES_DIR}"
    IOTMARK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_dependencies(${name} iotmark)
  # LABELS: the executable's name, so a run can pick suites (ctest -L registry_test).
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300 LABELS ${name})
endfunction()
