// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;
class ReplayController;

// The presenter's controls: play/pause, speed, step back and forward, jump to the next event
// that matters, a scrubber, the replay time and the current story caption.
class ReplayBar : public QWidget {
    Q_OBJECT
public:
    explicit ReplayBar(ReplayController* controller, QWidget* parent = nullptr);
    QString captionText() const;
    QString timeText() const;

signals:
    void editCaptionsRequested();

private:
    void update();

    ReplayController* m_controller;
    QToolButton* m_play;
    QComboBox* m_speed;
    QSlider* m_scrubber;
    QLabel* m_time;
    QLabel* m_caption;
    bool m_updating = false;
};
