#pragma once
// Small inline-SVG chart builders for the HTML report: vertical bars (single, stacked or
// grouped, with an optional line on a second axis), a histogram, horizontal bars, a line
// chart and a single stacked "parts of a whole" bar.
//
// Why hand-written SVG: the report must be one file that opens from disk with no network
// and no JavaScript, so every chart is static markup computed here. Each builder returns a
// complete <svg> element with a <title>, labelled axes with ticks, a legend when there is
// more than one series, and direct value labels, so a reader never depends on colour alone
// (series also differ by fill pattern). Sizes are in viewBox units; the page's CSS scales
// the SVG to the column width.
//
// Text given to the builders is plain text: they escape it. Non-finite and negative values
// are drawn as zero, and an all-zero chart draws an empty 0..1 axis instead of dividing by
// zero.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::detail::svg {

/// Escapes text for HTML and SVG content and attribute values: & < > " '.
std::string escape(std::string_view text);

/// A number with fixed decimals and thousands separators: 2023 -> "2,023", 3.861 -> "3.86" (2).
std::string format_number(double value, int decimals = 0);

/// A 0..1 ratio as a percentage with one decimal: 0.812 -> "81.2%".
std::string format_percent(double ratio);

/// How a series is filled; every series in a chart gets a different one, so charts read in
/// greyscale and for colour-blind readers too.
enum class fill_pattern { solid, hatched, dotted, light };

/// A colour and a fill pattern.
struct swatch {
    std::string colour;  // a CSS colour with at least 3:1 contrast on white
    fill_pattern pattern = fill_pattern::solid;
};

/// The report's palette, in the order series take it.
swatch palette(std::size_t index);

/// One named series of values, one value per category.
struct series {
    std::string name;
    std::vector<double> values;
    swatch look = palette(0);
};

/// A value axis: min..max with a tick every `step`, tick labels made by `format`.
struct axis_scale {
    double min = 0;
    double max = 1;
    double step = 1;
    std::function<std::string(double)> format;  // empty: format_number with no decimals
};

/// 0..a "nice" round maximum at or above `max_value`, about five ticks; integer steps when
/// `whole_numbers` (counts). A zero, negative or non-finite maximum gives 0..1.
axis_scale nice_scale(double max_value, bool whole_numbers = true);

/// What every chart has: a document-unique id (prefix of the pattern ids inside), the
/// accessible title, the viewBox width, and the axis labels.
struct chart_frame {
    std::string id;
    std::string title;
    double width = 960;
    double height = 300;  // vertical charts; horizontal ones compute theirs from the rows
    std::string x_label;
    std::string y_label;
};

/// A line drawn over vertical bars on its own right-hand axis (e.g. a ratio over counts).
/// A category without a value (nullopt) breaks the line.
struct line_overlay {
    std::string name;
    std::vector<std::optional<double>> values;
    axis_scale scale;
    std::string axis_label;
    swatch look = palette(2);
};

enum class bar_layout { stacked, grouped };

/// Vertical bars, one slot per category. Category labels may hold one '\n' for a second
/// line; labels are thinned out when the slots are too narrow for them.
std::string vertical_bars(const chart_frame& frame, const std::vector<std::string>& categories,
                          const std::vector<series>& data, bar_layout layout = bar_layout::stacked,
                          std::optional<axis_scale> scale = std::nullopt,
                          const std::optional<line_overlay>& line = std::nullopt);

/// One histogram bin [from, to).
struct bin {
    double from = 0;
    double to = 0;
    double count = 0;
};

/// Contiguous bars on a linear x axis (`x_scale` gives its range and ticks).
std::string histogram(const chart_frame& frame, const std::vector<bin>& bins, const axis_scale& x_scale,
                      const swatch& look = palette(0));

/// How horizontal bars are laid out and labelled.
struct horizontal_options {
    bar_layout layout = bar_layout::grouped;
    std::optional<axis_scale> scale;                  // default: nice_scale of the largest bar
    std::vector<std::string> row_notes;               // a right-hand column, one per row (e.g. "75.0%")
    std::function<std::string(double)> value_format;  // the label at a bar's end; default format_number
    std::vector<std::string> value_labels;            // per row, replaces the first series' end label if not empty
};

/// Horizontal bars, one row per category (grouped or stacked when several series), the
/// value printed at the end of each bar, and the optional notes column. The height follows
/// from the number of rows.
std::string horizontal_bars(const chart_frame& frame, const std::vector<std::string>& categories,
                            const std::vector<series>& data, const horizontal_options& options = {});

/// A line over categories on a fixed scale; nullopt values break the line.
std::string line_chart(const chart_frame& frame, const std::vector<std::string>& categories, const std::string& name,
                       const std::vector<std::optional<double>>& values, const axis_scale& scale,
                       const swatch& look = palette(0), const std::function<std::string(double)>& value_format = {});

/// One part of a whole.
struct part {
    std::string name;
    double value = 0;
    swatch look;
};

/// One horizontal bar split into its parts, each labelled with its number and share, and a
/// legend with the same numbers underneath.
std::string parts_bar(const chart_frame& frame, const std::vector<part>& parts);

}  // namespace mentorkit::detail::svg
