// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/queryresult.h"
#include "store/eventstore.h"
#include "timeline/laneset.h"

#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

// One lane per join-key value of the rule (host.id, user.id for the seed rule), grouped by host,
// on a UTC time axis. Process events are ticks, network events dots; matched sequences are drawn
// linked stage by stage, with the maxspan window shaded from their first event. Drawing
// aggregates per pixel, so a repaint costs the same for 1M events as for 1K.
//
// Mouse: wheel zooms around the pointer, drag selects a range to zoom to, Shift+drag or the
// middle button pans, a click selects the nearest event. Keys: + and - zoom, arrows pan,
// Backspace goes back, 0 or Home shows everything. Shift+wheel, Page Up/Down or the scroll bar
// move through the lanes when they do not all fit.
class QScrollBar;

class ReplayCallouts;

class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    void setData(std::shared_ptr<const wb::EventStore> store, std::shared_ptr<const wb::timeline::LaneSet> lanes);
    void setAlerts(const wb::eql::QueryResult& result, std::optional<std::int64_t> maxspanMillis);
    void setHighlighted(const std::vector<wb::EventIndex>& events);
    void setSelectedAlert(int alert);
    void setSelectedLane(int lane); // -1: none; its label is marked
    // Alerts Kibana's schedule never writes (per alert, in setAlerts' order): drawn dashed.
    void setMissedAlerts(std::vector<bool> missed);
    // Alerts another rule has and this one no longer does: drawn grey and dashed, marked "gone".
    void setGoneAlerts(std::vector<std::vector<wb::EventIndex>> gone);
    // Near misses: the stages they reached, drawn as a dashed, unfinished chain, and the event
    // that would have come next (or nothing) marked with a cross where it failed.
    struct NearMissMark {
        std::vector<wb::EventIndex> events;
        std::optional<wb::EventIndex> next;
    };
    void setNearMisses(std::vector<NearMissMark> misses);
    // Replay: only what happened up to `ns` is drawn (alerts once complete), with a "now" line.
    void setCutoff(std::optional<std::int64_t> ns);
    // Replay: what a stage that just happened was, drawn beside it for a few seconds.
    ReplayCallouts* callouts() const { return m_callouts; }

    std::int64_t viewFrom() const { return m_from; }
    std::int64_t viewTo() const { return m_to; }
    void setViewRange(std::int64_t fromNs, std::int64_t toNs, bool remember = true);
    void zoomBy(double factor, std::int64_t aroundNs);
    void back();
    void resetView();
    int laneCount() const;
    // What the empty lane area says (e.g. "Loading…"); empty: the default for the state.
    void setEmptyText(const QString& text);
    // The hover text of an event: time, category, action, process, args, parent, destination.
    QString eventToolTip(wb::EventIndex event) const;

    QSize sizeHint() const override { return {900, 360}; }

signals:
    void viewRangeChanged(std::int64_t fromNs, std::int64_t toNs);
    void eventClicked(wb::EventIndex event);
    void laneClicked(int lane);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    static constexpr int LabelWidth = 230;
    static constexpr int AxisHeight = 26;
    int laneHeight() const;
    int laneTop(int lane) const;
    int visibleLanes() const;
    void updateScrollBar();
    void ensureLaneVisible(int lane);
    double xOf(std::int64_t ns) const;
    std::int64_t timeAt(double x) const;
    QPointF pointOf(wb::EventIndex e) const;
    void drawAxis(QPainter& p);
    void drawLanes(QPainter& p);
    void drawAlerts(QPainter& p);
    void drawGoneAlerts(QPainter& p);
    void drawNearMisses(QPainter& p);
    void drawAlertLabels(QPainter& p, const std::vector<wb::EventIndex>& events);
    void drawLegend(QPainter& p);
    void drawCallouts(QPainter& p);
    std::optional<wb::EventIndex> eventNear(const QPoint& pos) const;

    std::shared_ptr<const wb::EventStore> m_store;
    std::shared_ptr<const wb::timeline::LaneSet> m_lanes;
    std::vector<std::vector<wb::EventIndex>> m_alerts; // stage events per alert
    std::vector<bool> m_missed; // per alert: the schedule never writes it
    std::vector<std::vector<wb::EventIndex>> m_gone;
    std::vector<NearMissMark> m_nearMisses;
    std::optional<std::int64_t> m_maxspanMillis;
    std::vector<wb::EventIndex> m_highlighted;
    int m_selectedAlert = -1;
    int m_selectedLane = -1;
    std::optional<std::int64_t> m_cutoff;
    std::int64_t m_from = 0, m_to = 1;
    std::vector<std::pair<std::int64_t, std::int64_t>> m_history;
    QPoint m_pressPos;
    QPoint m_dragPos;
    bool m_selecting = false, m_panning = false;
    std::int64_t m_panFrom = 0, m_panTo = 0;
    QScrollBar* m_scroll;
    ReplayCallouts* m_callouts;
    QString m_emptyText;
};
