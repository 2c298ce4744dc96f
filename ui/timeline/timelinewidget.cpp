// SPDX-License-Identifier: Apache-2.0
#include "timeline/timelinewidget.h"

#include "replay/calloutpainter.h"
#include "replay/replaycallouts.h"
#include "util/timestamp.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace {
const QColor ProcessColor(52, 101, 164);
const QColor NetworkColor(230, 126, 34);
const QColor OtherColor(150, 150, 150);
const QColor AlertColor(204, 0, 0);
const QColor HighlightColor(255, 196, 0);

// A tick step on a human scale for a span of `ns` across about `ticks` ticks.
std::int64_t niceStep(std::int64_t ns, int ticks) {
    static const std::int64_t steps[] = {1'000'000, 2'000'000, 5'000'000, 10'000'000, 20'000'000, 50'000'000,
        100'000'000, 200'000'000, 500'000'000, 1'000'000'000LL, 2'000'000'000LL, 5'000'000'000LL, 10'000'000'000LL,
        15'000'000'000LL, 30'000'000'000LL, 60'000'000'000LL, 120'000'000'000LL, 300'000'000'000LL, 600'000'000'000LL,
        900'000'000'000LL, 1'800'000'000'000LL, 3'600'000'000'000LL, 7'200'000'000'000LL, 21'600'000'000'000LL,
        43'200'000'000'000LL, 86'400'000'000'000LL};
    for (std::int64_t s : steps)
        if (ns / s <= ticks) return s;
    return 86'400'000'000'000LL * ((ns / 86'400'000'000'000LL) / ticks + 1);
}
} // namespace

TimelineWidget::TimelineWidget(QWidget* parent)
    : QWidget(parent)
    , m_scroll(new QScrollBar(Qt::Vertical, this))
    , m_callouts(new ReplayCallouts(this)) {
    connect(m_callouts, &ReplayCallouts::changed, this, qOverload<>(&QWidget::update));
    m_scroll->setToolTip(tr("Scroll through the lanes (Shift+wheel, Page Up/Down)"));
    connect(m_scroll, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumHeight(120);
    setToolTip(tr("Wheel: zoom · drag: zoom to range · Shift+drag: pan · click: select event\n"
                  "+/-: zoom · arrows: pan · Backspace: back · 0: show all"));
}

void TimelineWidget::setData(
    std::shared_ptr<const wb::EventStore> store, std::shared_ptr<const wb::timeline::LaneSet> lanes) {
    m_store = std::move(store);
    m_lanes = std::move(lanes);
    m_alerts.clear();
    m_highlighted.clear();
    m_selectedAlert = -1;
    m_history.clear();
    m_scroll->setValue(0);
    updateScrollBar();
    resetView();
}

void TimelineWidget::setAlerts(const wb::eql::QueryResult& result, std::optional<std::int64_t> maxspanMillis) {
    m_alerts.clear();
    for (const wb::eql::Match& m : result.matches) {
        std::vector<wb::EventIndex> events;
        for (const auto& e : m.events)
            if (e) events.push_back(*e);
        m_alerts.push_back(std::move(events));
    }
    if (result.kind == wb::eql::Query::Kind::Event)
        for (wb::EventIndex e : result.events)
            m_alerts.push_back({e});
    m_maxspanMillis = maxspanMillis;
    if (m_selectedAlert >= int(m_alerts.size())) m_selectedAlert = -1;
    update();
}

void TimelineWidget::setHighlighted(const std::vector<wb::EventIndex>& events) {
    m_highlighted = events;
    update();
}

void TimelineWidget::setSelectedLane(int lane) {
    m_selectedLane = lane;
    update();
}

void TimelineWidget::setSelectedAlert(int alert) {
    m_selectedAlert = alert;
    if (m_lanes && alert >= 0 && alert < int(m_alerts.size()) && !m_alerts[std::size_t(alert)].empty())
        ensureLaneVisible(m_lanes->laneOf(m_alerts[std::size_t(alert)].front()));
    update();
}

void TimelineWidget::setCutoff(std::optional<std::int64_t> ns) {
    m_cutoff = ns;
    update();
}

int TimelineWidget::laneCount() const {
    return m_lanes ? int(m_lanes->lanes().size()) : 0;
}

int TimelineWidget::laneHeight() const {
    const int lanes = std::max(1, laneCount());
    return std::clamp((height() - AxisHeight - 4) / lanes, 22, 64);
}

int TimelineWidget::visibleLanes() const {
    return std::max(1, (height() - AxisHeight) / laneHeight());
}

int TimelineWidget::laneTop(int lane) const {
    return AxisHeight + (lane - m_scroll->value()) * laneHeight();
}

void TimelineWidget::updateScrollBar() {
    const int hidden = std::max(0, laneCount() - visibleLanes());
    m_scroll->setRange(0, hidden);
    m_scroll->setPageStep(visibleLanes());
    m_scroll->setVisible(hidden > 0);
    m_scroll->setGeometry(
        width() - m_scroll->sizeHint().width(), AxisHeight, m_scroll->sizeHint().width(), height() - AxisHeight);
}

void TimelineWidget::ensureLaneVisible(int lane) {
    if (lane < m_scroll->value())
        m_scroll->setValue(lane);
    else if (lane >= m_scroll->value() + visibleLanes())
        m_scroll->setValue(lane - visibleLanes() + 1);
}

void TimelineWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateScrollBar();
}

