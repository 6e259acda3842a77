// import and match.

#include "commands.hpp"
#include "import/cohort.hpp"
#include "import/europass.hpp"
#include "import/participant_import.hpp"
#include "input_checks.hpp"
#include "matching/matching.hpp"
#include "output/csv_field.hpp"
#include "output/output_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace mentorkit::cli {

namespace fs = std::filesystem;

namespace {

enum class source_kind { csv, yaml, europass };

struct participant_source {
    fs::path file;
    source_kind kind;
};

std::optional<source_kind> kind_by_extension(const fs::path& file) {
    const auto extension = file.extension();
    if (extension == ".csv") return source_kind::csv;
    if (extension == ".yaml" || extension == ".yml") return source_kind::yaml;
    if (extension == ".xml" || extension == ".json") return source_kind::europass;
    return std::nullopt;
}

// A folder stands for the files in it, in name order: participant files and Europass CVs
// by their extension (`only` restricts them to one kind); other files are not looked at.
void add_source(std::vector<participant_source>& out, const fs::path& path, std::optional<source_kind> only) {
    if (!fs::is_directory(path)) {
        const auto kind = only ? only : kind_by_extension(path);
        out.push_back({path, kind.value_or(source_kind::csv)});  // read_participants names a wrong extension
        return;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator{path})
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
        if (const auto kind = kind_by_extension(file); kind && (!only || kind == only)) out.push_back({file, *kind});
}

// The files and folders named on the command line, or else the program's
// `participants.sources` (paths relative to the file that lists them).
std::vector<participant_source> participant_sources(const import_options& import, const program_definition& program) {
    std::vector<participant_source> out;
    for (const auto& file : import.files) add_source(out, file, std::nullopt);
    if (!import.files.empty()) return out;
    const auto* participants = program.root.find("participants");
    const auto* sources = participants != nullptr ? participants->find("sources") : nullptr;
    if (sources == nullptr || sources->size() == 0)
        throw config_error(program.root.mark(), "no participant files given, and the program lists no "
                                                "participants.sources");
    for (const auto& item : sources->items()) {
        for (const auto& entry : item.entries()) {
            fs::path file = entry.value.text();
            if (file.is_relative()) file = fs::path{entry.value.mark().file}.parent_path() / file;
            add_source(out, file,
                       entry.key == "yaml"       ? source_kind::yaml
                       : entry.key == "europass" ? source_kind::europass
                                                 : source_kind::csv);
        }
    }
    return out;
}

}  // namespace

cohort_read read_people(const import_options& import, const kernel_config& config) {
    const auto program = load_program(import.program, program_loader_options{config.template_dirs});
    const auto* participants = program.root.find("participants");
    const auto* policy = participants != nullptr ? participants->find("on_error") : nullptr;
    const bool skip_bad_files = policy != nullptr && !policy->is_null() && policy->text() == "skip";

    cohort people{skip_bad_files ? import_policy::skip : import_policy::stop, program.start};
    for (const auto& [path, kind] : participant_sources(import, program)) {
        try {
            if (kind == source_kind::europass)
                people.add_cv(read_europass(path, program.start));
            else
                people.add_people(path.string(),
                                  read_participant_file(path, kind == source_kind::yaml ? participant_format::yaml
                                                                                        : participant_format::csv));
        } catch (const import_error& e) {
            people.refuse(e.errors());
        }
    }
    return std::move(people).finish();
}

enrolment enroll(session& s, const std::vector<person>& people) {
    enrolment counts;
    std::map<std::string, person> current;  // the enrolled people: re-importing updates, never duplicates
    for (auto& p : s.journal->people()) current.emplace(p.id, std::move(p));
    store::batch batch{*s.journal};
    for (const auto& p : people) {
        const auto found = current.find(p.id);
        if (found != current.end() && found->second == p) {
            ++counts.unchanged;
            continue;
        }
        event e;
        e.topic = found != current.end() ? "participant.updated" : "participant.enrolled";
        e.payload = p;
        e.source = "cli";
        s.kernel->bus().publish(std::move(e));
        ++(found != current.end() ? counts.updated : counts.enrolled);
    }
    s.kernel->bus().wait_idle();
    batch.commit();
    return counts;
}

