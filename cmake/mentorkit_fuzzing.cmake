# A MENTORKIT_FUZZ build (`make fuzz`, in build-fuzz/): everything compiled carries libFuzzer's
# coverage instrumentation and ASan+UBSan, so the fuzzer steers by, and catches bugs in, the
# kernel's readers and not only the target's own few lines. UBSan stops at the first report,
# so that libFuzzer keeps the input that caused it.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "MENTORKIT_FUZZ needs clang and its libFuzzer (configure with CXX=clang++)")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
