#include "report/html_report.hpp"

#include "report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {
namespace {

using nlohmann::json;
namespace svg = detail::svg;
using svg::escape;
using svg::format_number;
using svg::format_percent;

// ---- Reading the figures: a missing key or a value of the wrong type reads as absent, so a
// partial document (a program that has not started yet) still renders.

const json& at(const json& j, const std::string& key) {
    static const json absent;
    if (j.is_object()) {
        const auto it = j.find(key);
        if (it != j.end()) return *it;
    }
    return absent;
}

double number(const json& j, const std::string& key) {
    const auto& v = at(j, key);
    return v.is_number() ? v.get<double>() : 0;
}

std::optional<double> maybe_number(const json& j, const std::string& key) {
    const auto& v = at(j, key);
    if (v.is_number()) return v.get<double>();
    return std::nullopt;
}

std::string str(const json& j, const std::string& key) {
    const auto& v = at(j, key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
    return {};
}

const json& list(const json& j, const std::string& key) {
    static const json empty = json::array();
    const auto& v = at(j, key);
    return v.is_array() ? v : empty;
}

// ---- Formatting

constexpr std::array<std::string_view, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "2027-03" -> 3, or 0 when it is not a month.
int month_of(std::string_view iso) {
    if (iso.size() < 7 || iso[4] != '-') return 0;
    if (!std::isdigit(static_cast<unsigned char>(iso[5])) || !std::isdigit(static_cast<unsigned char>(iso[6])))
        return 0;
    const int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    return m >= 1 && m <= 12 ? m : 0;
}

// "2027-03-04" -> "4 Mar 2027"; anything else is shown as given.
std::string format_date(const std::string& iso) {
    const int m = month_of(iso);
    if (m == 0 || iso.size() != 10 || iso[7] != '-') return iso;
    const int day = std::atoi(iso.substr(8, 2).c_str());
    if (day < 1 || day > 31) return iso;
    return std::to_string(day) + " " + std::string{month_names[m - 1]} + " " + iso.substr(0, 4);
}

// Axis labels for a run of months: "Jan" with the year underneath on the first month and
// on every January.
std::vector<std::string> month_labels(const std::vector<std::string>& months) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < months.size(); ++i) {
        const int m = month_of(months[i]);
        if (m == 0) {
            labels.push_back(months[i]);
        } else {
            std::string label{month_names[m - 1]};
            if (i == 0 || m == 1) label += "\n" + months[i].substr(0, 4);
            labels.push_back(label);
        }
    }
    return labels;
}

std::string count(double v) { return format_number(v); }

std::string plural(double v, std::string_view one, std::string_view many) {
    return count(v) + " " + std::string{v == 1 ? one : many};
}

std::string rating_text(double v) { return format_number(v, 2); }

std::string percent_axis(double v) { return format_number(v * 100) + "%"; }

std::string module_title(const std::string& module) {
    static const std::array<std::pair<std::string_view, std::string_view>, 7> titles{{
        {"relationship", "Relationship"},
        {"sponsor", "Sponsor"},
        {"survey_environment", "Survey the environment"},
        {"counsel", "Counsel"},
        {"teach", "Teach"},
        {"model", "Model"},
        {"motivate", "Motivate"},
    }};
    for (const auto& [name, title] : titles)
        if (name == module) return std::string{title};
    return module;
}

std::string module_purpose(const std::string& module) {
    static const std::array<std::pair<std::string_view, std::string_view>, 7> purposes{{
        {"relationship", "Develops and manages the relationship: goals, meetings, course corrections."},
        {"sponsor", "Opens doors: opportunities, nominations and introductions."},
        {"survey_environment", "Watches the horizon: threat and opportunity alerts."},
        {"counsel", "Confidant and sounding-board: conversation guides when check-ins show strain."},
        {"teach", "Imparts knowledge: learning resources and assignments."},
        {"model", "Role modelling: reflection prompts on values and behaviours."},
        {"motivate", "Links goals to the organisation's agenda and recognises progress."},
    }};
    for (const auto& [name, purpose] : purposes)
        if (name == module) return std::string{purpose};
    return {};
}

