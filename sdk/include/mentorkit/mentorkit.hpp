#pragma once
/// @file
/// Everything a plugin needs, in one include.

#include <mentorkit/bus.hpp>
#include <mentorkit/config.hpp>
#include <mentorkit/context.hpp>
#include <mentorkit/domain.hpp>
#include <mentorkit/event.hpp>
#include <mentorkit/payload.hpp>
#include <mentorkit/plugin.hpp>
#include <mentorkit/roster.hpp>
#include <mentorkit/scheduler.hpp>
#include <mentorkit/text.hpp>
#include <mentorkit/time.hpp>
#include <mentorkit/version.hpp>
