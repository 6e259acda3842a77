# mentorkit_add_test(<name> SOURCES <files...> [PLUGINS <plugin targets...>] [LINK_LIBRARIES <libs...>])
#
# A Catch2 test program run by ctest. For each plugin target P listed, the test gets the
# compile definition P_PLUGIN_PATH with the built library's path, and the plugin is built first.
find_package(Catch2 2 REQUIRED)

if(NOT TARGET mentorkit_catch_main)
  add_library(mentorkit_catch_main STATIC ${PROJECT_SOURCE_DIR}/tests/catch_main.cpp)
  target_link_libraries(mentorkit_catch_main PUBLIC Catch2::Catch2)
endif()

function(mentorkit_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;PLUGINS;LINK_LIBRARIES")
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE mentorkit_catch_main mentorkit::kernel ${arg_LINK_LIBRARIES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_compile_definitions(${name} PRIVATE MENTORKIT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  mentorkit_set_warnings(${name})
  foreach(plugin IN LISTS arg_PLUGINS)
    string(TOUPPER ${plugin} upper)
    target_compile_definitions(${name} PRIVATE ${upper}_PLUGIN_PATH="$<TARGET_FILE:${plugin}>")
    add_dependencies(${name} ${plugin})
  endforeach()
  add_test(NAME ${name} COMMAND ${name})
endfunction()
