# deploy/package.cmake - the Debian package: what a Pi needs besides the
# program (the systemd service, the USB and backlight udev rules, the USB
# mount helper, the default settings, the man page, the maintainer
# scripts), and the CPack settings that make a .deb of it: `cpack -G DEB`
# in a build folder.
# Included from the top CMakeLists.txt after the program's install rules.
#
# The package's layout is Debian's, under /usr: /usr/bin/kiosk finds its
# assets and bundled pages in /usr/share/kiosk (kiosk/os/paths.c), and the
# service and rules name /usr/bin/kiosk and /usr/libexec/kiosk. Runtime
# dependencies come from dpkg-shlibdeps, so a new library needs no change
# here; the ones a linker cannot see (fonts, the GPU drivers SDL loads at
# run time, the tools the maintainer scripts and rules use) are listed.

set(KIOSK_DEB_MAINTAINER "Clinic kiosk maintainers <maintainers@users.noreply.r-seed-e394804f.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(KIOSK_DEB_DIR ${CMAKE_CURRENT_BINARY_DIR}/deb)

# --- system files (absolute paths: they only work where systemd looks) ---
install(FILES deploy/kiosk.service DESTINATION /lib/systemd/system)
install(FILES deploy/99-kiosk-usb.rules deploy/99-kiosk-backlight.rules
        DESTINATION /lib/udev/rules.d)
install(PROGRAMS deploy/kiosk-usb-mount DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/kiosk)
install(FILES deploy/kiosk.ini DESTINATION /etc/kiosk)

# --- documentation: the man page, copyright, a Debian changelog ---
# (compressed with gzip -9n, as Debian wants them)
string(TIMESTAMP KIOSK_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(deploy/debian/changelog.in ${KIOSK_DEB_DIR}/changelog @ONLY)
configure_file(deploy/kiosk.1 ${KIOSK_DEB_DIR}/kiosk.1 COPYONLY)
foreach(doc changelog kiosk.1)
  execute_process(COMMAND gzip -9nf ${KIOSK_DEB_DIR}/${doc} RESULT_VARIABLE gzip_result)
  if(NOT gzip_result EQUAL 0)
    message(FATAL_ERROR "deploy/package.cmake: gzip of ${KIOSK_DEB_DIR}/${doc} failed")
  endif()
endforeach()
install(FILES ${KIOSK_DEB_DIR}/changelog.gz deploy/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/kiosk)
install(FILES ${KIOSK_DEB_DIR}/kiosk.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# --- CPack ---
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${KIOSK_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "touch kiosk for clinic waiting rooms
Shows families illustrated pages about infant mental health and infant
massage on a touch screen, straight from the console through KMSDRM (no
desktop, no browser). Clinic staff change the pages with a USB stick.
.
The package runs the kiosk as a systemd service on tty1 with a watchdog,
mounts USB sticks with FAT32 or exFAT at /media/usb for staff updates, and
keeps its page-view counts in /var/lib/kiosk.")
# Libraries: dpkg-shlibdeps. Not seen by it: the fonts (assets/theme.ini),
# EGL, GLES and Mesa's DRI drivers that SDL's KMSDRM video dlopen()s, and
# what the maintainer scripts and udev rules run.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "fonts-noto-core, fonts-noto-color-emoji, libegl1, libgles2, libgl1-mesa-dri, adduser, systemd, udev")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postrm
    ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
# A cross build names the target's architecture (dpkg's own answer would be
# the build machine's); a native build leaves it to dpkg --print-architecture.
if(CMAKE_CROSSCOMPILING)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^arm")
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE armhf)
  elseif(CMAKE_SYSTEM_PROCESSOR STREQUAL "x86_64")
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
  else()
    message(FATAL_ERROR "deploy/package.cmake: no Debian architecture for ${CMAKE_SYSTEM_PROCESSOR}")
  endif()
endif()
include(CPack)
