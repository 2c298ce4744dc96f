// SPDX-License-Identifier: Apache-2.0
#include "graphsvg.h"

#include "util/xmlescape.h"

#include <algorithm>

namespace wb::report {

namespace {
constexpr int BoxWidth = 190, BoxHeight = 44, ColumnGap = 56, RowGap = 14, Margin = 10;
const char* const AlertColour = "#c0392b";

int left(const graph::GraphNode& n) {
    return Margin + n.column * (BoxWidth + ColumnGap);
}
int top(const graph::GraphNode& n) {
    return Margin + n.row * (BoxHeight + RowGap);
}
std::string fill(graph::GraphNode::Kind kind) {
    switch (kind) {
    case graph::GraphNode::Kind::Process:
        return "#eef3fb";
    case graph::GraphNode::Kind::Network:
        return "#fdf0e3";
    case graph::GraphNode::Kind::Dns:
        return "#eef8ee";
    case graph::GraphNode::Kind::More:
        return "#f2f2f2";
    }
    return "#ffffff";
}
} // namespace

SvgPicture attackGraphSvg(const graph::AttackGraph& graph) {
    int width = 2 * Margin, height = 2 * Margin;
    for (const auto& n : graph.nodes) {
        width = std::max(width, left(n) + BoxWidth + Margin);
        height = std::max(height, top(n) + BoxHeight + Margin);
    }
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"" + std::to_string(width)
        + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " "
        + std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
    for (const auto& e : graph.edges) {
        const auto& from = graph.nodes[std::size_t(e.from)];
        const auto& to = graph.nodes[std::size_t(e.to)];
        const int x1 = left(from) + BoxWidth, y1 = top(from) + BoxHeight / 2;
        const int x2 = left(to), y2 = top(to) + BoxHeight / 2, mid = x1 + ColumnGap / 2;
        const bool alert = from.onAlertPath && to.onAlertPath;
        svg += "<path d=\"M" + std::to_string(x1) + " " + std::to_string(y1) + " H" + std::to_string(mid) + " V"
            + std::to_string(y2) + " H" + std::to_string(x2) + "\" fill=\"none\" stroke=\""
            + (alert ? AlertColour : "#787878") + "\" stroke-width=\"" + (alert ? "2" : "1.2") + "\""
            + (e.inferred ? " stroke-dasharray=\"5 3\"" : "") + "/>\n";
    }
    for (const auto& n : graph.nodes) {
        const int x = left(n), y = top(n);
        svg += "<g><title>" + escapeXml(n.title + " " + n.detail) + "</title>";
        svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\""
            + std::to_string(BoxWidth) + "\" height=\"" + std::to_string(BoxHeight) + "\" rx=\"4\" fill=\""
            + fill(n.kind) + "\" stroke=\"" + (n.stage ? AlertColour : "#6e788c") + "\" stroke-width=\""
            + (n.stage ? "2.5" : "1") + "\"" + (n.inferred ? " stroke-dasharray=\"5 3\"" : "") + "/>";
        int textX = x + 8;
        if (n.stage) {
            svg += "<circle cx=\"" + std::to_string(x + 14) + "\" cy=\"" + std::to_string(y + 14) + "\" r=\"9\" fill=\""
                + AlertColour + "\"/><text x=\"" + std::to_string(x + 14) + "\" y=\"" + std::to_string(y + 18)
                + "\" fill=\"#fff\" text-anchor=\"middle\" font-weight=\"bold\">" + std::to_string(n.stage) + "</text>";
            textX = x + 28;
        }
        svg += "<text x=\"" + std::to_string(textX) + "\" y=\"" + std::to_string(y + 18) + "\" font-weight=\"bold\">"
            + escapeXml(fitText(n.title, n.stage ? 24 : 27)) + "</text>";
        std::string detail = n.detail;
        if (!n.signature.empty()) detail += " · " + n.signature;
        if (n.fileEvents) detail += " · " + std::to_string(n.fileEvents) + " file events";
        svg += "<text x=\"" + std::to_string(x + 8) + "\" y=\"" + std::to_string(y + 34) + "\" fill=\"#555\">"
            + escapeXml(fitText(detail, 34)) + "</text></g>\n";
    }
    return {svg + "</svg>", width, height};
}

} // namespace wb::report
