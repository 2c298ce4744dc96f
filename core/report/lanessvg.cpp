// SPDX-License-Identifier: Apache-2.0
#include "lanessvg.h"

#include "timeline/eventkind.h"
#include "timeline/laneset.h"
#include "util/timestamp.h"
#include "util/xmlescape.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace wb::report {

namespace {
constexpr int LabelWidth = 190, PlotWidth = 640, LaneHeight = 30, Margin = 8, HeaderHeight = 20, AxisHeight = 34;
constexpr std::size_t MaxLanes = 8;
constexpr std::int64_t Second = 1'000'000'000;
const char* const AlertColour = "#c0392b";
const std::array<const char*, timeline::EventKindCount> KindColours = {"#3b6fb6", "#e08a1e", "#9aa0a6"};

struct WindowLane {
    std::vector<std::string> key;
    std::string label;
    std::vector<EventIndex> events;
    std::vector<std::size_t> stages; // the alert's stages on it, in stage order
    bool holdsStage() const { return !stages.empty(); }
};

// A tick step that gives about six labelled ticks over `span` ns: 1, 2 or 5 times a power of ten
// (milliseconds to hours), then minutes and hours.
std::int64_t tickStep(std::int64_t span) {
    static const std::int64_t steps[]
        = {1'000'000, 2'000'000, 5'000'000, 10'000'000, 20'000'000, 50'000'000, 100'000'000, 200'000'000, 500'000'000,
            Second, 2 * Second, 5 * Second, 10 * Second, 30 * Second, 60 * Second, 120 * Second, 300 * Second,
            600 * Second, 1800 * Second, 3600 * Second, 7200 * Second, 21600 * Second, 43200 * Second, 86400 * Second};
    for (std::int64_t s : steps)
        if (span / s <= 7) return s;
    return 86400 * Second * (span / (86400 * Second * 6) + 1);
}

std::string offsetText(std::int64_t ns, std::int64_t step) {
    const char* sign = ns < 0 ? "\u2212" : (ns > 0 ? "+" : "");
    const std::int64_t a = std::abs(ns);
    if (step < Second) return sign + std::to_string(a / 1'000'000) + " ms";
    if (step < 60 * Second) return sign + std::to_string(a / Second) + " s";
    if (step < 3600 * Second) return sign + std::to_string(a / (60 * Second)) + " min";
    return sign + std::to_string(a / (3600 * Second)) + " h";
}

std::string num(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v);
    return buffer;
}
} // namespace