std::string status_label(const std::string& status) {
    if (status == "active") return "Active";
    if (status == "completed") return "Completed";
    if (status == "closed_early") return "Closed early";
    if (status == "running") return "Running";
    if (status == "closed") return "Closed";
    return status;
}

// ---- Page pieces

std::string empty_note(std::string_view message) { return "<p class=\"empty\">" + escape(message) + "</p>"; }

// A chart with its visible title; `wide` spans both columns of the chart grid.
std::string figure(std::string_view title, const std::string& body, bool wide = false, std::string_view caption = {}) {
    std::string out = std::string{"<figure class=\"chart"} + (wide ? " wide" : "") + "\"><figcaption>" + escape(title) +
                      "</figcaption>" + body;
    if (!caption.empty()) out += "<p class=\"chart-note\">" + escape(caption) + "</p>";
    return out + "</figure>";
}

constexpr double wide_width = 900;
constexpr double half_width = 500;

svg::chart_frame frame(std::string id, std::string title, double width, double height, std::string x_label = {},
                       std::string y_label = {}) {
    svg::chart_frame f;
    f.id = std::move(id);
    f.title = std::move(title);
    f.width = width;
    f.height = height;
    f.x_label = std::move(x_label);
    f.y_label = std::move(y_label);
    return f;
}

std::string section(std::string_view id, std::string_view title, const std::string& lead, const std::string& body) {
    return "<section class=\"part\" id=\"" + std::string{id} + "\"><h2>" + escape(title) + "</h2>" +
           (lead.empty() ? std::string{} : "<p class=\"lead\">" + lead + "</p>") + body + "</section>";
}

std::string stat(std::string_view label, const std::string& value, const std::string& note) {
    return "<div class=\"stat\"><div class=\"stat-label\">" + escape(label) + "</div><div class=\"stat-value\">" +
           escape(value) + "</div><div class=\"stat-note\">" + escape(note) + "</div></div>";
}

// ---- The parts of the report

std::string header(const json& figures) {
    const auto& program = at(figures, "program");
    const auto& report = at(figures, "report");
    std::string name = str(program, "name");
    const std::string id = str(program, "id");
    if (name.empty()) name = id.empty() ? "Mentoring program" : id;

    const auto fact = [](std::string_view term, const std::string& html_value) {
        return "<div><dt>" + escape(term) + "</dt><dd>" + html_value + "</dd></div>";
    };
    std::string modules;
    for (const auto& m : list(program, "modules")) {
        if (m.is_string()) modules += "<li>" + escape(module_title(m.get<std::string>())) + "</li>";
    }
    const std::string status = str(program, "status");
    const std::string start = str(program, "start");
    const std::string end = str(program, "end");

    std::string out = "<header class=\"report-header\"><p class=\"eyebrow\">Mentoring outcome report</p><h1>" +
                      escape(name) + "</h1><dl class=\"facts\">";
    out += fact("Program id", "<code>" + escape(id.empty() ? "\xE2\x80\x93" : id) + "</code>");
    out += fact("Dates", escape(start.empty() ? "\xE2\x80\x93" : format_date(start)) + " \xE2\x80\x93 " +
                             escape(end.empty() ? "open" : format_date(end)));
    out += fact("Status", status.empty() ? "\xE2\x80\x93"
                                         : "<span class=\"badge status-" + escape(status) + "\">" +
                                               escape(status_label(status)) + "</span>");
    const std::string as_of = str(report, "as_of");
    out += fact("As of", escape(as_of.empty() ? "\xE2\x80\x93" : format_date(as_of)));
    out += "</dl>";
    out += "<div class=\"modules-enabled\"><span class=\"term\">Role modules enabled</span>" +
           (modules.empty() ? std::string{"<span class=\"none\">none</span>"} : "<ul>" + modules + "</ul>") + "</div>";
    return out + "</header>";
}

