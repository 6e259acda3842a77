#pragma once
// Activity read from files is checked against the program it is brought into: what it
// refers to must exist there, and it must have happened within the program's timeline.
// read_activity() has already checked each record on its own.

#include "ingest/activity_input.hpp"
#include "program_loader.hpp"
#include "store/store.hpp"

#include <mentorkit/domain.hpp>
#include <mentorkit/time.hpp>

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mentorkit {

/// What ingested activity may refer to and when it may have happened.
struct activity_scope {
    std::string program_id;
    time_point start{};   //!< the program's start
    time_point end{};     //!< its end: activity at or after it is refused, so input never closes a program
    time_point latest{};  //!< the program time of the last journaled event: activity is not older
    std::set<std::string> people;             //!< the ids of who is enrolled
    std::vector<relationship> relationships;  //!< as stored, any status
    std::map<std::string, std::string> goals;  //!< every goal set so far: id, mentee id
    std::map<std::string, std::size_t> goals_per_mentee;  //!< not abandoned
    std::size_t goal_limit = 3;                            //!< goals.limit_per_mentee
    std::set<std::pair<std::string, std::string>> open_proposals;  //!< (mentor, mentee) awaiting an answer
};

/// The scope of activity brought into `program`, from its store.
activity_scope scope_of(const program_definition& program, const store& journal);

/// One record of activity and the file it came from.
struct activity_record {
    std::string file;
    input_event record;
};

/// Checks every record, in order, against `scope`: its date lies in [latest, end) and not
/// before start; the people, relationships and goals it names exist (a goal set earlier in
/// the same activity counts), people named in a relationship's record belong to it, a new
/// goal's id is new and its mentee within the goal limit, an accepted or declined match
/// answers an open proposal. Throws ingest_error listing every
/// problem as file:line:1 with the field named.
void check_activity(const std::vector<activity_record>& activity, const activity_scope& scope);

}  // namespace mentorkit