double TimelineWidget::xOf(std::int64_t ns) const {
    const double w = std::max(1, width() - LabelWidth - 8 - (m_scroll->isVisible() ? m_scroll->width() : 0));
    return LabelWidth + double(ns - m_from) * w / double(std::max<std::int64_t>(1, m_to - m_from));
}

std::int64_t TimelineWidget::timeAt(double x) const {
    const double w = std::max(1, width() - LabelWidth - 8 - (m_scroll->isVisible() ? m_scroll->width() : 0));
    return m_from + std::int64_t((x - LabelWidth) * double(m_to - m_from) / w);
}

QPointF TimelineWidget::pointOf(wb::EventIndex e) const {
    const int lane = m_lanes->laneOf(e);
    const double y = laneTop(std::max(lane, 0)) + laneHeight() / 2.0;
    return {xOf(m_store->timestampNs(e)), y};
}

void TimelineWidget::setViewRange(std::int64_t fromNs, std::int64_t toNs, bool remember) {
    if (toNs - fromNs < 1'000'000) { // never closer than 1 ms across the view
        const std::int64_t mid = fromNs / 2 + toNs / 2;
        fromNs = mid - 500'000;
        toNs = mid + 500'000;
    }
    if (fromNs == m_from && toNs == m_to) return;
    if (remember) m_history.emplace_back(m_from, m_to);
    if (m_history.size() > 100) m_history.erase(m_history.begin());
    m_from = fromNs;
    m_to = toNs;
    update();
    emit viewRangeChanged(m_from, m_to);
}

void TimelineWidget::zoomBy(double factor, std::int64_t around) {
    const double span = double(m_to - m_from) * factor;
    const double left = double(around - m_from) / double(std::max<std::int64_t>(1, m_to - m_from));
    const std::int64_t from = around - std::int64_t(span * left);
    setViewRange(from, from + std::int64_t(span));
}

void TimelineWidget::back() {
    if (m_history.empty()) return;
    const auto [from, to] = m_history.back();
    m_history.pop_back();
    setViewRange(from, to, false);
}

