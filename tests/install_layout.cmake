# ctest: `cmake --install` into a scratch DESTDIR puts every part where an admin expects it,
# a second install keeps an edited config, and the unit's exposure stays rated OK.
# -DBUILD=<build dir> -DSCRATCH=<empty dir> -DPREFIX=<the configured install prefix>
file(REMOVE_RECURSE ${SCRATCH})
set(ENV{DESTDIR} ${SCRATCH})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
set(P ${SCRATCH}${PREFIX})
foreach(f ${P}/bin/headlined ${P}/lib/systemd/system/headlined.service
          ${SCRATCH}/etc/headlined/headlined.jsonc ${SCRATCH}/etc/headlined/headlined.example.jsonc
          ${P}/share/doc/headlined/README.md ${P}/share/doc/headlined/docs/config.md
          ${P}/share/doc/headlined/docs/operations.md
          ${P}/share/doc/headlined/docs/architecture.md
          ${P}/share/bash-completion/completions/headlined)
  if(NOT EXISTS ${f})
    message(FATAL_ERROR "missing after install: ${f}")
  endif()
endforeach()
# Every relative link of the installed README leads to an installed file, and none leaves
# the doc folder (the repository stands alone).
file(READ ${P}/share/doc/headlined/README.md readme)
# "](" becomes a marker first: a "]" inside a CMake list element would upset list splitting.
string(REPLACE "](" "<link>" readme "${readme}")
string(REGEX MATCHALL "<link>[^):#]+" links "${readme}")
if(NOT links)
  message(FATAL_ERROR "no relative link found in the installed README")
endif()
foreach(link ${links})
  string(REPLACE "<link>" "" target "${link}")
  if(target MATCHES "^\\.\\.")
    message(FATAL_ERROR "the README links outside its folder: ${target}")
  endif()
  if(NOT EXISTS ${P}/share/doc/headlined/${target})
    message(FATAL_ERROR "the installed README links to a missing file: ${target}")
  endif()
endforeach()
file(READ ${P}/lib/systemd/system/headlined.service unit)
foreach(needle "Type=notify" "ExecStart=${PREFIX}/bin/headlined run --config /etc/headlined/headlined.jsonc"
               "WatchdogSec=" "DynamicUser=yes" "StateDirectory=headlined" "ProtectSystem=strict")
  string(FIND "${unit}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the unit lacks ${needle}")
  endif()
endforeach()

# An admin's edits survive a reinstall.
file(WRITE ${SCRATCH}/etc/headlined/headlined.jsonc "{} // edited")
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} OUTPUT_QUIET)
file(READ ${SCRATCH}/etc/headlined/headlined.jsonc kept)
if(NOT kept STREQUAL "{} // edited")
  message(FATAL_ERROR "reinstall overwrote the edited config")
endif()

# The installed sample config is valid as shipped.
execute_process(COMMAND ${P}/bin/headlined check-config
                        ${SCRATCH}/etc/headlined/headlined.example.jsonc
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the sample config does not check: ${out}")
endif()

find_program(ANALYZE systemd-analyze)
if(ANALYZE)
  execute_process(COMMAND ${ANALYZE} security --offline=true --threshold=20
                          ${P}/lib/systemd/system/headlined.service
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX MATCH "exposure level for headlined.service: [0-9.]+ [A-Z]+" rating "${out}")
  message(STATUS "${rating}")
  if(NOT rc EQUAL 0 OR NOT rating MATCHES " (OK|SAFE)$")
    message(FATAL_ERROR "systemd-analyze security rates the unit worse than OK: ${rating}")
  endif()
endif()