std::string headline(const json& figures) {
    const auto& enrolment = at(figures, "enrolment");
    const auto& matching = at(figures, "matching");
    const auto& meetings = at(figures, "meetings");
    const auto& goals = at(figures, "goals");
    const auto& relationships = at(figures, "relationships");
    const auto& satisfaction = at(figures, "satisfaction");
    const std::string dash = "\xE2\x80\x93";

    std::string out = "<section class=\"headline\" aria-label=\"Headline numbers\">";
    out += stat("People", count(number(enrolment, "people")),
                count(number(enrolment, "mentors")) + " mentors \xC2\xB7 " + count(number(enrolment, "mentees")) +
                    " mentees \xC2\xB7 " + count(number(enrolment, "both")) + " both");
    out += stat("Pairs", count(number(relationships, "total")),
                plural(number(matching, "accepted"), "match accepted", "matches accepted") + " of " +
                    count(number(matching, "proposals")) + " proposed");
    const double held = number(meetings, "held");
    const double missed = number(meetings, "missed");
    out += stat("Meeting adherence", held + missed > 0 ? format_percent(number(meetings, "adherence")) : dash,
                held + missed > 0 ? count(held) + " held \xC2\xB7 " + count(missed) + " missed" : "no meetings yet");
    const double set = number(goals, "set");
    out += stat("Goal attainment", set > 0 ? format_percent(number(goals, "attainment")) : dash,
                set > 0 ? count(number(goals, "achieved")) + " of " + plural(set, "goal", "goals") + " achieved"
                        : "no goals set yet");
    const double checkins = number(satisfaction, "checkins");
    out += stat("Average rating", checkins > 0 ? rating_text(number(satisfaction, "average_rating")) + " / 5" : dash,
                checkins > 0 ? "from " + plural(checkins, "rating", "ratings") : "no ratings yet");
    const double active = number(relationships, "on_track") + number(relationships, "at_risk");
    out += stat("At risk now", count(number(relationships, "at_risk")),
                "of " + count(active) + " active \xC2\xB7 " + count(number(relationships, "ever_at_risk")) + " ever");
    return out + "</section>";
}

std::string enrolment_section(const json& figures) {
    const auto& enrolment = at(figures, "enrolment");
    const auto& matching = at(figures, "matching");
    const double people = number(enrolment, "people");
    const double proposals = number(matching, "proposals");

    std::string lead = escape(plural(people, "person", "people")) + " enrolled";
    if (number(enrolment, "withdrawn") > 0) lead += " (" + escape(count(number(enrolment, "withdrawn"))) + " withdrew)";
    lead += ". " + escape(plural(proposals, "pair", "pairs")) + " proposed, " +
            escape(count(number(matching, "accepted"))) + " accepted, " + escape(count(number(matching, "declined"))) +
            " declined";
    if (proposals > 0)
        lead += "; mean match score " + escape(format_number(number(matching, "score_mean"), 1)) + " of 100";
    lead += ".";

    std::string charts = "<div class=\"charts\">";
    // Enrolment by role.
    if (people > 0) {
        svg::series s{"People",
                      {number(enrolment, "mentors"), number(enrolment, "mentees"), number(enrolment, "both")},
                      svg::palette(0)};
        charts +=
            figure("Enrolment by role",
                   svg::vertical_bars(frame("chart-enrolment", "Enrolment by role", half_width, 280, "Role", "People"),
                                      {"Mentors", "Mentees", "Both"}, {s}));
    } else {
        charts += figure("Enrolment by role", empty_note("Nobody has enrolled yet."));
    }
    // Match score distribution on a fixed 0..100 axis.
    std::vector<svg::bin> bins;
    double scored = 0;
    for (const auto& b : list(matching, "score_histogram")) {
        bins.push_back({number(b, "from"), number(b, "to"), number(b, "count")});
        scored += number(b, "count");
    }
    if (scored > 0) {
        svg::axis_scale x{0, 100, 10, {}};
        charts += figure("Match score distribution",
                         svg::histogram(frame("chart-match-scores", "Match score distribution", half_width, 280,
                                              "Match score (0\xE2\x80\x93"
                                              "100)",
                                              "Proposed pairs"),
                                        bins, x, svg::palette(4)));
    } else {
        charts += figure("Match score distribution", empty_note("No matches proposed yet."));
    }
    // Unmatched, by reason.
    const double unmatched = number(matching, "unmatched");
    std::vector<std::string> reasons;
    svg::series reason_counts{"People", {}, {svg::palette(1).colour, svg::fill_pattern::solid}};
    for (const auto& r : list(matching, "unmatched_reasons")) {
        reasons.push_back(str(r, "reason").empty() ? "no reason given" : str(r, "reason"));
        reason_counts.values.push_back(number(r, "count"));
    }
    const std::string unmatched_title = "Unmatched, and why";
    if (unmatched <= 0 && reasons.empty()) {
        charts += figure(
            unmatched_title,
            empty_note(proposals > 0 ? "Everyone in the last matching run was matched." : "No matching run yet."),
            true);
    } else if (reasons.empty()) {
        charts += figure(unmatched_title,
                         empty_note(plural(unmatched, "person was", "people were") +
                                    " left unmatched in the last run; no reasons were recorded."),
                         true);
    } else {
        charts += figure(unmatched_title,
                         svg::horizontal_bars(frame("chart-unmatched", "Unmatched people by reason", wide_width, 0,
                                                    "People left unmatched in the last matching run"),
                                              reasons, {reason_counts}),
                         true, plural(unmatched, "person", "people") + " unmatched in total.");
    }
    charts += "</div>";
    return section("enrolment", "1. Enrolment and matching", lead, charts);
}