void TimelineWidget::resetView() {
    if (!m_lanes || m_lanes->lanes().empty()) {
        setViewRange(0, 1'000'000'000, false);
        return;
    }
    const std::int64_t span = std::max<std::int64_t>(m_lanes->lastNs() - m_lanes->firstNs(), 1'000'000'000);
    setViewRange(m_lanes->firstNs() - span / 50, m_lanes->lastNs() + span / 50);
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!m_lanes || !m_store || m_lanes->lanes().empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        QString text = m_emptyText;
        if (text.isEmpty())
            text = m_store ? tr("No events for this rule's keys")
                           : tr("Open a capture (File → Open Captures…, Ctrl+O, or drop files here)\n"
                                "to see one lane per host and user of the rule's join keys");
        p.drawText(rect(), Qt::AlignCenter, text);
        return;
    }
    drawLanes(p);
    drawGoneAlerts(p);
    drawAlerts(p);
    drawNearMisses(p);
    drawAxis(p);
    drawLegend(p);
    drawCallouts(p);
    if (m_cutoff && *m_cutoff >= m_from && *m_cutoff <= m_to) {
        p.setPen(QPen(QColor(0, 150, 0), 2));
        p.drawLine(QPointF(xOf(*m_cutoff), AxisHeight), QPointF(xOf(*m_cutoff), height()));
    }
    if (m_selecting) {
        const QRect band = QRect(m_pressPos, m_dragPos).normalized();
        p.fillRect(QRect(band.left(), AxisHeight, band.width(), height() - AxisHeight), QColor(52, 101, 164, 50));
    }
}

void TimelineWidget::drawCallouts(QPainter& p) {
    const QRectF area(LabelWidth, AxisHeight, width() - LabelWidth, height() - AxisHeight);
    int lift = 0;
    for (const ReplayCallouts::Callout& c : m_callouts->current()) {
        if (c.event >= m_store->size() || m_lanes->laneOf(c.event) < 0) continue;
        if (m_cutoff && m_store->timestampNs(c.event) > *m_cutoff) continue; // stepped back before it
        const QPointF at = pointOf(c.event);
        if (!area.contains(at)) continue; // scrolled or zoomed away
        paintCallout(p, at, c.text, area, lift++);
    }
}

void TimelineWidget::drawAxis(QPainter& p) {
    p.fillRect(QRect(0, 0, width(), AxisHeight), palette().window());
    p.setPen(palette().color(QPalette::WindowText));
    const std::int64_t step = niceStep(m_to - m_from, std::max(2, (width() - LabelWidth) / 130));
    const std::int64_t first = (m_from / step + 1) * step;
    for (std::int64_t t = first; t < m_to; t += step) {
        const double x = xOf(t);
        p.drawLine(QPointF(x, AxisHeight - 6), QPointF(x, AxisHeight));
        std::string label = wb::formatTimestampMillis(t); // 2024-05-14T10:21:07.412Z
        QString text = QString::fromStdString(label);
        if (step >= 1'000'000'000)
            text = text.mid(11, 8); // HH:MM:SS
        else
            text = text.mid(11, 12);
        if (step >= 86'400'000'000'000LL) text = QString::fromStdString(label).left(10);
        p.drawText(QRectF(x - 60, 2, 120, AxisHeight - 8), Qt::AlignCenter, text);
    }
    p.drawText(QRect(6, 2, LabelWidth - 12, AxisHeight - 4), Qt::AlignVCenter | Qt::AlignLeft,
        tr("UTC  %1").arg(QString::fromStdString(wb::formatTimestampMillis(m_from)).left(10)));
    p.drawLine(0, AxisHeight, width(), AxisHeight);
}

void TimelineWidget::drawLanes(QPainter& p) {
    const auto& lanes = m_lanes->lanes();
    const int h = laneHeight();
    const int plotWidth = std::max(1, width() - LabelWidth - 8 - (m_scroll->isVisible() ? m_scroll->width() : 0));
    std::string previousGroup;
    for (std::size_t i = std::size_t(m_scroll->value()); i < lanes.size(); ++i) {
        const int top = laneTop(int(i));
        if (top > height()) break;
        if (i % 2) p.fillRect(QRect(0, top, width(), h), palette().alternateBase());
        if (int(i) == m_selectedLane)
            p.fillRect(QRect(0, top, LabelWidth, h), palette().highlight().color().lighter(170));
        const wb::timeline::Lane& lane = lanes[i];
        // Label: host once per group, then the rest of the key.
        p.setPen(palette().color(QPalette::WindowText));
        auto keyText = [&](std::size_t k) {
            const std::string& value = lane.key[k];
            const std::string& name = k < lane.names.size() ? lane.names[k] : std::string();
            if (value.empty()) return QStringLiteral("—");
            return name.empty() || name == value
                ? QString::fromStdString(value)
                : QStringLiteral("%1 (%2)").arg(QString::fromStdString(name), QString::fromStdString(value));
        };
        QStringList rest;
        for (std::size_t k = 1; k < lane.key.size(); ++k)
            rest << keyText(k);
        const QString host = lane.key.empty() ? QStringLiteral("(all)") : keyText(0);
        const QString label = lane.group != previousGroup || i == 0
            ? host + (rest.isEmpty() ? QString() : QStringLiteral("  ") + rest.join(QStringLiteral(" · ")))
            : QStringLiteral("   └ ") + rest.join(QStringLiteral(" · "));
        if (lane.group != previousGroup && i > 0) p.drawLine(0, top, width(), top);
        previousGroup = lane.group;
        p.drawText(QRect(6, top, LabelWidth - 12, h), Qt::AlignVCenter | Qt::AlignLeft,
            p.fontMetrics().elidedText(label, Qt::ElideMiddle, LabelWidth - 12));
        const std::int64_t drawTo = m_cutoff ? std::clamp(*m_cutoff + 1, m_from, m_to) : m_to;
        const int drawWidth = std::max(0, std::min(plotWidth, int(xOf(drawTo) - LabelWidth)));
        const wb::timeline::LaneBins bins = m_lanes->bin(i, m_from, drawTo, drawWidth);
        // Batched: one drawLines/drawRects call per kind and lane, not one call per pixel.
        QVector<QLineF> ticks;
        QVector<QRectF> dots;
        QVector<QPointF> others;
        for (int x = 0; x < int(bins.counts.size()); ++x) {
            const auto& c = bins.counts[std::size_t(x)];
            const double px = LabelWidth + x + 0.5;
            if (c[0]) { // process: a tick in the upper half, taller when dense
                const double len = std::min(h / 2.0 - 2, 4 + 2 * std::log2(1.0 + c[0]));
                ticks.append(QLineF(px, top + h / 2.0 - len, px, top + h / 2.0));
            }
            if (c[1]) { // network: a dot in the lower half, larger when dense
                const double r = std::min(h / 4.0, 1.5 + std::log2(1.0 + c[1]));
                dots.append(QRectF(px - r, top + h * 0.72 - r, 2 * r, 2 * r));
            }
            if (c[2]) others.append(QPointF(px, top + h - 3));
        }
        p.setPen(ProcessColor);
        p.drawLines(ticks);
        p.setPen(Qt::NoPen);
        p.setBrush(NetworkColor);
        p.drawRects(dots);
        p.setBrush(Qt::NoBrush);
        p.setPen(OtherColor);
        p.drawPoints(others);
    }
    // The selected chain or alert, on top.
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(HighlightColor, 2));
    for (wb::EventIndex e : m_highlighted) {
        if (m_lanes->laneOf(e) < 0) continue;
        const QPointF pt = pointOf(e);
        if (pt.x() < LabelWidth || pt.x() > width()) continue;
        p.drawEllipse(pt, 5, 5);
    }
}

void TimelineWidget::drawAlerts(QPainter& p) {
    p.setRenderHint(QPainter::Antialiasing, true);
    for (std::size_t a = 0; a < m_alerts.size(); ++a) {
        const auto& events = m_alerts[a];
        if (events.empty()) continue;
        const bool selected = int(a) == m_selectedAlert;
        const std::int64_t first = m_store->timestampNs(events.front());
        const std::int64_t last = m_store->timestampNs(events.back());
        if (last < m_from || first > m_to) continue;
        if (m_cutoff && last > *m_cutoff) continue; // an alert appears when its sequence completes
        const QPointF start = pointOf(events.front());
        if (m_maxspanMillis && (selected || m_alerts.size() < 200)) { // the window the rule allowed
            const double x2 = xOf(first + *m_maxspanMillis * 1'000'000);
            const int lane = m_lanes->laneOf(events.front());
            p.fillRect(QRectF(start.x(), laneTop(lane) + 1, std::max(1.0, x2 - start.x()), laneHeight() - 2),
                QColor(204, 0, 0, selected ? 40 : 18));
        }
        QPen pen(AlertColor, selected ? 3 : 1.5);
        if (a < m_missed.size() && m_missed[a]) pen.setStyle(Qt::DashLine); // Kibana never writes it
        p.setPen(pen);
        for (std::size_t i = 1; i < events.size(); ++i)
            p.drawLine(pointOf(events[i - 1]), pointOf(events[i]));
        p.setBrush(selected ? AlertColor : QColor(Qt::white));
        for (std::size_t i = 0; i < events.size(); ++i)
            p.drawEllipse(pointOf(events[i]), selected ? 5.5 : 4, selected ? 5.5 : 4);
        p.setBrush(Qt::NoBrush);
        if (selected) drawAlertLabels(p, events);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

void TimelineWidget::setMissedAlerts(std::vector<bool> missed) {
    m_missed = std::move(missed);
    update();
}

void TimelineWidget::setGoneAlerts(std::vector<std::vector<wb::EventIndex>> gone) {
    m_gone = std::move(gone);
    update();
}

void TimelineWidget::setNearMisses(std::vector<NearMissMark> misses) {
    m_nearMisses = std::move(misses);
    update();
}

void TimelineWidget::drawNearMisses(QPainter& p) {
    if (m_nearMisses.empty()) return;
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor colour(230, 120, 0);
    auto cross = [&](QPointF at) {
        p.setPen(QPen(AlertColor, 2));
        p.drawLine(at + QPointF(-5, -5), at + QPointF(5, 5));
        p.drawLine(at + QPointF(-5, 5), at + QPointF(5, -5));
    };
    for (const NearMissMark& m : m_nearMisses) {
        if (m.events.empty() && !m.next) continue;
        p.setPen(QPen(colour, 2, Qt::DashLine));
        for (std::size_t i = 1; i < m.events.size(); ++i)
            p.drawLine(pointOf(m.events[i - 1]), pointOf(m.events[i]));
        p.setBrush(QColor(Qt::white));
        for (wb::EventIndex e : m.events)
            p.drawEllipse(pointOf(e), 4.5, 4.5);
        p.setBrush(Qt::NoBrush);
        if (m.next) {
            if (!m.events.empty()) {
                p.setPen(QPen(colour, 1.5, Qt::DotLine));
                p.drawLine(pointOf(m.events.back()), pointOf(*m.next));
            }
            cross(pointOf(*m.next));
        } else if (!m.events.empty()) {
            cross(pointOf(m.events.back()) + QPointF(18, 0)); // the step that never came
        }
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

void TimelineWidget::drawGoneAlerts(QPainter& p) {
    if (m_gone.empty()) return;
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor grey(128, 128, 128);
    for (const auto& events : m_gone) {
        if (events.empty()) continue;
        const std::int64_t first = m_store->timestampNs(events.front()), last = m_store->timestampNs(events.back());
        if (last < m_from || first > m_to || (m_cutoff && last > *m_cutoff)) continue;
        p.setPen(QPen(grey, 1.5, Qt::DashLine));
        for (std::size_t i = 1; i < events.size(); ++i)
            p.drawLine(pointOf(events[i - 1]), pointOf(events[i]));
        p.setBrush(Qt::NoBrush);
        for (wb::EventIndex e : events)
            p.drawRect(QRectF(pointOf(e) - QPointF(4, 4), QSizeF(8, 8)));
        const QPointF end = pointOf(events.back());
        p.drawText(QPointF(end.x() + 6, end.y() - 4), tr("gone"));
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

// The selected alert's events named on the lanes (process, and where a connection went), each
// label only where it fits beside the previous one: when zoomed in enough, all of them.
void TimelineWidget::drawAlertLabels(QPainter& p, const std::vector<wb::EventIndex>& events) {
    const wb::FieldTable& fields = m_store->fields();
    auto text = [&](wb::EventIndex e, const char* path) {
        return QString::fromStdString(m_store->firstText(e, fields.find(path)));
    };
    // Two rows of labels, above and below the marks, so that close stages are both named.
    double freeFrom[2] = {-1e9, -1e9};
    int rowLane[2] = {-1, -1};
    const int textHeight = p.fontMetrics().height();
    for (wb::EventIndex e : events) {
        QString label = text(e, "process.name");
        QString destination = text(e, "destination.domain");
        if (destination.isEmpty()) destination = text(e, "destination.ip");
        if (!destination.isEmpty()) label += QStringLiteral(" → ") + destination;
        if (label.isEmpty()) continue;
        const QPointF pt = pointOf(e);
        const int lane = m_lanes->laneOf(e);
        const int width = p.fontMetrics().horizontalAdvance(label) + 8;
        if (pt.x() < LabelWidth || pt.x() + width > this->width()) continue;
        int row = 0;
        while (row < 2 && rowLane[row] == lane && pt.x() < freeFrom[row])
            ++row;
        if (row == 2) continue; // no room: zoom in to see it
        const double y = row == 0 ? pt.y() - textHeight - 6 : pt.y() + 6;
        const QRectF box(pt.x() + 4, y, width, textHeight + 2);
        p.setPen(Qt::NoPen);
        p.setBrush(palette().color(QPalette::ToolTipBase));
        p.drawRoundedRect(box, 3, 3);
        p.setPen(palette().color(QPalette::ToolTipText));
        p.drawText(box, Qt::AlignCenter, label);
        p.setBrush(Qt::NoBrush);
        freeFrom[row] = box.right() + 4;
        rowLane[row] = lane;
    }
}

// What the marks mean.
void TimelineWidget::drawLegend(QPainter& p) {
    const QFontMetrics fm = p.fontMetrics();
    struct Item {
        int kind;
        QString text;
    };
    std::vector<Item> items = {{0, tr("process")}, {1, tr("network")}, {2, tr("other")}, {3, tr("sequence")},
        {4, tr("maxspan window")}, {5, tr("selected chain")}};
    if (std::find(m_missed.begin(), m_missed.end(), true) != m_missed.end())
        items.push_back({6, tr("never written by the schedule")});
    if (!m_gone.empty()) items.push_back({7, tr("gone (compared rule only)")});
    if (!m_nearMisses.empty()) items.push_back({8, tr("near miss (✗ where it stopped)")});
    int width = 0;
    for (const Item& i : items)
        width += 18 + fm.horizontalAdvance(i.text) + 10;
    // Bottom right of the lanes, over whatever is there: it is small and always in the same place.
    int x = this->width() - width - (m_scroll->isVisible() ? m_scroll->width() : 0) - 4;
    if (x < 4 || height() < AxisHeight + 3 * AxisHeight) return; // may reach under the labels: it is small
    const int top = height() - AxisHeight;
    const int y = top + AxisHeight / 2;
    QColor back = palette().color(QPalette::Window);
    back.setAlpha(225);
    p.fillRect(QRect(x - 6, top + 1, width + 8, AxisHeight - 2), back);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const Item& i : items) {
        switch (i.kind) {
        case 0:
            p.setPen(QPen(ProcessColor, 1));
            p.drawLine(x + 6, y - 5, x + 6, y + 4);
            break;
        case 1:
            p.setPen(Qt::NoPen);
            p.setBrush(NetworkColor);
            p.drawEllipse(QPointF(x + 6, y), 3.5, 3.5);
            break;
        case 2:
            p.setPen(QPen(OtherColor, 2));
            p.drawPoint(x + 6, y);
            break;
        case 3:
            p.setPen(QPen(AlertColor, 1.5));
            p.drawLine(x, y + 3, x + 12, y - 3);
            break;
        case 4:
            p.fillRect(QRect(x, y - 5, 13, 10), QColor(204, 0, 0, 40));
            break;
        case 5:
            p.setPen(QPen(HighlightColor, 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QPointF(x + 6, y), 4, 4);
            break;
        case 6:
            p.setPen(QPen(AlertColor, 1.5, Qt::DashLine));
            p.drawLine(x, y, x + 13, y);
            break;
        case 7:
            p.setPen(QPen(QColor(128, 128, 128), 1.5, Qt::DashLine));
            p.drawLine(x, y, x + 13, y);
            break;
        case 8:
            p.setPen(QPen(QColor(230, 120, 0), 2, Qt::DashLine));
            p.drawLine(x, y, x + 13, y);
            break;
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(x + 16, top, fm.horizontalAdvance(i.text) + 4, AxisHeight), Qt::AlignVCenter, i.text);
        x += 18 + fm.horizontalAdvance(i.text) + 10;
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

void TimelineWidget::setEmptyText(const QString& text) {
    m_emptyText = text;
    update();
}

QString TimelineWidget::eventToolTip(wb::EventIndex e) const {
    if (!m_store) return {};
    const wb::FieldTable& fields = m_store->fields();
    auto text = [&](const char* path) {
        return QString::fromStdString(m_store->firstText(e, fields.find(path))).toHtmlEscaped();
    };
    QStringList lines;
    lines
        << QStringLiteral("<b>%1</b>").arg(QString::fromStdString(wb::formatTimestampMillis(m_store->timestampNs(e))));
    QString what = text("event.category");
    if (!text("event.action").isEmpty())
        what += QStringLiteral(" · ") + text("event.action");
    else if (!text("event.type").isEmpty())
        what += QStringLiteral(" · ") + text("event.type");
    lines << what;
    auto add = [&](const QString& label, const QString& value) {
        if (!value.isEmpty()) lines << QStringLiteral("%1: %2").arg(label, value);
    };
    QString process = text("process.name");
    if (!text("process.pid").isEmpty()) process += QStringLiteral(" (%1)").arg(text("process.pid"));
    add(tr("process"), process);
    QStringList args;
    for (const std::string& a : m_store->textValues(e, fields.find("process.args")))
        args << QString::fromStdString(a).toHtmlEscaped();
    const QString argsText = args.isEmpty() ? text("process.command_line") : args.join(QLatin1Char(' '));
    add(tr("args"), argsText.size() > 160 ? argsText.left(160) + QStringLiteral("…") : argsText);
    add(tr("parent"), text("process.parent.name"));
    QString destination = text("destination.domain");
    if (destination.isEmpty()) destination = text("destination.ip");
    if (!destination.isEmpty() && !text("destination.port").isEmpty())
        destination += QLatin1Char(':') + text("destination.port");
    add(tr("destination"), destination);
    add(tr("file"), text("file.path"));
    return lines.join(QStringLiteral("<br>"));
}

bool TimelineWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        if (const auto e = eventNear(help->pos()))
            QToolTip::showText(help->globalPos(), eventToolTip(*e), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

std::optional<wb::EventIndex> TimelineWidget::eventNear(const QPoint& pos) const {
    if (!m_lanes || pos.x() < LabelWidth || pos.y() < AxisHeight) return std::nullopt;
    const int lane = (pos.y() - AxisHeight) / laneHeight() + m_scroll->value();
    if (lane < 0 || lane >= laneCount()) return std::nullopt;
    const wb::timeline::Lane& l = m_lanes->lanes()[std::size_t(lane)];
    const std::int64_t t = timeAt(pos.x());
    const std::int64_t slack = timeAt(pos.x() + 5) - t;
    auto it = std::lower_bound(l.times.begin(), l.times.end(), t - slack);
    std::optional<wb::EventIndex> best;
    std::int64_t bestDistance = slack + 1;
    for (; it != l.times.end() && *it <= t + slack; ++it) {
        const std::int64_t d = std::llabs(*it - t);
        if (d < bestDistance) {
            bestDistance = d;
            best = l.events[std::size_t(it - l.times.begin())];
        }
    }
    return best;
}

void TimelineWidget::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) return;
    if (event->modifiers() & Qt::ShiftModifier) {
        m_scroll->setValue(m_scroll->value() - int(steps * 3));
        event->accept();
        return;
    }
    zoomBy(std::pow(0.8, steps), timeAt(event->position().x()));
    event->accept();
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
    m_pressPos = m_dragPos = event->pos();
    if (event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && event->modifiers() & Qt::ShiftModifier)) {
        m_panning = true;
        m_panFrom = m_from;
        m_panTo = m_to;
    } else if (event->button() == Qt::LeftButton) {
        m_selecting = true;
    }
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        const std::int64_t shift = timeAt(m_pressPos.x()) - timeAt(event->pos().x());
        m_from = m_panFrom + shift;
        m_to = m_panTo + shift;
        update();
        emit viewRangeChanged(m_from, m_to);
    } else if (m_selecting) {
        m_dragPos = event->pos();
        update();
    }
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning) {
        m_panning = false;
        m_history.emplace_back(m_panFrom, m_panTo);
        return;
    }
    if (!m_selecting) return;
    m_selecting = false;
    if (std::abs(event->pos().x() - m_pressPos.x()) > 4) {
        const int a = std::max(LabelWidth, std::min(m_pressPos.x(), event->pos().x()));
        const int b = std::max(m_pressPos.x(), event->pos().x());
        setViewRange(timeAt(a), timeAt(b));
    } else if (auto e = eventNear(event->pos())) {
        emit eventClicked(*e);
    } else if (m_lanes && event->pos().x() < LabelWidth && event->pos().y() >= AxisHeight) {
        const int lane = (event->pos().y() - AxisHeight) / laneHeight() + m_scroll->value();
        if (lane >= 0 && lane < laneCount()) emit laneClicked(lane); // its label: the lane itself
    }
    update();
}

void TimelineWidget::keyPressEvent(QKeyEvent* event) {
    const std::int64_t span = m_to - m_from;
    const std::int64_t mid = m_from + span / 2;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(0.5, mid);
        break;
    case Qt::Key_Minus:
        zoomBy(2.0, mid);
        break;
    case Qt::Key_Left:
        setViewRange(m_from - span / 4, m_to - span / 4);
        break;
    case Qt::Key_Right:
        setViewRange(m_from + span / 4, m_to + span / 4);
        break;
    case Qt::Key_PageUp:
        m_scroll->setValue(m_scroll->value() - visibleLanes());
        break;
    case Qt::Key_PageDown:
        m_scroll->setValue(m_scroll->value() + visibleLanes());
        break;
    case Qt::Key_Backspace:
        back();
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetView();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}
