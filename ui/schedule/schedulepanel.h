// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;
class Workspace;

// What Kibana's schedule would really write for the rule (kibana-executor.md): switched on
// here, with the rule's interval, lookback and max_signals as tuning controls (every change
// simulates again in the background). Lists the runs that wrote alerts or reported something
// (a capped request, a gap) and every match no run writes, with why. Clicking a run shows its
// windows on the lanes; clicking a missed match selects its alert.
class SchedulePanel : public QWidget {
    Q_OBJECT
public:
    explicit SchedulePanel(Workspace* workspace, QWidget* parent = nullptr);

    QString summaryText() const;
    QTreeWidget* list() const { return m_list; }

private:
    void showSettings();
    void showSchedule();
    void settingsEdited();
    void itemActivated(QTreeWidgetItem* item);

    Workspace* m_workspace;
    QCheckBox* m_enabled;
    QSpinBox* m_interval;
    QSpinBox* m_lookback;
    QSpinBox* m_maxSignals;
    QLabel* m_summary;
    QTreeWidget* m_list;
};