std::string meetings_section(const json& figures) {
    const auto& meetings = at(figures, "meetings");
    const double held = number(meetings, "held");
    const double missed = number(meetings, "missed");
    const std::string title = "Meetings held and missed per month";
    if (held + missed <= 0) {
        return section("meetings", "2. Meeting adherence over time", {},
                       figure(title, empty_note("No meetings held or missed yet.")));
    }
    std::vector<std::string> months;
    svg::series held_series{"Held", {}, svg::palette(0)};
    svg::series missed_series{"Missed", {}, svg::palette(1)};
    svg::line_overlay adherence;
    adherence.name = "Adherence";
    adherence.scale = {0, 1, 0.25, percent_axis};
    adherence.axis_label = "Adherence";
    adherence.look = {"#1d7f5a", svg::fill_pattern::solid};
    for (const auto& m : list(meetings, "by_month")) {
        months.push_back(str(m, "month"));
        const double h = number(m, "held");
        const double x = number(m, "missed");
        held_series.values.push_back(h);
        missed_series.values.push_back(x);
        // A month with no meetings has no ratio: the line breaks there instead of dropping to 0.
        adherence.values.push_back(h + x > 0 ? maybe_number(m, "adherence") : std::nullopt);
    }
    adherence.scale.format = percent_axis;

    const std::string lead = escape(count(held)) + " meetings held and " + escape(count(missed)) + " missed: <strong>" +
                             escape(format_percent(number(meetings, "adherence"))) +
                             "</strong> adherence (held out of held and missed).";
    std::string body;
    if (months.empty()) {
        body = figure(title, empty_note("No monthly figures yet."));
    } else {
        body = figure(title,
                      svg::vertical_bars(frame("chart-meetings", "Meetings held and missed per month, with adherence",
                                               wide_width, 340, "Month", "Meetings"),
                                         month_labels(months), {held_series, missed_series}, svg::bar_layout::stacked,
                                         std::nullopt, adherence),
                      true,
                      "Bars: meetings held (solid) and missed (striped), total on top. Line: adherence, right axis.");
    }
    return section("meetings", "2. Meeting adherence over time", lead, "<div class=\"charts\">" + body + "</div>");
}

std::string goals_section(const json& figures) {
    const auto& goals = at(figures, "goals");
    const double set = number(goals, "set");
    const std::string title = "Goals set and achieved by area";
    if (set <= 0) {
        return section("goals", "3. Goal attainment by category", {}, figure(title, empty_note("No goals set yet.")));
    }
    std::vector<std::string> areas;
    std::vector<std::string> notes;
    svg::series set_series{"Set", {}, {"#2563a8", svg::fill_pattern::light}};
    svg::series achieved_series{"Achieved", {}, svg::palette(0)};
    for (const auto& a : list(goals, "by_area")) {
        const std::string area = str(a, "area");
        areas.push_back(area.empty() ? "unspecified" : area);
        set_series.values.push_back(number(a, "set"));
        achieved_series.values.push_back(number(a, "achieved"));
        notes.push_back(number(a, "set") > 0 ? format_percent(number(a, "attainment")) : "\xE2\x80\x93");
    }
    std::string lead = escape(count(number(goals, "achieved"))) + " of " + escape(plural(set, "goal", "goals")) +
                       " achieved: <strong>" + escape(format_percent(number(goals, "attainment"))) +
                       "</strong> attainment. " + escape(count(number(goals, "at_risk"))) + " at risk, " +
                       escape(count(number(goals, "abandoned"))) + " abandoned.";
    svg::horizontal_options options;
    options.row_notes = notes;
    std::string body =
        areas.empty() ? figure(title, empty_note("No goal areas recorded."))
                      : figure(title,
                               svg::horizontal_bars(frame("chart-goals", title, wide_width, 0, "Goals"), areas,
                                                    {set_series, achieved_series}, options),
                               true, "The percentage on the right is each area's attainment (achieved out of set).");
    return section("goals", "3. Goal attainment by category", lead, "<div class=\"charts\">" + body + "</div>");
}