int import_participants(const global_options& options, const import_options& import) {
    // Every file is read and checked before anything is stored: a bad file imports nothing,
    // or under `participants.on_error: skip` only that file is left out.
    const auto read = read_people(import, read_kernel_config(options));
    if (!read.errors.empty()) {
        print_errors(read.errors);
        std::cerr << "import: nothing imported (" << read.errors.size()
                  << (read.errors.size() == 1 ? " error)\n" : " errors)\n");
        return exit_failure;
    }
    print_errors(read.skipped, "skipped");
    const auto& people = read.people;
    if (people.empty()) {
        std::cerr << "import: the files hold no participants; nothing imported\n";
        return exit_failure;
    }

    auto s = open_session(options, import.program);
    if (const auto problems = check_against_enrolled(people, read.marks, s.journal->people(),
                                                     s.journal->file().string());
        !problems.empty()) {
        print_errors(problems);
        std::cerr << "import: nothing imported (" << problems.size()
                  << (problems.size() == 1 ? " error)\n" : " errors)\n");
        return exit_failure;
    }
    std::cerr << "importing " << people.size() << " participants into " << s.journal->file().string() << "\n";
    std::vector<std::string> failures;
    enrolment counts;
    {
        // The modules start in the same unit as the enrolment: a refused import journals nothing.
        store::batch batch{*s.journal};
        failures = s.kernel->start();
        counts = enroll(s, people);
        // Nothing new: the journal stays as it was, without the modules' start either.
        if (counts.enrolled + counts.updated != 0) batch.commit();
    }
    s.kernel->stop();
    std::cout << "imported " << people.size() << " participants into program '" << s.program.id << "': "
              << counts.enrolled << " enrolled, " << counts.updated << " updated, " << counts.unchanged
              << " unchanged";
    if (read.cvs != 0) std::cout << "; " << read.cvs << (read.cvs == 1 ? " Europass CV" : " Europass CVs") << " added";
    if (!read.skipped.empty()) std::cout << "; " << read.skipped.size() << " problem(s) skipped (on_error: skip)";
    std::cout << "\n";
    if (!failures.empty()) {
        std::cerr << "import: " << failures.size() << " plugin(s) failed to start: " << failures.front() << "\n";
        return exit_failure;
    }
    return 0;
}

namespace {

std::string fixed(double value, int decimals = 1) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

// The two criteria that added most to a score, for the table.
std::string strongest(const match_proposal& p) {
    auto parts = p.explanation;
    std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.contribution > b.contribution; });
    std::string out;
    for (std::size_t i = 0; i < parts.size() && i < 2; ++i)
        out += (i ? ", " : "") + parts[i].criterion + " +" + fixed(parts[i].contribution);
    return out;
}

// One row per proposal (score and each criterion's contribution and detail), then one
// per unmatched person with the reason in the last column.
void write_csv(std::ostream& out, const matching_result& result) {
    out << "mentee_id,mentor_id,rank,score";
    for (const char* criterion : matching_criteria) out << "," << criterion << "," << criterion << "_detail";
    out << ",unmatched_reason\n";
    const std::string no_criteria(2 * std::size(matching_criteria), ',');
    for (const auto& p : result.proposals) {
        out << csv_field(p.mentee_id) << "," << csv_field(p.mentor_id) << "," << p.rank << "," << fixed(p.score, 2);
        for (const char* criterion : matching_criteria) {
            const auto it = std::find_if(p.explanation.begin(), p.explanation.end(),
                                         [&](const criterion_score& c) { return c.criterion == criterion; });
            if (it == p.explanation.end()) out << ",,";
            else out << "," << fixed(it->contribution, 2) << "," << csv_field(it->detail);
        }
        out << ",\n";
    }
    for (const auto& u : result.unmatched) {
        const bool mentor = u.role == participant_role::mentor;
        out << (mentor ? "" : csv_field(u.person_id)) << "," << (mentor ? csv_field(u.person_id) : "") << ",,"
            << no_criteria << "," << csv_field(u.reason) << "\n";
    }
}

}  // namespace

