#include "fuzz_inputs.hpp"

#include "error_list.hpp"
#include "event_input.hpp"
#include "import/europass.hpp"
#include "import/participant_import.hpp"
#include "ingest/activity_input.hpp"
#include "program_loader.hpp"

#include <mentorkit/config.hpp>
#include <mentorkit/time.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <typeinfo>

namespace mentorkit::fuzz {
namespace {

namespace fs = std::filesystem;

void read_program(const std::string& file) {
    // The shipped templates are reachable, so `extends: standard-mentoring` reaches the merge
    // and the validation of a whole program, not only the YAML parser.
    load_program(file, {.template_dirs = {fs::path{MENTORKIT_SOURCE_DIR} / "config" / "templates"}});
}

void read_people(const std::string& file) { read_participants(file); }

void read_activity_file(const std::string& file) { read_activity(file); }

void read_cv(const std::string& file) {
    if (is_europass_file(file)) read_europass(file, *parse_date("2027-01-11"));
}

void read_events(const std::string& file) { read_event_lines(file); }

constexpr fuzz_input inputs[] = {
    {"program", "program.yaml", read_program},
    {"participants_csv", "people.csv", read_people},
    {"participants_yaml", "people.yaml", read_people},
    {"activity_csv", "activity.csv", read_activity_file},
    {"activity_jsonl", "activity.jsonl", read_activity_file},
    {"europass_xml", "cv.xml", read_cv},
    {"europass_json", "cv.json", read_cv},
    {"event_input", "events.jsonl", read_events},
};

// One folder per process, removed when the process ends normally; every input of a
// run overwrites the same file in it.
struct scratch_folder {
    fs::path path;
    scratch_folder() {
        std::string pattern = (fs::temp_directory_path() / "mentorkit-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp");
        path = pattern;
    }
    ~scratch_folder() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

fs::path scratch_file(std::string_view name) {
    static const scratch_folder folder;
    return folder.path / name;
}

}  // namespace

std::span<const fuzz_input> all_inputs() { return inputs; }

const fuzz_input* find_input(std::string_view name) {
    for (const auto& input : inputs)
        if (input.name == name) return &input;
    return nullptr;
}

std::optional<std::string> feed(const fuzz_input& input, std::string_view bytes) {
    const auto file = scratch_file(input.file_name);
    {
        std::ofstream out{file, std::ios::binary | std::ios::trunc};
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
    }
    try {
        input.read(file.string());
    } catch (const config_error&) {
    } catch (const program_error&) {
    } catch (const error_list&) {  // import_error, ingest_error
    } catch (const std::exception& e) {
        return std::string{typeid(e).name()} + ": " + e.what();
    } catch (...) {
        return "an exception that is not a std::exception";
    }
    return std::nullopt;
}

}  // namespace mentorkit::fuzz
