#pragma once
/// @file
/// The one version source of mentorkit. CMake parses these lines, so keep their form.

// The release version of the whole project (kernel, SDK, role modules).
#define MENTORKIT_VERSION_MAJOR 0
#define MENTORKIT_VERSION_MINOR 1
#define MENTORKIT_VERSION_PATCH 0

// The plugin API version. A plugin loads when its major equals the kernel's and its
// minor is not newer than the kernel's (a newer minor may use hooks the kernel lacks).
#define MENTORKIT_SDK_API_MAJOR 1
#define MENTORKIT_SDK_API_MINOR 2

#define MENTORKIT_STRINGIFY_DETAIL(x) #x
#define MENTORKIT_STRINGIFY(x) MENTORKIT_STRINGIFY_DETAIL(x)

/// "major.minor.patch" of the project.
#define MENTORKIT_VERSION_STRING                                                           \
    MENTORKIT_STRINGIFY(MENTORKIT_VERSION_MAJOR)                                            \
    "." MENTORKIT_STRINGIFY(MENTORKIT_VERSION_MINOR) "." MENTORKIT_STRINGIFY(MENTORKIT_VERSION_PATCH)

// Identifies the C++ runtime a binary was compiled against. Objects (std::string,
// std::function, exceptions) cross the plugin boundary, so host and plugin must agree.
#if defined(_LIBCPP_VERSION)
#define MENTORKIT_CXX_STDLIB "libc++"
#elif defined(__GLIBCXX__)
#if _GLIBCXX_USE_CXX11_ABI
#define MENTORKIT_CXX_STDLIB "libstdc++/cxx11"
#else
#define MENTORKIT_CXX_STDLIB "libstdc++/pre-cxx11"
#endif
#else
#define MENTORKIT_CXX_STDLIB "unknown-stdlib"
#endif

#if defined(__GXX_ABI_VERSION)
#define MENTORKIT_CXX_ABI "itanium-" MENTORKIT_STRINGIFY(__GXX_ABI_VERSION) "/" MENTORKIT_CXX_STDLIB
#else
#define MENTORKIT_CXX_ABI "unknown-abi/" MENTORKIT_CXX_STDLIB
#endif
