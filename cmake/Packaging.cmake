# SPDX-License-Identifier: Apache-2.0
# What `cmake --install` puts where, and the Debian package (`cpack -G DEB`) made from it.
include(GNUInstallDirs)

set(EQLWB_APP_ID io.github.eqlworkbench.EqlWorkbench)
set(EQLWB_RESOURCES ${PROJECT_SOURCE_DIR}/resources)

install(TARGETS eqlwb RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/samples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/eql-workbench/samples
  PATTERN "tools" EXCLUDE)

# Man pages carry the project version.
foreach(page eqlwb eql-workbench)
  configure_file(${EQLWB_RESOURCES}/man/${page}.1 ${PROJECT_BINARY_DIR}/man/${page}.1 @ONLY)
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/man/eqlwb.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

if(EQLWB_BUILD_GUI)
  install(TARGETS eql-workbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_BINARY_DIR}/man/eql-workbench.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${EQLWB_RESOURCES}/${EQLWB_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  configure_file(${EQLWB_RESOURCES}/${EQLWB_APP_ID}.metainfo.xml
    ${PROJECT_BINARY_DIR}/metainfo/${EQLWB_APP_ID}.metainfo.xml @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/metainfo/${EQLWB_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${EQLWB_RESOURCES}/${EQLWB_APP_ID}.mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
    RENAME ${EQLWB_APP_ID}.xml)
  install(FILES ${EQLWB_RESOURCES}/icons/eql-workbench.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${EQLWB_APP_ID}.svg)
  foreach(size 16 32 48 64 128 256)
    install(FILES ${EQLWB_RESOURCES}/icons/eql-workbench-${size}.png
      DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${EQLWB_APP_ID}.png)
  endforeach()
endif()

set(CPACK_PACKAGE_NAME eql-workbench)
set(CPACK_PACKAGE_VENDOR "The EQL Workbench developers")
set(CPACK_PACKAGE_CONTACT "The EQL Workbench developers <eql-workbench@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Test Elastic EQL detection rules against endpoint event captures")
set(CPACK_PACKAGE_DESCRIPTION
  "EQL Workbench runs Elastic detection rules written in EQL over captured endpoint events with the
results Elasticsearch would return: a desktop workbench (eql-workbench) with a timeline per host
and user, process chains, interactive tuning, Kibana exception lists and rule exports, and the
same core on the command line (eqlwb) for CI pipelines.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY eql-workbench)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/eqlworkbench/eql-workbench")
# The shared libraries come from the binaries (dpkg-shlibdeps); what Qt loads at run time as
# plugins does not show there: the platform plugins (xcb for a desktop, offscreen for screenshots).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(EQLWB_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "shared-mime-info, desktop-file-utils, hicolor-icon-theme")
endif()
include(CPack)