SvgPicture alertLanesSvg(
    const EventStore& store, const std::vector<EventIndex>& stages, std::vector<std::string> keyFields) {
    if (keyFields.empty()) keyFields = {"host.name"};
    std::vector<std::int64_t> stageTimes;
    for (EventIndex e : stages)
        if (store.timestampNs(e) != NoTimestamp) stageTimes.push_back(store.timestampNs(e));
    if (stageTimes.empty()) return {};
    const auto [firstIt, lastIt] = std::minmax_element(stageTimes.begin(), stageTimes.end());
    const std::int64_t first = *firstIt, last = *lastIt;
    const std::int64_t pad = std::max((last - first) / 5, Second);
    const std::int64_t from = first - pad, to = last + pad;

    std::vector<FieldId> ids, nameIds, pidIds;
    for (const std::string& f : keyFields) {
        ids.push_back(store.fields().find(f));
        const std::string name = timeline::laneNameField(f);
        nameIds.push_back(name.empty() ? FieldTable::npos : store.fields().find(name));
        // Two bash processes are two lanes: a process's pid tells them apart.
        const std::string_view entity = ".entity_id";
        pidIds.push_back(f.size() > entity.size() && f.ends_with(entity)
                ? store.fields().find(f.substr(0, f.size() - entity.size()) + ".pid")
                : FieldTable::npos);
    }
    std::map<std::vector<std::string>, std::size_t> laneOf;
    std::vector<WindowLane> lanes;
    std::vector<std::string> key(ids.size());
    for (EventIndex e = 0; e < store.size(); ++e) {
        const std::int64_t t = store.timestampNs(e);
        if (t == NoTimestamp || t < from || t > to) continue;
        for (std::size_t i = 0; i < ids.size(); ++i)
            key[i] = ids[i] == FieldTable::npos ? std::string() : store.firstText(e, ids[i]);
        auto [it, inserted] = laneOf.try_emplace(key, lanes.size());
        if (inserted) {
            WindowLane lane;
            lane.key = key;
            for (std::size_t i = 0; i < key.size(); ++i) {
                std::string name = nameIds[i] == FieldTable::npos ? std::string() : store.firstText(e, nameIds[i]);
                if (name.empty()) name = key[i].empty() ? "(no " + keyFields[i] + ")" : key[i];
                if (pidIds[i] != FieldTable::npos && !key[i].empty())
                    if (const std::string pid = store.firstText(e, pidIds[i]); !pid.empty()) name += " (" + pid + ")";
                lane.label += (i ? " · " : "") + name;
            }
            lanes.push_back(std::move(lane));
        }
        lanes[it->second].events.push_back(e);
        for (std::size_t s = 0; s < stages.size(); ++s)
            if (stages[s] == e) lanes[it->second].stages.push_back(s);
    }
    for (auto& lane : lanes)
        std::sort(lane.stages.begin(), lane.stages.end());
    // The alert's lanes in stage order, then the busiest others; ties by key, so the picture is
    // the same every time.
    std::sort(lanes.begin(), lanes.end(), [](const WindowLane& a, const WindowLane& b) {
        if (a.holdsStage() != b.holdsStage()) return a.holdsStage();
        if (a.holdsStage()) return a.stages.front() < b.stages.front();
        if (a.events.size() != b.events.size()) return a.events.size() > b.events.size();
        return a.key < b.key;
    });
    std::size_t hiddenLanes = 0, hiddenEvents = 0;
    if (lanes.size() > MaxLanes) {
        for (std::size_t i = MaxLanes; i < lanes.size(); ++i) {
            ++hiddenLanes;
            hiddenEvents += lanes[i].events.size();
        }
        lanes.resize(MaxLanes);
    }

    const int plotLeft = Margin + LabelWidth, lanesTop = Margin + HeaderHeight;
    const int lanesHeight = int(lanes.size()) * LaneHeight;
    const int width = plotLeft + PlotWidth + Margin;
    const int height = lanesTop + lanesHeight + AxisHeight + (hiddenLanes ? 16 : 0) + Margin;
    auto xOf = [&](std::int64_t t) { return plotLeft + double(t - from) / double(to - from) * PlotWidth; };

    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lanes\" width=\"" + std::to_string(width)
        + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " "
        + std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
    svg += "<text x=\"" + std::to_string(Margin) + "\" y=\"" + std::to_string(Margin + 11) + "\" fill=\"#555\">"
        + escapeXml(formatTimestamp(from) + " .. " + formatTimestamp(to) + " (UTC)") + "</text>\n";
    // Legend, right-aligned in the header.
    const char* kindNames[] = {"process", "network", "other"};
    int legendX = plotLeft + PlotWidth - 3 * 72;
    for (std::size_t k = 0; k < timeline::EventKindCount; ++k, legendX += 72)
        svg += "<rect x=\"" + std::to_string(legendX) + "\" y=\"" + std::to_string(Margin + 2) + "\" width=\"10\" "
            + "height=\"10\" fill=\"" + KindColours[k] + "\"/><text x=\"" + std::to_string(legendX + 14) + "\" y=\""
            + std::to_string(Margin + 11) + "\" fill=\"#555\">" + kindNames[k] + "</text>";
    svg += "\n";

    const timeline::EventKindClassifier kindOf(store);
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        const WindowLane& lane = lanes[l];
        const int y = lanesTop + int(l) * LaneHeight;
        svg += "<rect x=\"" + std::to_string(plotLeft) + "\" y=\"" + std::to_string(y + 2) + "\" width=\""
            + std::to_string(PlotWidth) + "\" height=\"" + std::to_string(LaneHeight - 4) + "\" fill=\""
            + (lane.holdsStage() ? "#fbeeee" : "#f5f6f8") + "\"/>";
        const std::string label = fitText(lane.label, 30);
        svg += "<text x=\"" + std::to_string(Margin) + "\" y=\"" + std::to_string(y + 14) + "\""
            + (lane.holdsStage() ? " font-weight=\"bold\"" : "") + ">" + escapeXml(label) + "</text>";
        svg += "<text x=\"" + std::to_string(Margin) + "\" y=\"" + std::to_string(y + 26) + "\" fill=\"#777\" "
            + "font-size=\"9\">" + std::to_string(lane.events.size()) + (lane.events.size() == 1 ? " event" : " events")
            + "</text>\n";
        // One tick per pixel column and kind: a window of a million events stays a small picture.
        std::map<std::pair<int, int>, std::size_t> bins;
        for (EventIndex e : lane.events)
            ++bins[{int(xOf(store.timestampNs(e))), int(kindOf(e))}];
        for (const auto& [at, count] : bins) {
            const double h = std::min(LaneHeight - 6.0, 8.0 + 3.0 * std::log2(double(count)));
            svg += "<rect x=\"" + std::to_string(at.first) + "\" y=\"" + num(y + LaneHeight / 2.0 - h / 2)
                + "\" width=\"1.6\" height=\"" + num(h) + "\" fill=\"" + KindColours[std::size_t(at.second)] + "\"/>";
        }
        svg += "\n";
    }
    // Stages: a line across the lanes, and the number on the stage's lane.
    for (EventIndex stage : stages) {
        if (store.timestampNs(stage) == NoTimestamp) continue;
        const std::string x = num(xOf(store.timestampNs(stage)));
        svg += "<line x1=\"" + x + "\" y1=\"" + std::to_string(lanesTop) + "\" x2=\"" + x + "\" y2=\""
            + std::to_string(lanesTop + lanesHeight) + "\" stroke=\"" + AlertColour
            + "\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"/>\n";
    }
    for (std::size_t l = 0; l < lanes.size(); ++l)
        for (std::size_t s : lanes[l].stages) {
            const std::string x = num(xOf(store.timestampNs(stages[s])));
            const int cy = lanesTop + int(l) * LaneHeight + LaneHeight / 2;
            svg += "<circle cx=\"" + x + "\" cy=\"" + std::to_string(cy) + "\" r=\"8\" fill=\"" + AlertColour
                + "\"/><text x=\"" + x + "\" y=\"" + std::to_string(cy + 4)
                + "\" fill=\"#fff\" text-anchor=\"middle\" font-weight=\"bold\">" + std::to_string(s + 1) + "</text>\n";
        }
    // The axis, from the first stage.
    const int axisY = lanesTop + lanesHeight + 4;
    svg += "<line x1=\"" + std::to_string(plotLeft) + "\" y1=\"" + std::to_string(axisY) + "\" x2=\""
        + std::to_string(plotLeft + PlotWidth) + "\" y2=\"" + std::to_string(axisY) + "\" stroke=\"#888\"/>";
    const std::int64_t step = tickStep(to - from);
    const std::int64_t firstTick = first - ((first - from) / step) * step;
    for (std::int64_t t = firstTick; t <= to; t += step) {
        const std::string x = num(xOf(t));
        svg += "<line x1=\"" + x + "\" y1=\"" + std::to_string(axisY) + "\" x2=\"" + x + "\" y2=\""
            + std::to_string(axisY + 5) + "\" stroke=\"#888\"/><text x=\"" + x + "\" y=\"" + std::to_string(axisY + 17)
            + "\" fill=\"#555\" text-anchor=\"middle\">"
            + (t == first ? std::string("stage 1") : offsetText(t - first, step)) + "</text>";
    }
    svg += "\n";
    if (hiddenLanes)
        svg += "<text x=\"" + std::to_string(Margin) + "\" y=\"" + std::to_string(axisY + 34) + "\" fill=\"#777\">+"
            + std::to_string(hiddenLanes) + " more lanes (" + std::to_string(hiddenEvents) + " events)</text>\n";
    return {svg + "</svg>", width, height};
}

} // namespace wb::report
