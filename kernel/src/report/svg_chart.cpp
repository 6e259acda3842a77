#include "report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace mentorkit::detail::svg {
namespace {

// Colours of text and lines inside charts (contrast >= 7:1 and >= 3:1 on white).
constexpr std::string_view text_colour = "#1f2933";
constexpr std::string_view muted_colour = "#52606d";
constexpr std::string_view axis_colour = "#7b8794";
constexpr std::string_view grid_colour = "#e4e7eb";

// Value labels get a white outline so they stay readable where a line or a bar crosses them.
constexpr std::string_view halo =
    "font-weight=\"600\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\"";

constexpr double font_size = 13;
constexpr double char_width = 0.55 * font_size;  // average advance of a system-ui glyph

double clean(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

// A coordinate: at most two decimals, no trailing zeros.
std::string n(double v) {
    if (!std::isfinite(v)) v = 0;
    std::array<char, 64> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed, 2);
    std::string s(buffer.data(), ec == std::errc{} ? end : buffer.data());
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

double text_width(std::string_view text) {
    std::size_t glyphs = 0;
    for (const char c : text) glyphs += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return static_cast<double>(glyphs) * char_width;
}

// Cuts text to at most `max_width`, on a UTF-8 character boundary, with an ellipsis.
std::string fit(std::string_view text, double max_width) {
    if (text_width(text) <= max_width) return std::string{text};
    const auto keep = static_cast<std::size_t>(std::max(1.0, max_width / char_width - 1));
    std::size_t glyphs = 0;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (glyphs == keep) break;
            ++glyphs;
        }
    }
    return std::string{text.substr(0, i)} + "\xE2\x80\xA6";
}

std::string tick_text(const axis_scale& scale, double v) { return scale.format ? scale.format(v) : format_number(v); }

double fraction(const axis_scale& scale, double v) {
    const double span = scale.max - scale.min;
    if (!(span > 0) || !std::isfinite(v)) return 0;
    return std::clamp((v - scale.min) / span, 0.0, 1.0);
}

std::vector<double> ticks(const axis_scale& scale) {
    std::vector<double> out;
    if (!(scale.step > 0) || !(scale.max > scale.min)) return {scale.min};
    const auto count = static_cast<int>(std::floor((scale.max - scale.min) / scale.step + 1e-9));
    for (int i = 0; i <= count && i <= 50; ++i) out.push_back(scale.min + scale.step * i);
    return out;
}

std::string pattern_id(const chart_frame& frame, std::size_t index) { return frame.id + "-f" + std::to_string(index); }

// The <defs> for the patterned swatches of a chart.
std::string defs(const chart_frame& frame, const std::vector<swatch>& looks) {
    std::string out;
    for (std::size_t i = 0; i < looks.size(); ++i) {
        const auto& look = looks[i];
        const auto colour = escape(look.colour);
        if (look.pattern == fill_pattern::hatched) {
            out += "<pattern id=\"" + pattern_id(frame, i) +
                   "\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" patternTransform=\"rotate(45)\">"
                   "<rect width=\"7\" height=\"7\" fill=\"" +
                   colour + "\"/><rect width=\"2.5\" height=\"7\" fill=\"#ffffff\" fill-opacity=\"0.8\"/></pattern>";
        } else if (look.pattern == fill_pattern::dotted) {
            out +=
                "<pattern id=\"" + pattern_id(frame, i) +
                "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"" +
                colour + "\"/><circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"#ffffff\"/></pattern>";
        }
    }
    return out.empty() ? out : "<defs>" + out + "</defs>";
}

// Fill (and edge) attributes of the swatch `index` of a chart.
std::string paint(const chart_frame& frame, std::size_t index, const swatch& look) {
    const auto colour = escape(look.colour);
    switch (look.pattern) {
        case fill_pattern::solid:
            return "fill=\"" + colour + "\"";
        case fill_pattern::light:
            return "fill=\"" + colour + "\" fill-opacity=\"0.25\" stroke=\"" + colour + "\" stroke-width=\"1.2\"";
        case fill_pattern::hatched:
        case fill_pattern::dotted:
            return "fill=\"url(#" + pattern_id(frame, index) + ")\" stroke=\"" + colour + "\" stroke-width=\"1\"";
    }
    return "fill=\"" + colour + "\"";
}

