#pragma once
// The current state of a program as a projection of its journal: each event the state
// cares about updates the tables people, proposals, relationships, goals, meetings,
// checkins and module_outputs. Applying the whole journal in order to empty tables gives
// the same state again (`mentorkit replay` checks it).

#include "store/sqlite.hpp"

#include <mentorkit/event.hpp>

#include <array>
#include <memory>

namespace mentorkit {

class projection {
public:
    explicit projection(sqlite::database& db);
    ~projection();
    projection(const projection&) = delete;
    projection& operator=(const projection&) = delete;

    /// Updates the state for `e`. Throws std::invalid_argument when the payload of a topic
    /// the state depends on is malformed (the event must then not be journaled either).
    void apply(const event& e);
    /// Empties every state table (the journal stays).
    void clear();

    /// The state tables the projection writes, in a stable order.
    static constexpr std::array<const char*, 7> tables{"people",   "proposals", "relationships", "goals",
                                                       "meetings", "checkins",  "module_outputs"};

private:
    struct statements;
    sqlite::database& db_;
    std::unique_ptr<statements> sql_;
};

}  // namespace mentorkit
