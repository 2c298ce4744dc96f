// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "graph/attackgraph.h"

#include <QGraphicsView>
#include <memory>

// The attack graph drawn left to right: processes as boxes (name, pid, user, start time, a
// code-signing badge, a file-event count), their connections and lookups as leaves, parent →
// child edges (dashed to an inferred parent), the alert's stages numbered in the alert colour.
// Wheel zooms, dragging pans, clicking a box emits its events. Exports as PNG and SVG.
class ReplayCallouts;

class AttackGraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit AttackGraphView(QWidget* parent = nullptr);

    void setGraph(std::shared_ptr<const wb::EventStore> store, wb::graph::AttackGraph graph, QString emptyText = {});
    const wb::graph::AttackGraph& graph() const { return m_graph; }
    void fit();
    bool savePng(const QString& path, QString* error = nullptr) const;
    bool saveSvg(const QString& path, QString* error = nullptr) const;
    // Replay: what a stage that just happened was, beside its box for a few seconds (on the
    // screen only, never in an export).
    ReplayCallouts* callouts() const { return m_callouts; }

signals:
    void eventsActivated(const std::vector<wb::EventIndex>& events);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    std::shared_ptr<const wb::EventStore> m_store;
    wb::graph::AttackGraph m_graph;
    bool m_autoFit = true;
    ReplayCallouts* m_callouts;
};
