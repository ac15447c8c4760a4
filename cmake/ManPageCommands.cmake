# Writes a help2man include file with a COMMANDS section: every subcommand that
# `headlined --help` lists, with its own --help as printed. Run at build time by
# cmake/ManPage.cmake: -DBINARY=<headlined> -DOUTPUT=<file.h2m>

# Text as roff that prints it verbatim: backslashes escaped, a leading . or ' made literal,
# and - as the minus sign that options are spelled with.
function(roff_literal text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${BINARY} --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BINARY} --help failed (${rc})")
endif()
# CLI11 lists them under "Subcommands:", one "  name   description" per line.
string(REGEX MATCH "\nSubcommands:\n.*" listing "${top}")
if(NOT listing)
  message(FATAL_ERROR "${BINARY} --help lists no subcommands")
endif()
string(REGEX MATCHALL "\n  [a-z][a-z-]*" names "${listing}")

set(page "[COMMANDS]\nEach command has its own \\fB\\-\\-help\\fR.\n")
foreach(name ${names})
  string(STRIP "${name}" name)
  execute_process(COMMAND ${BINARY} ${name} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${BINARY} ${name} --help failed (${rc})")
  endif()
  string(STRIP "${help}" help)
  string(REPLACE "${BINARY}" "headlined" help "${help}")  # the usage line names argv[0]
  roff_literal("${help}" help)
  roff_literal("${name}" title)
  string(APPEND page ".SS ${title}\n.nf\n${help}\n.fi\n")
endforeach()
file(WRITE ${OUTPUT} "${page}")
