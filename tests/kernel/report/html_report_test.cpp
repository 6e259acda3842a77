// The HTML report: one self-contained document with every section and chart, bars drawn to
// scale, user text escaped, notes instead of empty charts, and counsel as counts only.

#include "report/html_report.hpp"
#include "report/svg_chart.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <string>
#include <vector>

using mentorkit::render_html_report;
using nlohmann::json;
namespace svg = mentorkit::detail::svg;

namespace {

json sample_figures() {
    std::ifstream in{std::string{MENTORKIT_SOURCE_DIR} + "/tests/fixtures/report/figures.json"};
    REQUIRE(in);
    return json::parse(in);
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// The <svg>…</svg> of the chart with the given id.
std::string chart(const std::string& html, const std::string& id) {
    const auto marker = html.find("aria-labelledby=\"" + id + "-title\"");
    REQUIRE(marker != std::string::npos);
    const auto begin = html.rfind("<svg", marker);
    const auto end = html.find("</svg>", marker);
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    return html.substr(begin, end + 6 - begin);
}

struct bar {
    int series = 0;
    double value = 0;
    double x = 0, y = 0, width = 0, height = 0;
};

// The bars exactly as the chart builders write them.
std::vector<bar> bars(const std::string& svg_text) {
    static const std::regex pattern{
        R"re(<rect class="bar" data-series="(\d+)" data-value="([-0-9.]+)" x="([-0-9.]+)" y="([-0-9.]+)" width="([-0-9.]+)" height="([-0-9.]+)")re"};
    std::vector<bar> out;
    for (std::sregex_iterator it{svg_text.begin(), svg_text.end(), pattern}, end; it != end; ++it) {
        const auto& m = *it;
        out.push_back(
            {std::stoi(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), std::stod(m[5]), std::stod(m[6])});
    }
    return out;
}

json program_only() {
    return json{{"report", {{"generated_for", "p"}, {"as_of", "2027-01-11"}, {"schema", 1}}},
                {"program",
                 {{"id", "p"},
                  {"name", "Pilot"},
                  {"start", "2027-01-11"},
                  {"end", "2027-06-30"},
                  {"status", "running"},
                  {"modules", json::array({"relationship", "counsel"})}}}};
}

}  // namespace

TEST_CASE("the report is one HTML document that references nothing outside itself", "[report][html]") {
    const auto html = render_html_report(sample_figures());

    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(occurrences(html, "<html") == 1);
    CHECK(occurrences(html, "</html>") == 1);
    CHECK(occurrences(html, "<body>") == 1);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);

    CHECK(html.find("http:") == std::string::npos);
    CHECK(html.find("https:") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("file:") == std::string::npos);
    // Every url(…) and href points inside the page.
    CHECK(occurrences(html, "url(") == occurrences(html, "url(#"));
    CHECK(occurrences(html, "href=") == occurrences(html, "href=\"#"));
}