std::string open_svg(const chart_frame& frame, double height) {
    return "<svg class=\"chart-svg\" viewBox=\"0 0 " + n(frame.width) + " " + n(height) +
           "\" role=\"img\" aria-labelledby=\"" + escape(frame.id) + "-title\" font-size=\"" + n(font_size) +
           "\" fill=\"" + std::string{text_colour} + "\"><title id=\"" + escape(frame.id) + "-title\">" +
           escape(frame.title) + "</title>";
}

std::string text(double x, double y, std::string_view content, std::string_view anchor = "start",
                 std::string_view extra = {}) {
    std::string out = "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\"";
    if (anchor != "start") out += " text-anchor=\"" + std::string{anchor} + "\"";
    if (!extra.empty()) out += " " + std::string{extra};
    return out + ">" + escape(content) + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, std::string_view colour, double width = 1) {
    return "<line x1=\"" + n(x1) + "\" y1=\"" + n(y1) + "\" x2=\"" + n(x2) + "\" y2=\"" + n(y2) + "\" stroke=\"" +
           std::string{colour} + "\" stroke-width=\"" + n(width) + "\"/>";
}

std::string rotated_label(double x, double y, std::string_view content) {
    return "<text transform=\"translate(" + n(x) + " " + n(y) + ") rotate(-90)\" text-anchor=\"middle\" fill=\"" +
           std::string{muted_colour} + "\">" + escape(content) + "</text>";
}

// A bar: class "bar", its series and value, then the geometry (tests read these back).
std::string bar_rect(std::size_t series_index, double value, double x, double y, double w, double h,
                     const std::string& paint_attributes, std::string_view tooltip) {
    return "<rect class=\"bar\" data-series=\"" + std::to_string(series_index) + "\" data-value=\"" + n(value) +
           "\" x=\"" + n(x) + "\" y=\"" + n(y) + "\" width=\"" + n(std::max(0.0, w)) + "\" height=\"" +
           n(std::max(0.0, h)) + "\" " + paint_attributes + "><title>" + escape(tooltip) + "</title></rect>";
}

struct legend_entry {
    std::string name;
    std::string paint_attributes;
    bool is_line = false;
    std::string colour;
};

constexpr double legend_height = 26;

// A one-row legend starting at (x, y) (y is the row's top).
std::string legend(const std::vector<legend_entry>& entries, double x, double y) {
    std::string out = "<g class=\"legend\">";
    for (const auto& e : entries) {
        if (e.is_line) {
            out += line(x, y + 7, x + 18, y + 7, e.colour, 2.5);
            out += "<circle cx=\"" + n(x + 9) + "\" cy=\"" + n(y + 7) + "\" r=\"3.5\" fill=\"" + escape(e.colour) +
                   "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>";
            x += 24;
        } else {
            out += "<rect x=\"" + n(x) + "\" y=\"" + n(y + 1) + "\" width=\"12\" height=\"12\" " + e.paint_attributes +
                   "/>";
            x += 18;
        }
        out += text(x, y + 11.5, e.name);
        x += text_width(e.name) + 20;
    }
    return out + "</g>";
}

std::vector<swatch> looks_of(const std::vector<series>& data) {
    std::vector<swatch> looks;
    for (const auto& s : data) looks.push_back(s.look);
    return looks;
}

std::vector<std::string> split_lines(std::string_view label) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= label.size(); ++i) {
        if (i == label.size() || label[i] == '\n') {
            lines.emplace_back(label.substr(start, i - start));
            start = i + 1;
        }
    }
    return lines;
}

