// SPDX-License-Identifier: Apache-2.0
#include "schedule/schedulepanel.h"

#include "util/timestamp.h"
#include "widgets/counted.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QColor>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Role { RunRole = Qt::UserRole + 1, MissedRole };

QString timeText(std::int64_t ns) {
    return QString::fromStdString(wb::formatTimestampMillis(ns));
}

QSpinBox* secondsBox(int minimum, int maximum, const QString& toolTip) {
    auto* box = new QSpinBox;
    box->setRange(minimum, maximum);
    box->setSingleStep(60);
    box->setSuffix(QObject::tr(" s"));
    box->setToolTip(toolTip);
    return box;
}
} // namespace

SchedulePanel::SchedulePanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_enabled(new QCheckBox(tr("Simulate Kibana's schedule")))
    , m_interval(secondsBox(1, 7 * 86400, tr("The rule's interval: a run starts this often")))
    , m_lookback(secondsBox(1, 30 * 86400, tr("The rule's from (now-9m = 540 s): each run searches this far back")))
    , m_maxSignals(new QSpinBox)
    , m_summary(new QLabel)
    , m_list(new QTreeWidget) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_enabled->setToolTip(tr("Run the rule as Kibana's detection engine would, every interval over its lookback "
                             "window with size = max_signals, and show what it writes and what it misses"));
    layout->addWidget(m_enabled);
    auto* settings = new QHBoxLayout;
    auto* form = new QFormLayout;
    form->addRow(tr("Interval"), m_interval);
    form->addRow(tr("Lookback"), m_lookback);
    auto* form2 = new QFormLayout;
    m_maxSignals->setRange(1, 10000);
    m_maxSignals->setToolTip(tr("max_signals: the size of each request; more results are never seen"));
    form2->addRow(tr("max_signals"), m_maxSignals);
    auto* reset = new QPushButton(tr("Rule's Schedule"));
    reset->setToolTip(tr("Back to the interval, from and max_signals the rule has"));
    form2->addRow(reset);
    settings->addLayout(form);
    settings->addLayout(form2);
    settings->addStretch(1);
    layout->addLayout(settings);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("When (UTC)"), tr("What"), tr("Detail")});
    m_list->setRootIsDecorated(true);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list, 1);

    connect(m_enabled, &QCheckBox::toggled, this, &SchedulePanel::settingsEdited);
    for (QSpinBox* box : {m_interval, m_lookback, m_maxSignals})
        connect(box, &QSpinBox::valueChanged, this, &SchedulePanel::settingsEdited);
    connect(reset, &QPushButton::clicked, this, [this] {
        m_workspace->useRuleSchedule();
        showSettings();
    });
    connect(m_list, &QTreeWidget::itemClicked, this, &SchedulePanel::itemActivated);
    connect(m_list, &QTreeWidget::itemActivated, this, &SchedulePanel::itemActivated);
    connect(m_workspace, &Workspace::scheduleSettingsChanged, this, &SchedulePanel::showSettings);
    connect(m_workspace, &Workspace::scheduleChanged, this, &SchedulePanel::showSchedule);
    connect(m_workspace, &Workspace::runStarted, this, [this] {
        if (m_workspace->scheduleSettings().enabled) m_summary->setText(tr("<i>Simulating…</i>"));
    });
    showSettings();
    showSchedule();
}

QString SchedulePanel::summaryText() const {
    return m_summary->text();
}

void SchedulePanel::showSettings() {
    const Workspace::ScheduleSettings& s = m_workspace->scheduleSettings();
    const QSignalBlocker a(m_enabled), b(m_interval), c(m_lookback), d(m_maxSignals);
    m_enabled->setChecked(s.enabled);
    m_interval->setValue(int(s.intervalMs / 1000));
    m_lookback->setValue(int(s.lookbackMs / 1000));
    m_maxSignals->setValue(int(s.maxSignals));
    for (QWidget* w :
        {static_cast<QWidget*>(m_interval), static_cast<QWidget*>(m_lookback), static_cast<QWidget*>(m_maxSignals)})
        w->setEnabled(s.enabled);
}

void SchedulePanel::settingsEdited() {
    Workspace::ScheduleSettings s = m_workspace->scheduleSettings();
    s.enabled = m_enabled->isChecked();
    s.intervalMs = std::int64_t(m_interval->value()) * 1000;
    s.lookbackMs = std::int64_t(m_lookback->value()) * 1000;
    s.maxSignals = m_maxSignals->value();
    m_workspace->setScheduleSettings(s);
    showSettings();
    if (s.enabled && !m_workspace->schedule()) m_summary->setText(tr("<i>Simulating…</i>"));
}

