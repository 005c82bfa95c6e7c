# `cmake --install build --prefix P`: headers under P/include/benign (source layout), the static
# libraries, the program, a CMake package (find_package(benign 0.2 CONFIG) -> benign::core ...)
# and benign.pc. Only usage requirements are exported: -march=native (BENIGN_NATIVE) and the
# warning/FP flags are directory compile options, never part of a target's interface.
include(GNUInstallDirs)
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

configure_file(cmake/benign.pc.in ${CMAKE_CURRENT_BINARY_DIR}/benign.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/benign.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