TEST_CASE("the report has its header, headline numbers, every section and every chart with its title",
          "[report][html]") {
    const auto html = render_html_report(sample_figures());

    // Header: name, id, dates, status, as-of, modules.
    CHECK(html.find("<h1>Engineering mentoring 2027</h1>") != std::string::npos);
    CHECK(html.find("<code>eng-2027</code>") != std::string::npos);
    CHECK(html.find("11 Jan 2027 \xE2\x80\x93 11 Oct 2027") != std::string::npos);
    CHECK(html.find(">Running</span>") != std::string::npos);
    CHECK(html.find("<dt>As of</dt><dd>11 Oct 2027</dd>") != std::string::npos);
    CHECK(html.find("<li>Survey the environment</li>") != std::string::npos);

    // Headline numbers, percentages with one decimal.
    for (const auto* label :
         {"People", "Pairs", "Meeting adherence", "Goal attainment", "Average rating", "At risk now"})
        CHECK(html.find(std::string{"<div class=\"stat-label\">"} + label + "</div>") != std::string::npos);
    CHECK(html.find("<div class=\"stat-value\">300</div>") != std::string::npos);
    CHECK(html.find("<div class=\"stat-value\">81.2%</div>") != std::string::npos);  // 2,023 of 2,490
    CHECK(html.find("<div class=\"stat-value\">74.6%</div>") != std::string::npos);  // 203 of 272
    CHECK(html.find("<div class=\"stat-value\">3.95 / 5</div>") != std::string::npos);
    CHECK(html.find("2,023 held") != std::string::npos);

    // Sections in order.
    const std::vector<std::string> sections{"1. Enrolment and matching",      "2. Meeting adherence over time",
                                            "3. Goal attainment by category", "4. Relationship health",
                                            "5. Survey and satisfaction",     "6. What each role module produced",
                                            "7. Relationships raised at risk"};
    std::size_t previous = 0;
    for (const auto& title : sections) {
        const auto at = html.find("<h2>" + title + "</h2>");
        CHECK(at != std::string::npos);
        CHECK(at > previous);
        previous = at;
    }

    // Charts: a visible caption and an SVG <title> each.
    for (const auto* caption :
         {"Enrolment by role", "Match score distribution", "Unmatched, and why", "Meetings held and missed per month",
          "Goals set and achieved by area", "Where the relationships stand", "Check-in ratings",
          "Average rating per month", "Surveys: average rating and responses"})
        CHECK(html.find(std::string{"<figcaption>"} + caption + "</figcaption>") != std::string::npos);
    for (const auto* id : {"chart-enrolment", "chart-match-scores", "chart-unmatched", "chart-meetings", "chart-goals",
                           "chart-health", "chart-ratings", "chart-rating-months", "chart-surveys"})
        CHECK(chart(html, id).find("<title id=\"" + std::string{id} + "-title\">") != std::string::npos);
    // One SVG per module with outputs (motivate has none and gets a note).
    CHECK(occurrences(html, "<svg") == 9 + 6);
    CHECK(occurrences(html, "<svg") == occurrences(html, "-title\">"));
    CHECK(html.find("Nothing produced yet.") != std::string::npos);

    // Axes and legends: the meeting chart has both series and the line named, a 0..100% right axis.
    const auto meetings = chart(html, "chart-meetings");
    CHECK(meetings.find(">Held</text>") != std::string::npos);
    CHECK(meetings.find(">Missed</text>") != std::string::npos);
    CHECK(meetings.find(">Adherence</text>") != std::string::npos);
    CHECK(meetings.find(">100%</text>") != std::string::npos);
    CHECK(meetings.find("<polyline class=\"line\"") != std::string::npos);
    // The score histogram runs on a 0..100 axis.
    const auto scores = chart(html, "chart-match-scores");
    CHECK(scores.find(">0</text>") != std::string::npos);
    CHECK(scores.find(">100</text>") != std::string::npos);
    CHECK(bars(scores).size() == 10);

    // At-risk table.
    for (const auto* column : {"Mentor", "Mentee", "Raised on", "Times raised", "Reason", "Suggestion", "Status"})
        CHECK(html.find(std::string{">"} + column + "</th>") != std::string::npos);
    CHECK(html.find("Tyler Jackson</span> <span class=\"id\">E0002</span>") != std::string::npos);
    CHECK(html.find("2 meetings missed in a row") != std::string::npos);
    CHECK(html.find(">Closed early</span>") != std::string::npos);
}

TEST_CASE("bars are drawn in proportion to their values", "[report][html]") {
    auto figures = program_only();
    figures["enrolment"] = {{"people", 70}, {"mentors", 10}, {"mentees", 20}, {"both", 40}, {"withdrawn", 0}};
    figures["matching"] = {{"proposals", 0},
                           {"unmatched", 9},
                           {"unmatched_reasons", json::array({{{"reason", "no capacity"}, {"count", 6}},
                                                              {{"reason", "no shared language"}, {"count", 3}}})}};
    const auto html = render_html_report(figures);

    const auto roles = bars(chart(html, "chart-enrolment"));
    REQUIRE(roles.size() == 3);
    CHECK(roles[0].value == 10);
    CHECK(roles[1].value == 20);
    CHECK(roles[2].value == 40);
    REQUIRE(roles[0].height > 0);
    CHECK(roles[1].height == Approx(2 * roles[0].height).margin(0.02));
    CHECK(roles[2].height == Approx(4 * roles[0].height).margin(0.02));
    // Same baseline.
    CHECK(roles[0].y + roles[0].height == Approx(roles[2].y + roles[2].height).margin(0.02));

    const auto reasons = bars(chart(html, "chart-unmatched"));
    REQUIRE(reasons.size() == 2);
    CHECK(reasons[0].width == Approx(2 * reasons[1].width).margin(0.02));
    CHECK(reasons[0].x == Approx(reasons[1].x));
}

