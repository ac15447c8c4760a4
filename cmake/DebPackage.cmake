# `cpack -G DEB` in a build configured with -DHEADLINED_PACKAGE=ON -DCMAKE_INSTALL_PREFIX=/usr
# makes headlined_<version>-<revision>_<arch>.deb from what `cmake --install` installs, plus
# the man page, the Debian copyright and changelog, and the maintainer scripts in
# packaging/deb/ (the system user, the state folder, the service). docs/installation.md.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(FATAL_ERROR "HEADLINED_PACKAGE needs -DCMAKE_INSTALL_PREFIX=/usr (the unit names "
                      "the binary's installed path), not ${CMAKE_INSTALL_PREFIX}")
endif()
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps REQUIRED)  # dpkg-dev: the Depends line

# The upstream version is project(VERSION); the revision counts builds of the package of one
# upstream version (a rebuilt package of the same source gets the next one).
set(HEADLINED_DEB_REVISION 1 CACHE STRING "Debian revision of the package")
set(HEADLINED_DEB_MAINTAINER "headlined maintainers <headlined@example.com>"
    CACHE STRING "Maintainer field of the package: who builds and answers for it")
set(HEADLINED_DEB_VERSION ${PROJECT_VERSION}-${HEADLINED_DEB_REVISION})

# /usr/share/doc/headlined: the copyright file and a changelog entry for this build, dated by
# SOURCE_DATE_EPOCH when it is set (reproducible builds), else now.
string(TIMESTAMP HEADLINED_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(deb_dir ${CMAKE_BINARY_DIR}/deb)
configure_file(packaging/deb/changelog.in ${deb_dir}/changelog.Debian @ONLY)
add_custom_command(OUTPUT ${deb_dir}/changelog.Debian.gz
                   COMMAND ${GZIP} -9 -n -f -k ${deb_dir}/changelog.Debian
                   DEPENDS ${deb_dir}/changelog.Debian VERBATIM)
add_custom_target(headlined_deb_changelog ALL DEPENDS ${deb_dir}/changelog.Debian.gz)
install(FILES packaging/deb/copyright ${deb_dir}/changelog.Debian.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Maintainer scripts, with the user, paths and unit of this build.
foreach(script postinst prerm postrm)
  configure_file(packaging/deb/${script}.in ${deb_dir}/${script} @ONLY)
endforeach()
file(WRITE ${deb_dir}/conffiles "${HEADLINED_CONFIG_DIR}/headlined.jsonc\n"
                                "${HEADLINED_CONFIG_DIR}/headlined.example.jsonc\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME headlined)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE ${HEADLINED_DEB_REVISION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # headlined_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HEADLINED_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "headless news-subscription daemon")
# The summary above is its first line; CPack indents these and marks the empty line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "headlined polls news sources (RSS and Atom feeds, sitemaps, list pages),
keeps an unmodified snapshot of every new article in SQLite, matches it
against keyword subscriptions and notifies subscribers by email or webhook.
Chinese news is first-class: GBK pages, no spaces between words,
Traditional and Simplified.

The package runs the daemon as the systemd service headlined.service, under
the system user headlined, with its database in /var/lib/headlined.")
# The libraries' packages come from the binary (dpkg-shlibdeps); adduser and
# init-system-helpers are what the maintainer scripts call; tzdata holds the time zones that
# offset-less page times and digest windows are read in (/usr/share/zoneinfo).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~), tzdata")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${deb_dir}/conffiles ${deb_dir}/postinst ${deb_dir}/prerm
                                       ${deb_dir}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# Files under /etc are installed with absolute paths: stage everything under DESTDIR.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
include(CPack)
