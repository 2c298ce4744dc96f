// SPDX-License-Identifier: Apache-2.0
#include "replay/replaybar.h"

#include "replay/replaycontroller.h"
#include "util/timestamp.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

ReplayBar::ReplayBar(ReplayController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_play(new QToolButton)
    , m_speed(new QComboBox)
    , m_scrubber(new QSlider(Qt::Horizontal))
    , m_time(new QLabel)
    , m_caption(new QLabel) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    auto* row = new QHBoxLayout;
    auto button = [&](const QString& text, const QString& tip, const QKeySequence& key) {
        auto* b = new QToolButton;
        b->setText(text);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setToolTip(tip + QStringLiteral(" (") + key.toString(QKeySequence::NativeText) + QLatin1Char(')'));
        b->setShortcut(key);
        row->addWidget(b);
        return b;
    };
    auto* back = button(tr("Back"), tr("Step back to the previous event"), QKeySequence(Qt::Key_Comma));
    back->setIcon(style()->standardIcon(QStyle::SP_MediaSkipBackward));
    connect(back, &QToolButton::clicked, controller, &ReplayController::stepBack);
    m_play->setToolTip(tr("Play or pause the replay (Space)"));
    m_play->setShortcut(Qt::Key_Space);
    row->addWidget(m_play);
    connect(m_play, &QToolButton::clicked, this,
        [this] { m_controller->isPlaying() ? m_controller->pause() : m_controller->play(); });
    auto* forward = button(tr("Forward"), tr("Step to the next event"), QKeySequence(Qt::Key_Period));
    forward->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
    connect(forward, &QToolButton::clicked, controller, &ReplayController::stepForward);
    connect(button(tr("Next that matters"), tr("Jump to the next alert stage or caption"), QKeySequence(Qt::Key_N)),
        &QToolButton::clicked, controller, &ReplayController::jumpToNextMark);
    m_speed->addItems({QStringLiteral("1×"), QStringLiteral("10×"), QStringLiteral("60×")});
    m_speed->setToolTip(tr("Replay speed"));
    row->addWidget(m_speed);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_controller->setSpeed(i == 0 ? 1 : i == 1 ? 10 : 60);
    });
    m_scrubber->setRange(0, 10000);
    m_scrubber->setToolTip(tr("Drag to move through the capture"));
    row->addWidget(m_scrubber, 1);
    connect(m_scrubber, &QSlider::valueChanged, this, [this](int v) {
        if (m_updating) return;
        const double span = double(m_controller->last() - m_controller->first());
        m_controller->setNow(m_controller->first() + std::int64_t(span * v / 10000.0));
    });
    m_time->setMinimumWidth(220);
    row->addWidget(m_time);
    auto* captions = new QToolButton;
    captions->setText(tr("Captions…"));
    captions->setToolTip(tr("Edit the story captions shown here and save them beside the capture"));
    connect(captions, &QToolButton::clicked, this, &ReplayBar::editCaptionsRequested);
    row->addWidget(captions);
    layout->addLayout(row);
    QFont big = m_caption->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    m_caption->setFont(big);
    m_caption->setWordWrap(true);
    layout->addWidget(m_caption);
    connect(controller, &ReplayController::nowChanged, this, &ReplayBar::update);
    connect(controller, &ReplayController::playingChanged, this, &ReplayBar::update);
    connect(controller, &ReplayController::captionsChanged, this, &ReplayBar::update);
    update();
}

QString ReplayBar::captionText() const {
    return m_caption->text();
}
QString ReplayBar::timeText() const {
    return m_time->text();
}

void ReplayBar::update() {
    m_updating = true;
    m_play->setIcon(style()->standardIcon(m_controller->isPlaying() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setText(m_controller->isPlaying() ? tr("Pause") : tr("Play"));
    m_play->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    const double span = double(std::max<std::int64_t>(1, m_controller->last() - m_controller->first()));
    m_scrubber->setValue(int(double(m_controller->now() - m_controller->first()) * 10000.0 / span));
    m_time->setText(tr("replay %1 UTC").arg(QString::fromStdString(wb::formatTimestampMillis(m_controller->now()))));
    m_caption->setText(m_controller->captionAt(m_controller->now()));
    m_updating = false;
}