std::string one_line(std::string_view label) {
    std::string s{label};
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

double max_of(const std::vector<series>& data, bar_layout layout, std::size_t categories) {
    double top = 0;
    for (std::size_t c = 0; c < categories; ++c) {
        double stack = 0;
        for (const auto& s : data) {
            const double v = c < s.values.size() ? clean(s.values[c]) : 0;
            if (layout == bar_layout::stacked) {
                stack += v;
            } else {
                stack = std::max(stack, v);
            }
        }
        top = std::max(top, stack);
    }
    return top;
}

double value_at(const series& s, std::size_t c) { return c < s.values.size() ? clean(s.values[c]) : 0; }

// Category labels under vertical slots, thinned out so they never overlap.
std::string category_labels(const std::vector<std::string>& categories, double left, double slot, double baseline) {
    double widest = 0;
    for (const auto& c : categories)
        for (const auto& l : split_lines(c)) widest = std::max(widest, text_width(l));
    const auto every =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 8) / std::max(slot, 1.0))));
    std::string out;
    for (std::size_t i = 0; i < categories.size(); i += every) {
        const double cx = left + slot * (static_cast<double>(i) + 0.5);
        const auto lines = split_lines(categories[i]);
        for (std::size_t l = 0; l < lines.size(); ++l) {
            out += text(cx, baseline + 15 * static_cast<double>(l), lines[l], "middle",
                        l == 0 ? "" : "fill=\"" + std::string{muted_colour} + "\"");
        }
    }
    return out;
}

// The category (x) axis under a chart: its line, the category labels, and the axis titles.
std::string category_axis(const chart_frame& frame, const std::vector<std::string>& categories, double left,
                          double right, double slot, double top, double bottom) {
    std::string out = line(left, bottom, right, bottom, axis_colour);
    out += category_labels(categories, left, slot, bottom + 17);
    if (!frame.x_label.empty())
        out += text((left + right) / 2, frame.height - 6, frame.x_label, "middle",
                    "fill=\"" + std::string{muted_colour} + "\"");
    if (!frame.y_label.empty()) out += rotated_label(16, (top + bottom) / 2, frame.y_label);
    return out;
}

std::size_t label_lines(const std::vector<std::string>& categories) {
    std::size_t lines = 1;
    for (const auto& c : categories) lines = std::max(lines, split_lines(c).size());
    return lines;
}

// Horizontal grid lines and left tick labels of a vertical value axis.
std::string value_axis_left(const axis_scale& scale, double left, double right, double top, double bottom) {
    std::string out;
    for (const double t : ticks(scale)) {
        const double y = bottom - fraction(scale, t) * (bottom - top);
        out += line(left, y, right, y, grid_colour);
        out += text(left - 8, y + 4, tick_text(scale, t), "end", "fill=\"" + std::string{muted_colour} + "\"");
    }
    return out;
}

// A polyline through the defined points, broken at missing ones, with a marker on each point.
std::string broken_line(const std::vector<std::optional<double>>& values, const axis_scale& scale, double left,
                        double slot, double top, double bottom, const swatch& look, std::string_view name,
                        const std::vector<std::string>& categories,
                        const std::function<std::string(double)>& value_format, bool label_points) {
    std::string segments;
    std::string markers;
    std::string current;
    const auto flush = [&] {
        if (!current.empty())
            segments += "<polyline class=\"line\" points=\"" + current + "\" fill=\"none\" stroke=\"" +
                        escape(look.colour) + "\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>";
        current.clear();
    };
    const auto format = value_format ? value_format : [](double v) { return format_number(v, 1); };
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!values[i] || !std::isfinite(*values[i])) {
            flush();
            continue;
        }
        const double x = left + slot * (static_cast<double>(i) + 0.5);
        const double y = bottom - fraction(scale, *values[i]) * (bottom - top);
        if (!current.empty()) current += ' ';
        current += n(x) + "," + n(y);
        const std::string category = i < categories.size() ? one_line(categories[i]) : std::string{};
        markers += "<circle class=\"point\" data-value=\"" + n(*values[i]) + "\" cx=\"" + n(x) + "\" cy=\"" + n(y) +
                   "\" r=\"4\" fill=\"" + escape(look.colour) + "\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>" +
                   escape(category + " \xC2\xB7 " + std::string{name} + ": " + format(*values[i])) +
                   "</title></circle>";
        if (label_points) markers += text(x, y - 9, format(*values[i]), "middle", halo);
    }
    flush();
    return segments + markers;
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string format_number(double value, int decimals) {
    if (!std::isfinite(value)) return "\xE2\x80\x93";  // en dash
    decimals = std::clamp(decimals, 0, 6);
    std::array<char, 64> buffer{};
    const auto [end, ec] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
    std::string s(buffer.data(), ec == std::errc{} ? end : buffer.data());
    const bool negative = !s.empty() && s.front() == '-';
    if (negative) s.erase(0, 1);
    const auto point = s.find('.');
    std::string whole = s.substr(0, point);
    const std::string rest = point == std::string::npos ? std::string{} : s.substr(point);
    for (auto i = static_cast<std::ptrdiff_t>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), ",");
    const bool zero = s.find_first_not_of("0.") == std::string::npos;
    return (negative && !zero ? "-" : "") + whole + rest;
}