std::string health_section(const json& figures) {
    const auto& relationships = at(figures, "relationships");
    const double total = number(relationships, "total");
    const std::string title = "Where the relationships stand";
    if (total <= 0 && number(relationships, "on_track") + number(relationships, "at_risk") +
                              number(relationships, "completed") + number(relationships, "closed_early") <=
                          0) {
        return section("health", "4. Relationship health", {},
                       figure(title, empty_note("No relationships started yet.")));
    }
    const std::vector<svg::part> parts{
        {"On track", number(relationships, "on_track"), {"#1d7f5a", svg::fill_pattern::solid}},
        {"At risk", number(relationships, "at_risk"), {"#b3261e", svg::fill_pattern::hatched}},
        {"Completed", number(relationships, "completed"), {"#2563a8", svg::fill_pattern::dotted}},
        {"Closed early", number(relationships, "closed_early"), {"#5f6b7a", svg::fill_pattern::light}},
    };
    const std::string lead = escape(plural(total, "relationship", "relationships")) + " started; " +
                             escape(count(number(relationships, "ever_at_risk"))) +
                             " were raised at risk at some point.";
    const std::string body = figure(
        title,
        svg::parts_bar(
            frame("chart-health", "Relationship health: on track, at risk, completed, closed early", wide_width, 0),
            parts),
        true, "At risk: an active relationship raised at risk in the 42 days before the as-of date.");
    return section("health", "4. Relationship health", lead, "<div class=\"charts\">" + body + "</div>");
}

std::string satisfaction_section(const json& figures) {
    const auto& satisfaction = at(figures, "satisfaction");
    const double checkins = number(satisfaction, "checkins");
    std::string lead;
    if (checkins > 0)
        lead = escape(plural(checkins, "rating", "ratings")) + " from check-ins and feedback, averaging <strong>" +
               escape(rating_text(number(satisfaction, "average_rating"))) + "</strong> out of 5.";

    std::string charts = "<div class=\"charts\">";
    // Rating distribution 1..5.
    std::vector<std::string> ratings;
    svg::series rating_counts{"Ratings", {}, svg::palette(0)};
    double rated = 0;
    for (const auto& r : list(satisfaction, "rating_distribution")) {
        ratings.push_back(format_number(number(r, "rating")));
        rating_counts.values.push_back(number(r, "count"));
        rated += number(r, "count");
    }
    const std::string distribution_title = "Check-in ratings";
    charts += rated > 0 ? figure(distribution_title,
                                 svg::vertical_bars(frame("chart-ratings", "Distribution of check-in ratings, 1 to 5",
                                                          half_width, 280, "Rating (1 to 5)", "Ratings"),
                                                    ratings, {rating_counts}))
                        : figure(distribution_title, empty_note("No check-in ratings yet."));

    // Average rating per month, on a fixed 1..5 axis; months without ratings break the line.
    std::vector<std::string> months;
    std::vector<std::optional<double>> averages;
    bool any_month = false;
    for (const auto& m : list(satisfaction, "by_month")) {
        months.push_back(str(m, "month"));
        const bool has = number(m, "checkins") > 0;
        averages.push_back(has ? maybe_number(m, "average_rating") : std::nullopt);
        any_month = any_month || (has && averages.back());
    }
    const std::string monthly_title = "Average rating per month";
    charts += any_month ? figure(monthly_title,
                                 svg::line_chart(frame("chart-rating-months", "Average check-in rating per month",
                                                       half_width, 280, "Month", "Average rating"),
                                                 month_labels(months), "Average rating", averages,
                                                 {1, 5, 1, [](double v) { return format_number(v); }},
                                                 {"#6d4fb3", svg::fill_pattern::solid}))
                        : figure(monthly_title, empty_note("No ratings per month yet."));

    // Surveys: average rating with the number of responses.
    std::vector<std::string> surveys;
    svg::horizontal_options survey_options;
    survey_options.scale = svg::axis_scale{0, 5, 1, {}};
    survey_options.value_format = rating_text;
    svg::series survey_averages{"Average rating", {}, svg::palette(2)};
    for (const auto& s : list(satisfaction, "surveys")) {
        surveys.push_back(str(s, "survey").empty() ? "survey" : str(s, "survey"));
        const double responses = number(s, "responses");
        survey_averages.values.push_back(responses > 0 ? number(s, "average_rating") : 0);
        survey_options.row_notes.push_back(plural(responses, "response", "responses"));
        // Without responses there is no average: say so rather than print 0.00.
        survey_options.value_labels.push_back(responses > 0 ? std::string{} : "no responses yet");
    }
    const std::string survey_title = "Surveys: average rating and responses";
    charts += surveys.empty()
                  ? figure(survey_title, empty_note("No surveys completed yet."), true)
                  : figure(survey_title,
                           svg::horizontal_bars(frame("chart-surveys", "Average rating per survey, with responses",
                                                      wide_width, 0, "Average rating (out of 5)"),
                                                surveys, {survey_averages}, survey_options),
                           true);
    charts += "</div>";
    return section("satisfaction", "5. Survey and satisfaction", lead, charts);
}

