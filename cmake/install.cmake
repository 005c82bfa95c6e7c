# `cmake --install build --prefix P`: headers under P/include/benign (source layout), the static
# libraries, the program, a CMake package (find_package(benign 0.2 CONFIG) -> benign::core ...)
# and benign.pc. Only usage requirements are exported: -march=native (BENIGN_NATIVE) and the
# warning flags are directory compile options, never part of a target's interface; -ffp-contract=off
# is exported (dd's kernels need it, below).
include(GNUInstallDirs)

# Eigen objects allocated by the libraries are freed by consumers and the other way round: both must
# use the same alignment (EIGEN_MAX_ALIGN_BYTES), or a consumer compiled without -march=native frees
# with the wrong deallocator (double free). So the installed targets carry the libraries' value as
# a definition instead of the -march=native that chose it.
set(eigen_align_flags)
if(BENIGN_NATIVE)
  set(eigen_align_flags -march=native)
endif()
try_run(eigen_align_run eigen_align_compiled ${CMAKE_CURRENT_BINARY_DIR}/eigen_alignment
  ${CMAKE_CURRENT_SOURCE_DIR}/cmake/eigen_alignment.cpp COMPILE_DEFINITIONS ${eigen_align_flags}
  LINK_LIBRARIES Eigen3::Eigen RUN_OUTPUT_VARIABLE eigen_align)
if(NOT eigen_align_compiled OR NOT eigen_align_run EQUAL 0)
  message(FATAL_ERROR "could not determine Eigen's alignment (cmake/eigen_alignment.cpp)")
endif()
list(GET eigen_align 0 BENIGN_EIGEN_MAX_ALIGN_BYTES)
list(GET eigen_align 1 BENIGN_EIGEN_MAX_STATIC_ALIGN_BYTES)
target_compile_definitions(benign_core INTERFACE
  $<INSTALL_INTERFACE:EIGEN_MAX_ALIGN_BYTES=${BENIGN_EIGEN_MAX_ALIGN_BYTES}>
  $<INSTALL_INTERFACE:EIGEN_MAX_STATIC_ALIGN_BYTES=${BENIGN_EIGEN_MAX_STATIC_ALIGN_BYTES}>)
# The double-double type's inline kernels (libqd's two-sum and split product, core/double_double.hpp)
# are exact only without FMA contraction: consumers compile them with -ffp-contract=off too.
target_compile_options(benign_core INTERFACE $<INSTALL_INTERFACE:-ffp-contract=off>)
include(CMakePackageConfigHelpers)

install(DIRECTORY core bounds simulate reports verify DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/benign
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.ipp"
  PATTERN "instantiate" EXCLUDE REGEX "reports/(verify|delay_search)$" EXCLUDE)
install(TARGETS benign_core benign_simulate benign_bounds benign_reports benign_verify EXPORT benignTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS benign RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(BENIGN_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/benign)
install(EXPORT benignTargets NAMESPACE benign:: DESTINATION ${BENIGN_CMAKE_DIR})
configure_package_config_file(cmake/benignConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/benignConfig.cmake
  INSTALL_DESTINATION ${BENIGN_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/benignConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/benignConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/benignConfigVersion.cmake
  DESTINATION ${BENIGN_CMAKE_DIR})

set(BENIGN_PC_MPI_LIBS)
if(BENIGN_MPI)
  foreach(lib ${MPI_CXX_LIBRARIES})
    string(APPEND BENIGN_PC_MPI_LIBS " ${lib}")
  endforeach()
endif()
configure_file(cmake/benign.pc.in ${CMAKE_CURRENT_BINARY_DIR}/benign.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/benign.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