std::string format_percent(double ratio) { return format_number(ratio * 100, 1) + "%"; }

swatch palette(std::size_t index) {
    // Colour-blind-safe hues, each dark enough for 3:1 on white, and a different fill each.
    static const std::array<swatch, 6> looks{{
        {"#2563a8", fill_pattern::solid},    // blue
        {"#c2561a", fill_pattern::hatched},  // orange
        {"#1d7f5a", fill_pattern::solid},    // green
        {"#b3261e", fill_pattern::dotted},   // red
        {"#6d4fb3", fill_pattern::solid},    // purple
        {"#5f6b7a", fill_pattern::hatched},  // grey
    }};
    return looks[index % looks.size()];
}

axis_scale nice_scale(double max_value, bool whole_numbers) {
    axis_scale scale;
    if (!std::isfinite(max_value) || max_value <= 0) return scale;  // 0..1, one step
    const double raw = max_value / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normal = raw / magnitude;
    double step = normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 && !whole_numbers ? 2.5 : normal <= 5 ? 5 : 10;
    step *= magnitude;
    if (whole_numbers) step = std::max(1.0, std::round(step));
    scale.step = step;
    scale.max = std::ceil(max_value / step - 1e-9) * step;
    if (!whole_numbers) {
        const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
        scale.format = [decimals](double v) { return format_number(v, decimals); };
    }
    return scale;
}