std::string modules_section(const json& figures) {
    const auto& modules = list(figures, "modules");
    if (modules.empty())
        return section("modules", "6. What each role module produced", {},
                       empty_note("No role module is enabled, or none has reported yet."));
    std::string cards = "<div class=\"modules\">";
    std::size_t index = 0;
    for (const auto& m : modules) {
        const std::string name = str(m, "module");
        const bool counsel = name == "counsel";
        std::vector<std::string> topics;
        svg::series counts{"Outputs", {}, svg::palette(counsel ? 4 : 0)};
        // Only topics and counts are read, for every module: for counsel nothing else may
        // ever reach the page.
        for (const auto& t : list(m, "by_topic")) {
            topics.push_back(str(t, "topic"));
            counts.values.push_back(number(t, "count"));
        }
        const std::string title = module_title(name.empty() ? "module" : name);
        cards += "<article class=\"module" + std::string{counsel ? " counsel" : ""} + "\"><h3>" + escape(title) +
                 " <span class=\"outputs\">" + escape(plural(number(m, "outputs"), "output", "outputs")) +
                 "</span></h3>";
        const std::string purpose = module_purpose(name);
        if (!purpose.empty()) cards += "<p class=\"purpose\">" + escape(purpose) + "</p>";
        if (counsel)
            cards +=
                "<p class=\"confidential\">What is said in counsel stays with the pair: this report shows counts "
                "only.</p>";
        if (topics.empty()) {
            cards += empty_note("Nothing produced yet.");
        } else {
            cards += svg::horizontal_bars(frame("chart-module-" + std::to_string(index), title + ": outputs by topic",
                                                half_width, 0, "Events published"),
                                          topics, {counts});
        }
        cards += "</article>";
        ++index;
    }
    cards += "</div>";
    return section("modules", "6. What each role module produced",
                   "Events each enabled role module published, by topic.", cards);
}

