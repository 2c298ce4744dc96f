// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSplitter>

class HistogramView;
class TimelineWidget;
class Workspace;

// The time views of the workspace: the overview histogram of the whole capture above the lanes.
// Both follow the workspace's visible range, alerts, selection and replay time; zooming either
// changes the workspace's range, clicking an event selects it.
class TimelinePane : public QSplitter {
    Q_OBJECT
public:
    explicit TimelinePane(Workspace* workspace, QWidget* parent = nullptr);

    TimelineWidget* lanes() const { return m_lanes; }
    HistogramView* histogram() const { return m_histogram; }

private:
    void showViews();
    void showResult();
    void showSchedule(); // run ticks on the histogram, missed alerts dashed on the lanes
    void showNearMisses(); // the Why? panel's near misses as unfinished chains

    Workspace* m_workspace;
    HistogramView* m_histogram;
    TimelineWidget* m_lanes;
};
