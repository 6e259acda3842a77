#pragma once
// Program definitions: YAML files with `extends:` templates, validated field by field.

#include <mentorkit/config.hpp>
#include <mentorkit/time.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mentorkit {

/// One role module's section of a program (`modules.<name>`).
struct module_settings {
    std::string name;      //!< the key under `modules`, e.g. "relationship"
    bool enabled = false;  //!< `enabled:` (default true when the section is present)
    config_node config;    //!< the section without `enabled`, handed to the plugin
    source_mark mark;      //!< where the module's key is written
};

/// A loaded, merged and validated program definition.
struct program_definition {
    std::filesystem::path file;                  //!< the program file as given
    std::vector<std::filesystem::path> chain;    //!< the file, then each template it extends
    std::string id;
    std::string name;
    std::string description;
    time_point start{};                          //!< timeline.start
    duration length{};                           //!< timeline.duration
    std::vector<module_settings> modules;        //!< in file order
    config_node root;                            //!< the whole merged tree, `extends` removed

    /// timeline.start plus timeline.duration: when the program closes.
    time_point end() const { return start + length; }

    /// The modules with enabled: true.
    std::vector<const module_settings*> enabled_modules() const;
};

/// Every problem found in a program, each located; what() lists them one per line.
class program_error : public std::runtime_error {
public:
    explicit program_error(std::vector<config_error> errors);
    const std::vector<config_error>& errors() const noexcept { return errors_; }

private:
    std::vector<config_error> errors_;
};

/// Where templates named without a path are looked up (`extends: standard-mentoring`
/// finds `<dir>/standard-mentoring.yaml`); relative paths are taken from the extending file.
struct program_loader_options {
    std::vector<std::filesystem::path> template_dirs;
};

/// Why pairs meeting every `cadence` would make the kernel generate more than
/// detail::max_events_per_relationship_per_day events per relationship (or never stop: a
/// zero cadence), or nothing when the cadence is fine. The loader reports it at the key; the
/// runtime refuses such a cadence too, should a definition reach it unvalidated.
std::optional<std::string> meeting_cadence_problem(duration cadence);

/// Loads `file`, resolves its `extends:` chain (cycles are errors), merges (mappings merge
/// key by key, the extending file wins; lists and scalars are replaced whole) and
/// validates every field. Throws program_error with all the problems found.
program_definition load_program(const std::filesystem::path& file, const program_loader_options& options = {});

}  // namespace mentorkit
