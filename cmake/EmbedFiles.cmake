# Turns every file below a directory into a byte array in one generated C++ source, with a
# lookup table keyed by the file's path relative to that directory.
function(headlined_embed_directory dir out)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS ${dir}/*)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUT=${out} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    COMMENT "Embedding ${dir}")
endfunction()