TEST_CASE("stacked bars stack and grouped bars sit side by side", "[report][html]") {
    const svg::chart_frame frame{"c", "Stacked", 600, 300, "x", "y"};
    const auto stacked = bars(svg::vertical_bars(frame, {"a", "b"}, {{"one", {2, 1}}, {"two", {2, 0}}}));
    REQUIRE(stacked.size() == 4);
    // Category a: 2 on top of 2, flush; category b: 1 and an empty second segment.
    CHECK(stacked[1].y + stacked[1].height == Approx(stacked[0].y).margin(0.02));
    CHECK(stacked[1].height == Approx(stacked[0].height).margin(0.02));
    CHECK(stacked[3].height == 0);
    CHECK(stacked[2].height == Approx(stacked[0].height / 2).margin(0.02));

    const auto grouped = bars(svg::horizontal_bars(frame, {"a"}, {{"set", {40}}, {"achieved", {30}}}));
    REQUIRE(grouped.size() == 2);
    CHECK(grouped[1].width == Approx(0.75 * grouped[0].width).margin(0.02));
    CHECK(grouped[1].y > grouped[0].y);
}

TEST_CASE("text from the figures is escaped everywhere it appears", "[report][html]") {
    const std::string evil = "<b>\"O'Brien\" & co</b>";
    const std::string escaped = "&lt;b&gt;&quot;O&#39;Brien&quot; &amp; co&lt;/b&gt;";
    auto figures = sample_figures();
    figures["program"]["name"] = evil;
    figures["program"]["id"] = evil;
    figures["program"]["modules"].push_back(evil);
    figures["matching"]["unmatched_reasons"][0]["reason"] = evil;
    figures["goals"]["by_area"][0]["area"] = evil;
    figures["satisfaction"]["surveys"][0]["survey"] = evil;
    figures["modules"][0]["by_topic"][0]["topic"] = evil;
    auto& row = figures["relationships"]["at_risk_list"][0];
    row["mentor_name"] = evil;
    row["mentee_id"] = evil;
    row["reason"] = evil;
    row["suggestion"] = evil;
    row["status"] = evil;

    const auto html = render_html_report(figures);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("O'Brien") == std::string::npos);
    CHECK(html.find("\"O") == std::string::npos);
    CHECK(html.find("& co") == std::string::npos);
    CHECK(occurrences(html, escaped) >= 12);
    CHECK(html.find("<title>Outcome report: " + escaped + "</title>") != std::string::npos);
    CHECK(html.find("<h1>" + escaped + "</h1>") != std::string::npos);
}

TEST_CASE("parts without data get a short note instead of a chart", "[report][html]") {
    const auto html = render_html_report(program_only());
    for (const auto* note :
         {"Nobody has enrolled yet.", "No matches proposed yet.", "No matching run yet.",
          "No meetings held or missed yet.", "No goals set yet.", "No relationships started yet.",
          "No check-in ratings yet.", "No ratings per month yet.", "No surveys completed yet.",
          "No role module is enabled, or none has reported yet.", "No relationship has been raised at risk."})
        CHECK(html.find(std::string{"<p class=\"empty\">"} + note + "</p>") != std::string::npos);
    CHECK(html.find("<svg") == std::string::npos);
    CHECK(html.find("no meetings yet") != std::string::npos);  // headline note instead of 0.0%
    CHECK(html.find("nan") == std::string::npos);
    CHECK(html.find("inf") == std::string::npos);

    // Nothing at all, or nonsense, still gives a page.
    for (const auto& figures : {json{}, json::object(), json::array({1, 2}), json{{"program", 3}, {"meetings", "x"}}}) {
        const auto page = render_html_report(figures);
        CHECK(page.find("</html>") != std::string::npos);
        CHECK(page.find("<p class=\"empty\">No meetings held or missed yet.</p>") != std::string::npos);
    }
}