std::string vertical_bars(const chart_frame& frame, const std::vector<std::string>& categories,
                          const std::vector<series>& data, bar_layout layout, std::optional<axis_scale> scale,
                          const std::optional<line_overlay>& overlay) {
    const std::size_t count = categories.size();
    const axis_scale y = scale ? *scale : nice_scale(max_of(data, layout, count));
    const bool has_legend = data.size() + (overlay ? 1 : 0) > 1;

    const double left = 64;
    const double right = frame.width - (overlay ? 64 : 20);
    const double top = 14 + (has_legend ? legend_height : 0);
    const double bottom =
        frame.height - 26 - 15 * static_cast<double>(label_lines(categories)) - (frame.x_label.empty() ? 0 : 6);
    const double slot = (right - left) / static_cast<double>(std::max<std::size_t>(count, 1));
    const double group = std::min(slot * 0.72, 72.0);
    const double plot_height = bottom - top;

    auto looks = looks_of(data);
    if (overlay) looks.push_back(overlay->look);
    std::string out = open_svg(frame, frame.height) + defs(frame, looks);
    out += value_axis_left(y, left, right, top, bottom);

    if (has_legend) {
        std::vector<legend_entry> entries;
        for (std::size_t s = 0; s < data.size(); ++s)
            entries.push_back({data[s].name, paint(frame, s, data[s].look), false, {}});
        if (overlay) entries.push_back({overlay->name, {}, true, overlay->look.colour});
        out += legend(entries, left, 6);
    }

    const bool single = data.size() == 1;
    std::string labels;  // drawn last, over the bars and the line
    for (std::size_t c = 0; c < count; ++c) {
        const double slot_left = left + slot * static_cast<double>(c);
        const double x0 = slot_left + (slot - group) / 2;
        double stack = 0;
        double stack_top = bottom;
        for (std::size_t s = 0; s < data.size(); ++s) {
            const double v = value_at(data[s], c);
            const double h = fraction(y, v) * plot_height;
            const std::string tip = one_line(categories[c]) + " \xC2\xB7 " + data[s].name + ": " + format_number(v);
            if (layout == bar_layout::stacked) {
                const double h_total = fraction(y, stack + v) * plot_height;
                out += bar_rect(s, v, x0, bottom - h_total, group, h_total - fraction(y, stack) * plot_height,
                                paint(frame, s, data[s].look), tip);
                stack += v;
                stack_top = bottom - h_total;
            } else {
                const double w = group / static_cast<double>(data.size());
                out += bar_rect(s, v, x0 + w * static_cast<double>(s), bottom - h, w, h, paint(frame, s, data[s].look),
                                tip);
                if (!single && w >= text_width(format_number(v)) + 2)
                    labels +=
                        text(x0 + w * (static_cast<double>(s) + 0.5), bottom - h - 5, format_number(v), "middle", halo);
                stack_top = std::min(stack_top, bottom - h);
                stack = std::max(stack, v);
            }
        }
        // The value (or the stack's total) above the bar, when the slot has room for it.
        if ((single || layout == bar_layout::stacked) && !data.empty() && slot >= text_width(format_number(stack)) + 4)
            labels += text(slot_left + slot / 2, stack_top - 5, format_number(stack), "middle", halo);
    }

    // Axes on top of the bars.
    out += category_axis(frame, categories, left, right, slot, top, bottom);

    if (overlay) {
        for (const double t : ticks(overlay->scale)) {
            const double ty = bottom - fraction(overlay->scale, t) * plot_height;
            out += line(right, ty, right + 4, ty, axis_colour);
            out += text(right + 8, ty + 4, tick_text(overlay->scale, t), "start",
                        "fill=\"" + std::string{muted_colour} + "\"");
        }
        out += line(right, top, right, bottom, axis_colour);
        if (!overlay->axis_label.empty())
            out += "<text transform=\"translate(" + n(frame.width - 10) + " " + n((top + bottom) / 2) +
                   ") rotate(90)\" text-anchor=\"middle\" fill=\"" + std::string{muted_colour} + "\">" +
                   escape(overlay->axis_label) + "</text>";
        out += broken_line(overlay->values, overlay->scale, left, slot, top, bottom, overlay->look, overlay->name,
                           categories, overlay->scale.format, false);
    }
    return out + labels + "</svg>";
}

std::string histogram(const chart_frame& frame, const std::vector<bin>& bins, const axis_scale& x_scale,
                      const swatch& look) {
    double top_count = 0;
    for (const auto& b : bins) top_count = std::max(top_count, clean(b.count));
    const axis_scale y = nice_scale(top_count);

    const double left = 64;
    const double right = frame.width - 20;
    const double top = 14;
    const double bottom = frame.height - 26 - 15 - (frame.x_label.empty() ? 0 : 6);
    const auto x_of = [&](double v) { return left + fraction(x_scale, v) * (right - left); };

    std::string out = open_svg(frame, frame.height) + defs(frame, {look});
    out += value_axis_left(y, left, right, top, bottom);
    for (const auto& b : bins) {
        const double x1 = x_of(b.from);
        const double x2 = x_of(b.to);
        const double h = fraction(y, clean(b.count)) * (bottom - top);
        const std::string range = format_number(b.from) + "\xE2\x80\x93" + format_number(b.to);
        out += bar_rect(0, clean(b.count), x1 + 1, bottom - h, x2 - x1 - 2, h, paint(frame, 0, look),
                        range + ": " + format_number(clean(b.count)));
        if (clean(b.count) > 0 && x2 - x1 >= text_width(format_number(b.count)) + 2)
            out += text((x1 + x2) / 2, bottom - h - 5, format_number(b.count), "middle", halo);
    }
    out += line(left, bottom, right, bottom, axis_colour);
    for (const double t : ticks(x_scale)) {
        out += line(x_of(t), bottom, x_of(t), bottom + 4, axis_colour);
        out += text(x_of(t), bottom + 17, tick_text(x_scale, t), "middle");
    }
    if (!frame.x_label.empty())
        out += text((left + right) / 2, frame.height - 6, frame.x_label, "middle",
                    "fill=\"" + std::string{muted_colour} + "\"");
    if (!frame.y_label.empty()) out += rotated_label(16, (top + bottom) / 2, frame.y_label);
    return out + "</svg>";
}

