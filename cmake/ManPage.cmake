# headlined(1), generated at build time from the binary's own --help and --version (help2man)
# and from each subcommand's --help (cmake/ManPageCommands.cmake), so that the page cannot
# drift from the commands. The hand-written parts (DESCRIPTION, FILES, EXIT STATUS, SEE ALSO)
# are packaging/headlined.h2m.
find_program(HELP2MAN help2man REQUIRED)
find_program(GZIP gzip REQUIRED)

set(HEADLINED_MAN_DIR ${CMAKE_BINARY_DIR}/man)
set(HEADLINED_MAN_PAGE ${HEADLINED_MAN_DIR}/headlined.1.gz)
add_custom_command(
  OUTPUT ${HEADLINED_MAN_PAGE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${HEADLINED_MAN_DIR}
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:headlined_cli>
          -DOUTPUT=${HEADLINED_MAN_DIR}/commands.h2m -P ${PROJECT_SOURCE_DIR}/cmake/ManPageCommands.cmake
  # SOURCE_DATE_EPOCH, when set, dates the page (reproducible builds); help2man reads it.
  COMMAND ${HELP2MAN} --no-info --section=1 --name "headless news-subscription daemon"
          --include=${PROJECT_SOURCE_DIR}/packaging/headlined.h2m
          --include=${HEADLINED_MAN_DIR}/commands.h2m --output=${HEADLINED_MAN_DIR}/headlined.1
          $<TARGET_FILE:headlined_cli>
  COMMAND ${GZIP} -9 -n -f ${HEADLINED_MAN_DIR}/headlined.1
  DEPENDS headlined_cli ${PROJECT_SOURCE_DIR}/packaging/headlined.h2m
          ${PROJECT_SOURCE_DIR}/cmake/ManPageCommands.cmake
  COMMENT "Generating headlined(1) from the binary's --help"
  VERBATIM)
add_custom_target(headlined_man ALL DEPENDS ${HEADLINED_MAN_PAGE})
install(FILES ${HEADLINED_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