TEST_CASE("months without meetings or ratings break the lines, and zero maxima draw empty axes", "[report][html]") {
    auto figures = program_only();
    figures["meetings"] = {
        {"held", 3},
        {"missed", 1},
        {"adherence", 0.75},
        {"by_month", json::array({{{"month", "2027-01"}, {"held", 3}, {"missed", 1}, {"adherence", 0.75}},
                                  {{"month", "2027-02"}, {"held", 0}, {"missed", 0}, {"adherence", 0}},
                                  {{"month", "2027-03"}, {"held", 0}, {"missed", 0}, {"adherence", 0}}})}};
    const auto html = render_html_report(figures);
    const auto meetings = chart(html, "chart-meetings");
    CHECK(occurrences(meetings, "<circle class=\"point\"") == 1);
    CHECK(meetings.find("Jan</text>") != std::string::npos);

    // All-zero data: a 0..1 axis, zero-height bars, no NaN anywhere.
    const svg::chart_frame frame{"z", "Zero", 500, 280, "x", "y"};
    for (const auto& text :
         {svg::vertical_bars(frame, {"a", "b"}, {{"s", {0, 0}}}), svg::horizontal_bars(frame, {"a"}, {{"s", {0}}}),
          svg::histogram(frame, {{0, 10, 0}, {10, 20, 0}}, {0, 20, 10, {}}),
          svg::parts_bar(frame, {{"a", 0, svg::palette(0)}, {"b", 0, svg::palette(1)}}),
          svg::vertical_bars(frame, {}, {}), svg::line_chart(frame, {"a"}, "l", {std::nullopt}, {1, 5, 1, {}})}) {
        CHECK(text.find("nan") == std::string::npos);
        CHECK(text.find("inf") == std::string::npos);
        for (const auto& b : bars(text)) CHECK(b.height >= 0);
    }
    CHECK(svg::nice_scale(0).max == 1);
    CHECK(svg::nice_scale(40).max == 40);
    CHECK(svg::nice_scale(43).max == 50);
    CHECK(svg::nice_scale(3).step == 1);
}

TEST_CASE("counsel is shown as counts only, with the confidentiality note", "[report][html]") {
    auto figures = program_only();
    figures["modules"] = json::array(
        {{{"module", "counsel"},
          {"outputs", 7},
          {"by_topic", json::array({{{"topic", "counsel.flag_noted"}, {"count", 5}, {"text", "SECRET-TOPIC-TEXT"}},
                                    {{"topic", "notification.requested"}, {"count", 2}}})},
          {"flags", json::array({{{"mentee", "SECRET-MENTEE"}, {"said", "SECRET-WORDS"}}})},
          {"summary", "SECRET-SUMMARY"}}});
    const auto html = render_html_report(figures);

    CHECK(html.find("SECRET") == std::string::npos);
    CHECK(html.find("What is said in counsel stays with the pair") != std::string::npos);
    const auto counsel = chart(html, "chart-module-0");
    const auto counts = bars(counsel);
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].value == 5);
    CHECK(counts[1].value == 2);
    CHECK(counsel.find(">counsel.flag_noted</text>") != std::string::npos);
    CHECK(html.find("7 outputs") != std::string::npos);
}

TEST_CASE("numbers are formatted for reading", "[report][html]") {
    CHECK(svg::format_percent(0.812) == "81.2%");
    CHECK(svg::format_percent(0) == "0.0%");
    CHECK(svg::format_percent(1) == "100.0%");
    CHECK(svg::format_number(2023) == "2,023");
    CHECK(svg::format_number(1234567.891, 2) == "1,234,567.89");
    CHECK(svg::format_number(3.861, 2) == "3.86");
    CHECK(svg::format_number(-1500) == "-1,500");
    CHECK(svg::format_number(-0.01, 1) == "0.0");
    CHECK(svg::escape("<a href='x'>\"&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
}
