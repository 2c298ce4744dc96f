// SPDX-License-Identifier: Apache-2.0
#include "timeline/histogramview.h"

#include "util/timestamp.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QMouseEvent>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <algorithm>

// QtCharts draws its own white card; here it takes the window's colours, dark palettes included.
void HistogramView::followPalette() {
    const QPalette p = palette();
    chart()->setBackgroundBrush(p.base());
    chart()->setBackgroundPen(Qt::NoPen);
    chart()->legend()->setLabelColor(p.color(QPalette::Text));
    m_axisY->setLabelsColor(p.color(QPalette::Text));
    QColor grid = p.color(QPalette::Text);
    grid.setAlpha(50);
    m_axisY->setGridLineColor(grid);
    m_axisY->setLinePenColor(grid);
}

void HistogramView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) followPalette();
    QChartView::changeEvent(event);
}

HistogramView::HistogramView(QWidget* parent)
    : QChartView(parent) {
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(4, 2, 4, 2));
    chart->setBackgroundRoundness(0);
    m_series = new QStackedBarSeries;
    m_series->setBarWidth(1.0);
    const char* names[] = {QT_TR_NOOP("process"), QT_TR_NOOP("network"), QT_TR_NOOP("other"), QT_TR_NOOP("alerts")};
    const QColor colors[] = {QColor(52, 101, 164), QColor(230, 126, 34), QColor(170, 170, 170), QColor(204, 0, 0)};
    for (int i = 0; i < 4; ++i) {
        m_sets[i] = new QBarSet(tr(names[i]));
        m_sets[i]->setColor(colors[i]);
        m_sets[i]->setBorderColor(colors[i]);
        m_series->append(m_sets[i]);
    }
    chart->addSeries(m_series);
    auto* axisX = new QBarCategoryAxis;
    axisX->setVisible(false);
    chart->addAxis(axisX, Qt::AlignBottom);
    m_series->attachAxis(axisX);
    m_axisY = new QValueAxis;
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setTickCount(3);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_series->attachAxis(m_axisY);
    QChart* placeholder = this->chart(); // QChartView(QWidget*) made one; setChart() releases it without deleting
    setChart(chart);
    delete placeholder;
    setRenderHint(QPainter::Antialiasing, false);
    followPalette();
    setMinimumHeight(110);
    setToolTip(tr("Events and alerts over the whole capture. Drag to zoom the lanes; double-click to show all."));
}

void HistogramView::setData(
    std::shared_ptr<const wb::EventStore> store, std::shared_ptr<const wb::timeline::LaneSet> lanes) {
    std::vector<double> counts[3];
    for (auto& c : counts)
        c.assign(Buckets, 0);
    if (lanes && store && !lanes->lanes().empty()) {
        m_first = lanes->firstNs();
        m_last = std::max(lanes->lastNs(), m_first + 1);
        for (std::size_t l = 0; l < lanes->lanes().size(); ++l) {
            const wb::timeline::LaneBins bins = lanes->bin(l, m_first, m_last + 1, Buckets);
            for (int b = 0; b < Buckets; ++b)
                for (int k = 0; k < 3; ++k)
                    counts[k][std::size_t(b)] += bins.counts[std::size_t(b)][std::size_t(k)];
        }
    }
    double top = 1;
    for (int k = 0; k < 3; ++k)
        setValues(m_sets[k], QList<qreal>(counts[k].begin(), counts[k].end()));
    for (int b = 0; b < Buckets; ++b)
        top = std::max(top, counts[0][std::size_t(b)] + counts[1][std::size_t(b)] + counts[2][std::size_t(b)]);
    m_axisY->setRange(0, top * 1.1);
    QStringList categories;
    for (int b = 0; b < Buckets; ++b)
        categories << QString::number(b);
    static_cast<QBarCategoryAxis*>(chart()->axes(Qt::Horizontal).first())->setCategories(categories);
    setAlertTimes({});
    m_visibleFrom = m_first;
    m_visibleTo = m_last;
}

