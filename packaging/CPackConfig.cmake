# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
# `cpack -G DEB` in a build folder makes a Debian package of what `install` puts in place.
set(CPACK_PACKAGE_NAME "naap-workbench")
set(CPACK_PACKAGE_VENDOR "NAAP Workbench authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Neural architecture accuracy prediction workbench (NAAP-440)")
set(CPACK_PACKAGE_CONTACT "NAAP Workbench authors")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
