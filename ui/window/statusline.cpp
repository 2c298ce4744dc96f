// SPDX-License-Identifier: Apache-2.0
#include "window/statusline.h"

#include "widgets/counted.h"
#include "workspace/workspace.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

StatusLine::StatusLine(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_status(new QLabel)
    , m_run(new QLabel)
    , m_progress(new QProgressBar)
    , m_cancel(new QToolButton) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status, 1);
    layout->addWidget(m_run);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    layout->addWidget(m_progress);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading (Esc)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    layout->addWidget(m_cancel);
    setBusy(false);
    m_status->setText(tr("Open a capture (Ctrl+O), a sample (File → Open Sample), or drop files here"));

    connect(m_cancel, &QToolButton::clicked, m_workspace, &Workspace::cancelLoading);
    connect(m_workspace, &Workspace::loadingStarted, this, [this] { setBusy(true); });
    connect(m_workspace, &Workspace::loadProgress, m_progress, &QProgressBar::setValue);
    connect(m_workspace, &Workspace::loadingCancelled, this, [this] { setBusy(false); });
    connect(m_workspace, &Workspace::captureChanged, this, [this] {
        setBusy(false);
        showCounts();
    });
    connect(m_workspace, &Workspace::message, m_status, &QLabel::setText);
    connect(m_workspace, &Workspace::reportExported, this, [this](const QString& path, const QString& error) {
        m_status->setText(
            error.isEmpty() ? tr("Report written to %1").arg(path) : tr("Report not written: %1").arg(error));
    });
    connect(m_workspace, &Workspace::resultChanged, this, &StatusLine::showCounts);
    connect(m_workspace, &Workspace::runStarted, this, [this] { m_run->setText(tr("running…")); });
    connect(m_workspace, &Workspace::runFinished, this, &StatusLine::showRun);
    connect(m_workspace, &Workspace::ruleErrorChanged, this, [this] {
        if (m_workspace->ruleError().isError())
            m_run->setText(tr("rule not run: %1").arg(m_workspace->ruleError().text()));
    });
}

QString StatusLine::text() const {
    return m_status->text();
}

QString StatusLine::runText() const {
    return m_run->text();
}

void StatusLine::setBusy(bool busy) {
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    if (busy) m_progress->setValue(0);
}

void StatusLine::showCounts() {
    const auto& store = m_workspace->store();
    if (!store) return;
    QString text = tr("%1 · %2 · %3, %4 affected")
                       .arg(counted(store->size(), tr("event"), tr("events")),
                           counted(qulonglong(m_workspace->alertCount()), tr("alert"), tr("alerts")),
                           counted(qulonglong(m_workspace->affectedHosts()), tr("host"), tr("hosts")),
                           counted(qulonglong(m_workspace->affectedUsers()), tr("user"), tr("users")));
    if (m_workspace->lastRun().excludedEvents > 0)
        text += tr(" · %1 excluded by exceptions")
                    .arg(counted(m_workspace->lastRun().excludedEvents, tr("event"), tr("events")));
    if (m_workspace->capture().report.skipped > 0)
        text += tr(" · %1 skipped (see Capture)")
                    .arg(counted(m_workspace->capture().report.skipped, tr("bad record"), tr("bad records")));
    if (m_workspace->replayMode()) text += tr(" · replay");
    m_status->setText(text);
}

void StatusLine::showRun() {
    const RuleRun& run = m_workspace->lastRun();
    QStringList warnings;
    for (const auto& w : run.result.warnings)
        warnings << QString::fromStdString(w);
    m_run->setText(
        tr("rule ran in %1 ms%2")
            .arg(run.millis, 0, 'f', 1)
            .arg(warnings.isEmpty() ? QString() : QStringLiteral(" · ") + warnings.join(QStringLiteral(", "))));
}