void HistogramView::setAlertTimes(const std::vector<std::int64_t>& alertStarts) {
    QList<qreal> values(Buckets, 0);
    for (std::int64_t t : alertStarts) {
        const double position = double(t - m_first) * Buckets / double(std::max<std::int64_t>(1, m_last + 1 - m_first));
        const auto b
            = std::clamp<std::int64_t>(std::int64_t(std::clamp(position, -1.0, double(Buckets))), 0, Buckets - 1);
        values[qsizetype(b)] += 1;
    }
    setValues(m_sets[3], values);
    m_sets[3]->setLabel(tr("alerts (%1)").arg(alertStarts.size()));
}

// Values change in place: the chart keeps its bar items instead of recreating them.
void HistogramView::setValues(QBarSet* set, const QList<qreal>& values) {
    if (set->count() != values.size()) {
        set->remove(0, set->count());
        set->append(values);
        return;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        if (set->at(i) != values[i]) set->replace(i, values[i]);
}

void HistogramView::setVisibleRange(std::int64_t fromNs, std::int64_t toNs) {
    m_visibleFrom = fromNs;
    m_visibleTo = toNs;
    viewport()->update();
}

double HistogramView::xOf(std::int64_t ns) const {
    const QRectF area = chart()->plotArea();
    return area.left() + double(ns - m_first) * area.width() / double(std::max<std::int64_t>(1, m_last + 1 - m_first));
}

std::int64_t HistogramView::timeAt(double x) const {
    const QRectF area = chart()->plotArea();
    return m_first + std::int64_t((x - area.left()) * double(m_last + 1 - m_first) / std::max(1.0, area.width()));
}

void HistogramView::setRunTimes(std::vector<std::int64_t> runStarts) {
    m_runs = std::move(runStarts);
    viewport()->update();
}

void HistogramView::drawForeground(QPainter* painter, const QRectF& rect) {
    QChartView::drawForeground(painter, rect);
    const QRectF area = chart()->plotArea();
    // Shade what the lanes do not show, so the visible part stands out.
    const double a = std::clamp(xOf(m_visibleFrom), area.left(), area.right());
    const double b = std::clamp(xOf(m_visibleTo), area.left(), area.right());
    painter->fillRect(QRectF(area.left(), area.top(), a - area.left(), area.height()), QColor(0, 0, 0, 40));
    painter->fillRect(QRectF(b, area.top(), area.right() - b, area.height()), QColor(0, 0, 0, 40));
    // Kibana's runs: a tick each just above the plot, where no bar reaches.
    painter->setPen(QPen(QColor(32, 74, 135), 2));
    for (std::int64_t run : m_runs) {
        const double x = xOf(run);
        if (x >= area.left() && x <= area.right())
            painter->drawLine(QPointF(x, area.top() - 7), QPointF(x, area.top() - 1));
    }
    if (m_pressX >= 0 && m_dragX >= 0)
        painter->fillRect(QRectF(std::min(m_pressX, m_dragX), area.top(), std::abs(m_dragX - m_pressX), area.height()),
            QColor(52, 101, 164, 60));
}

void HistogramView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    m_pressX = m_dragX = int(event->position().x());
}

void HistogramView::mouseMoveEvent(QMouseEvent* event) {
    if (m_pressX < 0) return;
    m_dragX = int(event->position().x());
    viewport()->update();
}

void HistogramView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_pressX < 0) return;
    const int x = int(event->position().x());
    if (std::abs(x - m_pressX) > 3) emit rangeSelected(timeAt(std::min(x, m_pressX)), timeAt(std::max(x, m_pressX)));
    m_pressX = m_dragX = -1;
    viewport()->update();
}

void HistogramView::mouseDoubleClickEvent(QMouseEvent*) {
    emit resetRequested();
}
