# mentorkit_add_plugin(<name> SOURCES <files...> [LINK_LIBRARIES <libs...>])
#
# Builds a mentorkit plugin: a MODULE library named <name>.so with hidden visibility
# (only the entry points exported by MENTORKIT_EXPORT_PLUGIN are seen), linked against the
# SDK. In-tree plugins and third-party plugins use this same helper.
function(mentorkit_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LINK_LIBRARIES")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "mentorkit_add_plugin(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE mentorkit::sdk ${arg_LINK_LIBRARIES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  # Resolve every symbol at link time: a missing one fails the build, not the load.
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    target_link_options(${name} PRIVATE LINKER:--no-undefined)
  endif()
  # GCC marks some standard-library statics STB_GNU_UNIQUE, which makes dlclose() a silent
  # no-op. Without them an unloaded plugin is really gone, so a lifetime bug shows up as a
  # crash in tests instead of hiding until production.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${name} PRIVATE -fno-gnu-unique)
  endif()
  if(COMMAND mentorkit_set_warnings)
    mentorkit_set_warnings(${name})
  endif()
  if(DEFINED MENTORKIT_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${MENTORKIT_PLUGIN_OUTPUT_DIRECTORY})
  endif()
endfunction()
