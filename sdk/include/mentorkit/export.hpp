#pragma once
/// @file
/// Visibility control. Plugins are built with hidden visibility; the few types whose
/// identity must be shared between the kernel and plugins (exceptions caught across the
/// boundary) are marked MENTORKIT_API so every library sees one type.

#if defined(__GNUC__)
#define MENTORKIT_API __attribute__((visibility("default")))
#else
#define MENTORKIT_API
#endif