std::string horizontal_bars(const chart_frame& frame, const std::vector<std::string>& categories,
                            const std::vector<series>& data, const horizontal_options& options) {
    const std::size_t count = categories.size();
    const bar_layout layout = options.layout;
    const auto& row_notes = options.row_notes;
    const axis_scale x = options.scale ? *options.scale : nice_scale(max_of(data, layout, count));
    const std::function<std::string(double)> format =
        options.value_format ? options.value_format : [](double v) { return format_number(v); };
    const auto end_label = [&](std::size_t row, std::size_t series_index, double v) {
        if (series_index == 0 && row < options.value_labels.size() && !options.value_labels[row].empty())
            return options.value_labels[row];
        return format(v);
    };
    const bool grouped = layout == bar_layout::grouped && data.size() > 1;
    const bool has_legend = data.size() > 1;

    double widest_label = 0;
    for (const auto& c : categories) widest_label = std::max(widest_label, text_width(c));
    const double label_room = std::min(widest_label, frame.width * 0.42);
    double widest_note = 0;
    for (const auto& note : row_notes) widest_note = std::max(widest_note, text_width(note));
    double widest_value = text_width(format(x.max));
    for (const auto& s : data)
        for (const double v : s.values) widest_value = std::max(widest_value, text_width(format(clean(v))));
    for (const auto& label : options.value_labels) widest_value = std::max(widest_value, text_width(label));

    const double left = label_room + 18;
    const double right = frame.width - (widest_note > 0 ? widest_note + 24 : 0) - widest_value - 14;
    const double bar_height = grouped ? 13 : 18;
    const double row_height = grouped ? bar_height * static_cast<double>(data.size()) + 12 : 28;
    const double top = 10 + (has_legend ? legend_height : 0);
    const double bottom = top + row_height * static_cast<double>(count);
    const double height = bottom + 24 + (frame.x_label.empty() ? 0 : 18);
    const auto x_of = [&](double v) { return left + fraction(x, v) * (right - left); };

    std::string out = open_svg(frame, height) + defs(frame, looks_of(data));
    if (has_legend) {
        std::vector<legend_entry> entries;
        for (std::size_t s = 0; s < data.size(); ++s)
            entries.push_back({data[s].name, paint(frame, s, data[s].look), false, {}});
        out += legend(entries, left, 4);
    }
    for (const double t : ticks(x)) {
        out += line(x_of(t), top, x_of(t), bottom, grid_colour);
        out += text(x_of(t), bottom + 16, tick_text(x, t), "middle", "fill=\"" + std::string{muted_colour} + "\"");
    }

    for (std::size_t c = 0; c < count; ++c) {
        const double row_top = top + row_height * static_cast<double>(c);
        const double bars_top =
            row_top + (row_height - (grouped ? bar_height * static_cast<double>(data.size()) : bar_height)) / 2;
        const double centre = row_top + row_height / 2;
        const std::string label = fit(categories[c], label_room);
        out += "<text x=\"" + n(left - 10) + "\" y=\"" + n(centre + 4) + "\" text-anchor=\"end\">" + escape(label) +
               (label != categories[c] ? "<title>" + escape(categories[c]) + "</title>" : std::string{}) + "</text>";
        double stack = 0;
        for (std::size_t s = 0; s < data.size(); ++s) {
            const double v = value_at(data[s], c);
            const std::string tip = categories[c] + " \xC2\xB7 " + data[s].name + ": " + format(v);
            if (grouped) {
                const double y = bars_top + bar_height * static_cast<double>(s);
                out += bar_rect(s, v, left, y + 1, x_of(v) - left, bar_height - 2, paint(frame, s, data[s].look), tip);
                out += text(x_of(v) + 5, y + bar_height / 2 + 4, end_label(c, s, v), "start",
                            s == 0 ? "" : "fill=\"" + std::string{muted_colour} + "\"");
            } else {
                out += bar_rect(s, v, x_of(stack), bars_top, x_of(stack + v) - x_of(stack), bar_height,
                                paint(frame, s, data[s].look), tip);
                stack += v;
            }
        }
        if (!grouped && !data.empty())
            out += text(x_of(stack) + 6, centre + 4, data.size() == 1 ? end_label(c, 0, stack) : format(stack), "start",
                        "font-weight=\"600\"");
        if (c < row_notes.size() && !row_notes[c].empty())
            out += text(frame.width - 6, centre + 4, row_notes[c], "end", "font-weight=\"600\"");
    }
    out += line(left, top, left, bottom, axis_colour);
    if (!frame.x_label.empty())
        out +=
            text((left + right) / 2, height - 6, frame.x_label, "middle", "fill=\"" + std::string{muted_colour} + "\"");
    return out + "</svg>";
}