std::string at_risk_section(const json& figures) {
    const auto& relationships = at(figures, "relationships");
    const auto& rows = list(relationships, "at_risk_list");
    const std::string title = "7. Relationships raised at risk";
    if (rows.empty()) return section("at-risk", title, {}, empty_note("No relationship has been raised at risk."));

    const auto person = [](const std::string& name, const std::string& id) {
        return "<span class=\"name\">" + escape(name.empty() ? id : name) + "</span>" +
               (id.empty() ? std::string{} : " <span class=\"id\">" + escape(id) + "</span>");
    };
    std::string table =
        "<div class=\"table-wrap\"><table class=\"at-risk\"><thead><tr><th scope=\"col\">Mentor</th><th "
        "scope=\"col\">Mentee</th><th scope=\"col\">Raised on</th><th scope=\"col\" class=\"num\">Times raised</th><th "
        "scope=\"col\">Reason</th><th scope=\"col\">Suggestion</th><th scope=\"col\">Status</th></tr></thead><tbody>";
    for (const auto& r : rows) {
        const std::string status = str(r, "status");
        table += "<tr><td>" + person(str(r, "mentor_name"), str(r, "mentor_id")) + "</td><td>" +
                 person(str(r, "mentee_name"), str(r, "mentee_id")) + "</td><td class=\"date\">" +
                 escape(format_date(str(r, "raised_on"))) + "</td><td class=\"num\">" +
                 escape(count(number(r, "times_raised"))) + "</td><td class=\"text\">" + escape(str(r, "reason")) +
                 "</td><td class=\"text\">" + escape(str(r, "suggestion")) + "</td><td><span class=\"badge status-" +
                 escape(status) + "\">" + escape(status_label(status)) + "</span></td></tr>";
    }
    table += "</tbody></table></div>";
    const std::string lead = escape(plural(static_cast<double>(rows.size()), "relationship", "relationships")) +
                             " raised at risk at some point, with the latest reason; active ones first.";
    return section("at-risk", title, lead, table);
}

