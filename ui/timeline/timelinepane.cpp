// SPDX-License-Identifier: Apache-2.0
#include "timeline/timelinepane.h"

#include "replay/replaycallouts.h"
#include "timeline/histogramview.h"
#include "timeline/laneset.h"
#include "timeline/timelinewidget.h"
#include "workspace/workspace.h"

#include <QSignalBlocker>

TimelinePane::TimelinePane(Workspace* workspace, QWidget* parent)
    : QSplitter(Qt::Vertical, parent)
    , m_workspace(workspace)
    , m_histogram(new HistogramView)
    , m_lanes(new TimelineWidget) {
    addWidget(m_histogram);
    addWidget(m_lanes);
    setStretchFactor(0, 1);
    setStretchFactor(1, 3);
    setChildrenCollapsible(false);

    connect(m_lanes, &TimelineWidget::viewRangeChanged, m_workspace, &Workspace::setViewRange);
    connect(m_lanes, &TimelineWidget::eventClicked, m_workspace, &Workspace::selectEvent);
    connect(m_lanes, &TimelineWidget::laneClicked, this, [this](int lane) {
        if (const auto& lanes = m_workspace->views().lanes; lanes && lane < int(lanes->lanes().size()))
            m_workspace->selectLane(lanes->lanes()[std::size_t(lane)].key);
    });
    connect(m_histogram, &HistogramView::rangeSelected, m_workspace, &Workspace::setViewRange);
    connect(m_histogram, &HistogramView::resetRequested, m_lanes, &TimelineWidget::resetView);

    connect(m_workspace, &Workspace::captureChanged, this, [this] {
        const QSignalBlocker quiet(m_lanes); // no range of its own until the lanes are built
        m_lanes->setData(m_workspace->store(), nullptr);
        m_lanes->setEmptyText(tr("Loading the lanes…"));
    });
    connect(m_workspace, &Workspace::loadingStarted, this, [this] {
        if (!m_workspace->store()) m_lanes->setEmptyText(tr("Loading…"));
    });
    connect(m_workspace, &Workspace::loadingCancelled, this, [this] {
        if (!m_workspace->store()) m_lanes->setEmptyText(QString());
    });
    connect(m_workspace, &Workspace::viewsChanged, this, &TimelinePane::showViews);
    connect(m_workspace, &Workspace::resultChanged, this, &TimelinePane::showResult);
    connect(m_workspace, &Workspace::selectionChanged, this, [this] {
        const Workspace::Selection& selection = m_workspace->selection();
        m_lanes->setSelectedAlert(selection.alert);
        m_lanes->setHighlighted(selection.chainEvents);
        int lane = -1;
        if (const auto& lanes = m_workspace->views().lanes; lanes && !selection.laneKey.empty())
            for (std::size_t i = 0; i < lanes->lanes().size() && lane < 0; ++i)
                if (lanes->lanes()[i].key == selection.laneKey) lane = int(i);
        m_lanes->setSelectedLane(lane);
    });
    connect(m_workspace, &Workspace::viewRangeChanged, this, [this](std::int64_t from, std::int64_t to) {
        m_lanes->setViewRange(from, to);
        m_histogram->setVisibleRange(m_lanes->viewFrom(), m_lanes->viewTo());
    });
    connect(m_workspace, &Workspace::scheduleChanged, this, &TimelinePane::showSchedule);
    connect(m_workspace, &Workspace::comparisonChanged, this,
        [this] { m_lanes->setGoneAlerts(m_workspace->goneAlerts()); });
    connect(m_workspace, &Workspace::whyChanged, this, &TimelinePane::showNearMisses);
    auto cutoff = [this] { m_lanes->setCutoff(m_workspace->replayCutoff()); };
    connect(m_workspace, &Workspace::replayTimeChanged, this, cutoff);
    connect(m_workspace, &Workspace::replayModeChanged, this, cutoff);
    m_lanes->callouts()->follow(m_workspace);
}

void TimelinePane::showViews() {
    const auto& lanes = m_workspace->views().lanes;
    // Rebuilt lanes (new join keys) keep the range shown; a new capture shows all of it, unless
    // a session restored a range.
    const bool keepRange = m_workspace->viewTo() > m_workspace->viewFrom();
    const std::int64_t from = m_workspace->viewFrom(), to = m_workspace->viewTo();
    {
        const QSignalBlocker quiet(m_lanes); // the range is decided below
        m_lanes->setData(m_workspace->store(), lanes);
    }
    m_lanes->setEmptyText(lanes && lanes->lanes().empty() ? tr("No events for this rule's keys") : QString());
    if (keepRange && to > from) {
        const QSignalBlocker quiet(m_lanes);
        m_lanes->setViewRange(from, to, false);
    } else {
        m_workspace->setViewRange(m_lanes->viewFrom(), m_lanes->viewTo());
    }
    m_histogram->setData(m_workspace->store(), lanes);
    m_histogram->setVisibleRange(m_lanes->viewFrom(), m_lanes->viewTo());
    showResult();
    const Workspace::Selection& selection = m_workspace->selection();
    m_lanes->setSelectedAlert(selection.alert);
    m_lanes->setHighlighted(selection.chainEvents);
    m_lanes->setCutoff(m_workspace->replayCutoff());
}

void TimelinePane::showResult() {
    if (!m_workspace->views().lanes) return;
    m_lanes->setAlerts(m_workspace->visibleResult(), m_workspace->maxspanMillis());
    std::vector<std::int64_t> starts;
    for (int a = 0; a < m_workspace->alertCount(); ++a) {
        const auto events = m_workspace->alertEvents(a);
        if (!events.empty()) starts.push_back(m_workspace->store()->timestampNs(events.front()));
    }
    m_histogram->setAlertTimes(starts);
    showSchedule();
    m_lanes->setGoneAlerts(m_workspace->goneAlerts());
}

void TimelinePane::showNearMisses() {
    std::vector<TimelineWidget::NearMissMark> marks;
    if (const auto& why = m_workspace->why())
        for (const auto& miss : why->nearMisses) {
            TimelineWidget::NearMissMark mark;
            for (const auto& e : miss.stages)
                if (e) mark.events.push_back(*e);
            mark.next = miss.candidate;
            if (!mark.next && !miss.closest.empty() && mark.events.empty()) mark.next = miss.closest.front().event;
            marks.push_back(std::move(mark));
        }
    m_lanes->setNearMisses(std::move(marks));
}

void TimelinePane::showSchedule() {
    std::vector<std::int64_t> runs;
    std::vector<bool> missed;
    if (const auto& schedule = m_workspace->schedule()) {
        for (const auto& run : schedule->result.runs)
            runs.push_back(run.startNs);
        for (int a = 0; a < m_workspace->alertCount(); ++a) {
            const auto fate = m_workspace->alertFate(a);
            missed.push_back(fate && !fate->written);
        }
    }
    m_histogram->setRunTimes(std::move(runs));
    m_lanes->setMissedAlerts(std::move(missed));
}