void propose(session& s, const matching_result& result, matching_strategy strategy, bool accept) {
    auto& bus = s.kernel->bus();
    store::batch batch{*s.journal};
    auto publish = [&bus](std::string topic, nlohmann::json payload) {
        event e;
        e.topic = std::move(topic);
        e.payload = std::move(payload);
        e.source = "cli";
        bus.publish(std::move(e));
    };
    for (const auto& p : result.proposals) {
        auto payload = to_json(p);
        payload["strategy"] = to_string(strategy);
        publish("match.proposed", std::move(payload));
    }
    // Who was left out and why, so that reports can say it without the matches file.
    for (const auto& u : result.unmatched)
        publish("match.unmatched", {{"person_id", u.person_id},
                                    {"role", to_string(u.role)},
                                    {"reason_code", u.reason_code},
                                    {"reason", describe_unmatched(u.reason_code)},
                                    {"detail", u.reason}});
    if (accept)
        for (const auto& p : result.proposals)
            publish("match.accepted", {{"mentor_id", p.mentor_id}, {"mentee_id", p.mentee_id}});
    bus.wait_idle();
    batch.commit();
}

int match_participants(const global_options& options, const match_options& match_opts) {
    auto s = open_session(options, match_opts.program);
    auto settings = read_matching_settings(s.program.root.find("matching"));
    if (!match_opts.strategy.empty())
        settings.strategy = match_opts.strategy == "stable"    ? matching_strategy::stable
                            : match_opts.strategy == "suggest" ? matching_strategy::suggest
                                                               : matching_strategy::optimal;
    if (match_opts.accept && settings.strategy == matching_strategy::suggest) {
        std::cerr << "match: --accept takes the proposals of 'optimal' or 'stable'; 'suggest' leaves the choice to "
                     "the mentees\n";
        return exit_usage;
    }
    const auto enrolled = s.journal->people();
    if (enrolled.empty()) {
        std::cerr << "match: no participants are enrolled in program '" << s.program.id
                  << "'; import them first (mentorkit import " << match_opts.program << " people.csv)\n";
        return exit_failure;
    }
    const auto result = match(still_to_match(enrolled, s.journal->relationships(), settings), settings, enrolled);

    // Files first: if they cannot be written, nothing is published.
    const auto base = fs::path{match_opts.out_dir} / (s.program.id + "-matches");
    const auto csv_file = fs::path{base}.replace_extension(".csv");
    const auto json_file = fs::path{base}.replace_extension(".json");
    output_file csv{csv_file};
    write_csv(csv.stream(), result);
    csv.commit();
    write_output_file(json_file, to_json(result).dump(2) + "\n");

    std::vector<std::string> failures;
    {
        store::batch batch{*s.journal};
        failures = s.kernel->start();
        propose(s, result, settings.strategy, match_opts.accept);
        batch.commit();
    }
    s.kernel->stop();

    // The table: the first rows, then the unmatched with their reasons.
    std::cout << std::left << std::setw(14) << "MENTEE" << std::setw(14) << "MENTOR" << std::setw(7) << "SCORE"
              << "STRONGEST CRITERIA\n";
    for (std::size_t i = 0; i < result.proposals.size() && i < match_opts.show; ++i) {
        const auto& p = result.proposals[i];
        std::cout << std::setw(14) << p.mentee_id << std::setw(14) << p.mentor_id << std::setw(7) << fixed(p.score)
                  << strongest(p) << "\n";
    }
    if (result.proposals.size() > match_opts.show)
        std::cout << "… " << result.proposals.size() - match_opts.show << " more in " << csv_file.string() << "\n";
    for (std::size_t i = 0; i < result.unmatched.size() && i < match_opts.show; ++i) {
        const auto& u = result.unmatched[i];
        std::cout << "unmatched " << to_string(u.role) << " " << u.person_id << ": " << u.reason << "\n";
    }
    if (result.unmatched.size() > match_opts.show)
        std::cout << "… " << result.unmatched.size() - match_opts.show << " more unmatched in " << csv_file.string()
                  << "\n";
    std::cout << to_string(settings.strategy) << ": " << result.proposals.size() << " proposals, " << result.unmatched.size()
              << " unmatched, total score " << fixed(result.total_score) << (match_opts.accept ? ", all accepted" : "")
              << "\nwritten: " << csv_file.string() << ", " << json_file.string() << "\n";
    if (!failures.empty()) {
        std::cerr << "match: " << failures.size() << " plugin(s) failed to start: " << failures.front() << "\n";
        return exit_failure;
    }
    return 0;
}

}  // namespace mentorkit::cli
