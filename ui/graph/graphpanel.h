// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class AttackGraphView;
class QLabel;
class Workspace;

// The attack graph of what is selected: the alert's processes with their ancestry, descendants
// and connections (its stages numbered), or the selected event's process. In replay the graph
// grows with the clock. Clicking a box selects its events everywhere; the picture exports as
// PNG or SVG.
class GraphPanel : public QWidget {
    Q_OBJECT
public:
    explicit GraphPanel(Workspace* workspace, QWidget* parent = nullptr);

    AttackGraphView* view() const { return m_view; }
    QString headline() const;
    bool exportTo(const QString& path, QString* error = nullptr) const; // .png or .svg

private:
    void rebuild();
    void exportAs(const QString& suffix);

    Workspace* m_workspace;
    QLabel* m_headline;
    AttackGraphView* m_view;
};
