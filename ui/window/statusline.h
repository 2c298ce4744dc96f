// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;
class Workspace;

// The status bar's content: what the capture and the last run amount to (events, alerts,
// affected hosts and users, exclusions, skipped records) or the latest message, how the rule
// ran, and loading progress with a Cancel button (Esc).
class StatusLine : public QWidget {
    Q_OBJECT
public:
    explicit StatusLine(Workspace* workspace, QWidget* parent = nullptr);
    QString text() const;
    QString runText() const;

private:
    void showCounts();
    void showRun();
    void setBusy(bool busy);

    Workspace* m_workspace;
    QLabel* m_status;
    QLabel* m_run;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
};