std::string line_chart(const chart_frame& frame, const std::vector<std::string>& categories, const std::string& name,
                       const std::vector<std::optional<double>>& values, const axis_scale& scale, const swatch& look,
                       const std::function<std::string(double)>& value_format) {
    const std::size_t count = categories.size();
    const double left = 64;
    const double right = frame.width - 20;
    const double top = 22;
    const double bottom =
        frame.height - 26 - 15 * static_cast<double>(label_lines(categories)) - (frame.x_label.empty() ? 0 : 6);
    const double slot = (right - left) / static_cast<double>(std::max<std::size_t>(count, 1));

    std::string out = open_svg(frame, frame.height);
    out += value_axis_left(scale, left, right, top, bottom);
    out += category_axis(frame, categories, left, right, slot, top, bottom);
    const auto format = value_format ? value_format : [](double v) { return format_number(v, 1); };
    out += broken_line(values, scale, left, slot, top, bottom, look, name, categories, format,
                       slot >= text_width(format(scale.max)) + 6);
    return out + "</svg>";
}

std::string parts_bar(const chart_frame& frame, const std::vector<part>& parts) {
    double total = 0;
    for (const auto& p : parts) total += clean(p.value);
    const double left = 8;
    const double right = frame.width - 8;
    const double bar_top = 10;
    const double bar_height = 40;
    const double legend_top = bar_top + bar_height + 18;
    const double height = legend_top + 26;

    std::vector<swatch> looks;
    for (const auto& p : parts) looks.push_back(p.look);
    std::string out = open_svg(frame, height) + defs(frame, looks);
    if (total <= 0) {
        out += "<rect x=\"" + n(left) + "\" y=\"" + n(bar_top) + "\" width=\"" + n(right - left) + "\" height=\"" +
               n(bar_height) + "\" fill=\"none\" stroke=\"" + std::string{grid_colour} + "\"/>";
    }
    double x = left;
    std::vector<legend_entry> entries;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const double v = clean(parts[i].value);
        const double share = total > 0 ? v / total : 0;
        const double w = share * (right - left);
        const std::string numbers = format_number(v) + " (" + format_percent(share) + ")";
        out +=
            bar_rect(i, v, x, bar_top, w, bar_height, paint(frame, i, parts[i].look), parts[i].name + ": " + numbers);
        // Numbers on a white chip, so they read on any fill.
        const std::string label = format_number(v);
        if (v > 0 && w >= text_width(label) + 14) {
            const double chip = text_width(label) + 10;
            out += "<rect x=\"" + n(x + w / 2 - chip / 2) + "\" y=\"" + n(bar_top + bar_height / 2 - 10) +
                   "\" width=\"" + n(chip) + "\" height=\"20\" rx=\"4\" fill=\"#ffffff\"/>";
            out += text(x + w / 2, bar_top + bar_height / 2 + 4, label, "middle", "font-weight=\"600\"");
        }
        x += w;
        entries.push_back({parts[i].name + " " + numbers, paint(frame, i, parts[i].look), false, {}});
    }
    out += legend(entries, left, legend_top);
    return out + "</svg>";
}

}  // namespace mentorkit::detail::svg
