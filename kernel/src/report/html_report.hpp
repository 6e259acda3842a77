#pragma once
// The outcome report as one self-contained HTML page: inline CSS and inline SVG charts, no
// scripts and no network, so it opens from disk, prints, and can be mailed as an attachment.

#include <nlohmann/json.hpp>

#include <string>

namespace mentorkit {

/// Renders the report figures (the JSON document of figures schema 1 that the report
/// calculation computes from a program's store) as an HTML document. It only renders: every number shown is read
/// from `figures`, never recomputed. Every text taken from the figures is escaped; missing
/// or empty parts are shown as "nothing yet" notes rather than failing. For the counsel
/// module only the counts are read, whatever else the figures may hold. Never throws on
/// malformed figures (wrong types read as absent).
std::string render_html_report(const nlohmann::json& figures);

}  // namespace mentorkit