void SchedulePanel::showSchedule() {
    m_list->clear();
    const auto& schedule = m_workspace->schedule();
    if (!schedule) {
        if (!m_workspace->scheduleSettings().enabled)
            m_summary->setText(tr("<i>Off: the alerts are every match over the whole capture. Switch it on to see "
                                  "what Kibana would write, run by run.</i>"));
        return;
    }
    if (!schedule->error.isEmpty()) {
        m_summary->setText(tr("Not simulated: %1").arg(schedule->error.toHtmlEscaped()));
        return;
    }
    const auto& r = schedule->result;
    QString text = tr("<b>%1 written</b> (%2 building blocks) by %3 · %4 duplicates dropped · <b>%5 never written</b>")
                       .arg(counted(qulonglong(r.shellAndEventAlerts()), tr("alert"), tr("alerts")))
                       .arg(r.buildingBlocks())
                       .arg(counted(qulonglong(r.runs.size()), tr("run"), tr("runs")))
                       .arg(r.duplicatesDropped)
                       .arg(r.missed.size());
    if (r.suppressionActive) text += tr(" · %1 suppressed").arg(r.suppressed);
    if (r.maxSignalsWarnings)
        text += tr(" · <span style='color:#cc0000'>max_signals reached %1</span>")
                    .arg(counted(qulonglong(r.maxSignalsWarnings), tr("time"), tr("times")));
    for (const std::string& note : r.notes)
        text += QStringLiteral("<br>") + QString::fromStdString(note).toHtmlEscaped();
    m_summary->setText(text);

    auto* runs = new QTreeWidgetItem(m_list, {tr("Runs that wrote or reported something")});
    std::vector<std::size_t> alertsOfRun(r.runs.size(), 0);
    for (const auto& a : r.alerts)
        if (a.kind != "building_block") ++alertsOfRun[a.run];
    for (std::size_t i = 0; i < r.runs.size(); ++i) {
        const auto& run = r.runs[i];
        if (run.uneventful()) continue;
        const wb::schedule::SimulatedWindow totals = run.totals();
        const std::size_t written = totals.written, duplicates = totals.duplicates, suppressed = totals.suppressed;
        QString what = tr("run %1: %2").arg(i + 1).arg(counted(qulonglong(alertsOfRun[i]), tr("alert"), tr("alerts")));
        if (written != alertsOfRun[i]) what += tr(" (%1 documents)").arg(written);
        if (duplicates) what += tr(", %1 duplicates").arg(duplicates);
        if (suppressed) what += tr(", %1 suppressed").arg(suppressed);
        if (run.windows.size() > 1) what += tr(", %1 windows").arg(run.windows.size());
        auto* item = new QTreeWidgetItem(runs,
            {timeText(run.startNs), what,
                run.messages.empty()
                    ? tr("window %1 → %2").arg(timeText(run.windows.front().fromNs), timeText(run.windows.back().toNs))
                    : QString::fromStdString(run.messages.front())});
        item->setData(0, RunRole, qulonglong(i));
        item->setToolTip(2, item->text(2));
        if (!run.messages.empty()) item->setForeground(2, QColor(204, 0, 0));
    }
    runs->setText(1, counted(qulonglong(runs->childCount()), tr("run"), tr("runs")));
    auto* missed = new QTreeWidgetItem(m_list, {tr("Matches never written")});
    const wb::EventStore& store = *m_workspace->store();
    for (std::size_t i = 0; i < r.missed.size(); ++i) {
        const auto& m = r.missed[i];
        if (m.events.empty()) continue;
        const double spanS = double(store.timestampNs(m.events.back()) - store.timestampNs(m.events.front())) / 1e9;
        auto* item = new QTreeWidgetItem(missed,
            {timeText(store.timestampNs(m.events.front())), QString::fromStdString(m.reason),
                m.detail.empty() ? tr("span %1 s, lookback %2 s, interval %3 s")
                                       .arg(spanS, 0, 'f', 1)
                                       .arg(m_workspace->scheduleSettings().lookbackMs / 1000)
                                       .arg(m_workspace->scheduleSettings().intervalMs / 1000)
                                 : QString::fromStdString(m.detail)});
        item->setData(0, MissedRole, qulonglong(i));
        item->setForeground(1, QColor(204, 0, 0));
    }
    missed->setText(1, counted(qulonglong(missed->childCount()), tr("match"), tr("matches")));
    m_list->expandAll();
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
}

void SchedulePanel::itemActivated(QTreeWidgetItem* item) {
    const auto& schedule = m_workspace->schedule();
    if (!schedule || !item) return;
    if (const QVariant run = item->data(0, RunRole); run.isValid()) {
        const auto& windows = schedule->result.runs[run.toULongLong()].windows;
        m_workspace->setViewRange(windows.front().fromNs, windows.back().toNs);
        return;
    }
    if (const QVariant missed = item->data(0, MissedRole); missed.isValid()) {
        const auto& events = schedule->result.missed[missed.toULongLong()].events;
        for (int a = 0; a < m_workspace->alertCount(); ++a)
            if (m_workspace->alertEvents(a) == events) {
                m_workspace->zoomToAlert(a);
                return;
            }
    }
}
