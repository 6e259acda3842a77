# Warnings (and, behind MENTORKIT_SANITIZE, sanitizers) for one target.
function(mentorkit_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual)
    # GCC 12 reports false -Wrestrict overlaps inside std::string concatenation at -O2
    # (GCC bug 105329); the warning is fixed upstream, so it is only silenced for 12.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    if(MENTORKIT_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(MENTORKIT_SANITIZE)
      target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "STATIC_LIBRARY")
        # Whoever links the instrumented library needs the sanitizer runtimes too.
        target_link_options(${target} INTERFACE -fsanitize=address,undefined)
      else()
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
      endif()
    endif()
  endif()
endfunction()
