// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"
#include "timeline/laneset.h"

#include <QChartView>
#include <memory>
#include <vector>

class QBarSet;
class QStackedBarSeries;
class QValueAxis;

// Events (process, network, other) and alerts over the whole capture, in a fixed number of
// buckets: the overview above the lanes. The part the lanes show is shaded; dragging across the
// chart selects a range for the lanes, a double click shows everything.
class HistogramView : public QChartView {
    Q_OBJECT
public:
    static constexpr int Buckets = 120;
    explicit HistogramView(QWidget* parent = nullptr);

    void setData(std::shared_ptr<const wb::EventStore> store, std::shared_ptr<const wb::timeline::LaneSet> lanes);
    void setAlertTimes(const std::vector<std::int64_t>& alertStarts);
    void setVisibleRange(std::int64_t fromNs, std::int64_t toNs);
    // The schedule's run starts, drawn as ticks along the top (empty: none).
    void setRunTimes(std::vector<std::int64_t> runStarts);
    QSize sizeHint() const override { return {900, 150}; }

signals:
    void rangeSelected(std::int64_t fromNs, std::int64_t toNs);
    void resetRequested();

protected:
    void changeEvent(QEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void followPalette();
    static void setValues(QBarSet* set, const QList<qreal>& values);
    double xOf(std::int64_t ns) const;
    std::int64_t timeAt(double x) const;

    std::int64_t m_first = 0, m_last = 1;
    std::int64_t m_visibleFrom = 0, m_visibleTo = 0;
    std::vector<std::int64_t> m_runs;
    QStackedBarSeries* m_series = nullptr;
    QBarSet* m_sets[4] = {};
    QValueAxis* m_axisY = nullptr;
    int m_pressX = -1, m_dragX = -1;
};
