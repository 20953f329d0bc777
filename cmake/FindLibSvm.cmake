# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
# libsvm ships no CMake config on Debian: find the header and the library by hand.
find_path(LIBSVM_INCLUDE_DIR NAMES svm.h PATH_SUFFIXES libsvm REQUIRED)
find_library(LIBSVM_LIBRARY NAMES svm REQUIRED)
if(NOT TARGET LibSvm::LibSvm)
  add_library(LibSvm::LibSvm UNKNOWN IMPORTED)
  set_target_properties(LibSvm::LibSvm PROPERTIES
    IMPORTED_LOCATION "${LIBSVM_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIBSVM_INCLUDE_DIR}")
endif()