constexpr std::string_view style = R"css(
:root{--text:#1f2933;--muted:#52606d;--line:#e4e7eb;--page:#f4f6f8;--card:#fff;--accent:#2563a8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--page);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans","Helvetica Neue",Arial,sans-serif;font-variant-numeric:tabular-nums}
main{max-width:1100px;margin:0 auto;padding:32px 24px 48px}
code{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.92em}
.report-header{margin-bottom:20px}
.eyebrow{margin:0;font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--accent)}
h1{margin:4px 0 14px;font-size:30px;line-height:1.2;font-weight:700}
.facts{display:flex;flex-wrap:wrap;gap:8px 36px;margin:0 0 12px}
.facts dt{font-size:12px;color:var(--muted)}
.facts dd{margin:0;font-weight:600}
.modules-enabled{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px}
.modules-enabled .term{font-size:12px;color:var(--muted);margin-right:4px}
.modules-enabled ul{display:contents;list-style:none}
.modules-enabled li{padding:1px 10px;border:1px solid #cbd2d9;border-radius:999px;font-size:13px;background:var(--card)}
.badge{display:inline-block;padding:0 9px;border-radius:999px;font-size:12.5px;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.status-running,.status-active{color:#1d6b4c}
.status-closed,.status-completed{color:#1f4f8a}
.status-closed_early{color:#52606d}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(300px,100%),1fr));gap:12px;margin:0 0 24px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;min-width:0}
.stat-label{font-size:13px;font-weight:600;color:var(--muted)}
.stat-value{font-size:30px;font-weight:700;line-height:1.25}
.stat-note{font-size:12.5px;color:var(--muted)}
nav.toc{margin:0 0 20px;font-size:14px}
nav.toc ol{display:flex;flex-wrap:wrap;gap:4px 18px;margin:0;padding:0;list-style:none}
nav.toc a{color:var(--accent);text-decoration:none}
nav.toc a:hover{text-decoration:underline}
section.part{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:22px 26px 24px;margin:0 0 20px}
h2{margin:0 0 4px;font-size:21px;line-height:1.3}
h3{margin:0;font-size:16px}
.lead{margin:0 0 18px;color:var(--muted)}
h2+figure.chart,h2+.empty{margin-top:14px}
.lead strong{color:var(--text)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:26px 32px;margin-top:14px}
figure.chart{margin:0;min-width:0}
figure.chart.wide{grid-column:1/-1}
figure.chart figcaption{font-weight:600;font-size:15px;margin:0 0 8px}
.chart-svg{display:block;width:100%;height:auto;max-width:100%}
.chart-note{margin:6px 0 0;font-size:13px;color:var(--muted)}
.empty{margin:0;padding:12px 14px;border:1px dashed #cbd2d9;border-radius:8px;color:var(--muted);font-style:italic}
.modules{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:20px 32px;margin-top:14px}
.module{min-width:0;border-top:3px solid var(--accent);padding-top:10px}
.module.counsel{border-top-color:#6d4fb3}
.module .outputs{font-weight:400;font-size:13px;color:var(--muted);margin-left:6px}
.module .purpose{margin:2px 0 8px;font-size:13px;color:var(--muted)}
.confidential{margin:0 0 10px;padding:8px 12px;border-left:3px solid #6d4fb3;background:#f3f0fa;font-size:13px}
.table-wrap{overflow-x:auto}
table.at-risk{width:100%;border-collapse:collapse;font-size:13.5px}
table.at-risk th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);border-bottom:2px solid var(--line);padding:6px 10px;white-space:nowrap}
table.at-risk td{vertical-align:top;border-bottom:1px solid var(--line);padding:8px 10px}
table.at-risk .num{text-align:right}
table.at-risk .date{white-space:nowrap}
table.at-risk td.text{min-width:11em}
table.at-risk .name{white-space:nowrap}
table.at-risk .id{display:block;font-size:12px;color:var(--muted)}
footer{margin-top:24px;font-size:12.5px;color:var(--muted);text-align:center}
@media print{
  @page{size:A4;margin:14mm 12mm}
  body{background:none;font-size:10.5pt}
  main{max-width:none;padding:0}
  nav.toc{display:none}
  section.part{border:none;border-radius:0;padding:0;margin:0 0 14pt}
  section.part+section.part{border-top:1px solid #cbd2d9;padding-top:10pt}
  .stat{border-color:#cbd2d9;break-inside:avoid;page-break-inside:avoid}
  h1,h2,h3,figcaption,.lead{break-after:avoid;page-break-after:avoid}
  figure.chart,.module,.confidential,tr,.empty{break-inside:avoid;page-break-inside:avoid}
  .charts,.modules{grid-template-columns:1fr 1fr;gap:12pt 16pt}
  #at-risk{break-before:page;page-break-before:always}
  .headline{grid-template-columns:repeat(3,1fr)}
  .table-wrap{overflow:visible}
  table.at-risk{font-size:9pt}
  table.at-risk th,table.at-risk .name{white-space:normal}
  table.at-risk td.text{min-width:0}
  table.at-risk td,table.at-risk th{padding:4pt 5pt}
  thead{display:table-header-group}
  .chart-svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

}  // namespace

std::string render_html_report(const nlohmann::json& figures) {
    const auto& program = at(figures, "program");
    std::string name = str(program, "name");
    if (name.empty()) name = str(program, "id");

    std::string html;
    html.reserve(64 * 1024);
    html +=
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    html += escape(name.empty() ? "Mentoring outcome report" : "Outcome report: " + name);
    html += "</title>\n<style>";
    html += style;
    html += "</style>\n</head>\n<body>\n<main>\n";
    html += header(figures);
    html += headline(figures);
    html +=
        "<nav class=\"toc\" aria-label=\"Sections\"><ol>"
        "<li><a href=\"#enrolment\">Enrolment and matching</a></li>"
        "<li><a href=\"#meetings\">Meetings</a></li>"
        "<li><a href=\"#goals\">Goals</a></li>"
        "<li><a href=\"#health\">Relationship health</a></li>"
        "<li><a href=\"#satisfaction\">Satisfaction</a></li>"
        "<li><a href=\"#modules\">Role modules</a></li>"
        "<li><a href=\"#at-risk\">At-risk relationships</a></li></ol></nav>\n";
    html += enrolment_section(figures) + "\n";
    html += meetings_section(figures) + "\n";
    html += goals_section(figures) + "\n";
    html += health_section(figures) + "\n";
    html += satisfaction_section(figures) + "\n";
    html += modules_section(figures) + "\n";
    html += at_risk_section(figures) + "\n";
    const auto& report = at(figures, "report");
    html += "<footer>Generated by mentorkit from the program's journal";
    if (!str(report, "as_of").empty()) html += ", as of " + escape(format_date(str(report, "as_of")));
    html += " \xC2\xB7 figures schema " + escape(str(report, "schema").empty() ? "?" : str(report, "schema")) +
            "</footer>\n</main>\n</body>\n</html>\n";
    return html;
}

}  // namespace mentorkit
