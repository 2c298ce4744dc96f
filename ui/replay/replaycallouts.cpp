// SPDX-License-Identifier: Apache-2.0
#include "replay/replaycallouts.h"

#include "workspace/workspace.h"

#include <QTimer>
#include <algorithm>

ReplayCallouts::ReplayCallouts(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ReplayCallouts::expire);
}

void ReplayCallouts::follow(Workspace* workspace) {
    connect(workspace, &Workspace::replayCallout, this, &ReplayCallouts::add);
    connect(workspace, &Workspace::replayModeChanged, this, [this](bool on) {
        if (!on) clear();
    });
}

void ReplayCallouts::add(wb::EventIndex event, const QString& text) {
    std::erase_if(m_callouts, [&](const Callout& c) { return c.event == event; });
    m_callouts.push_back({event, text, QDeadlineTimer(ShownMs)});
    if (m_callouts.size() > MaxShown) m_callouts.erase(m_callouts.begin());
    expire(); // drops what ran out and arms the timer for the next to go
    emit changed();
}

void ReplayCallouts::clear() {
    if (m_callouts.empty()) return;
    m_callouts.clear();
    m_timer->stop();
    emit changed();
}

std::vector<ReplayCallouts::Callout> ReplayCallouts::current() const {
    std::vector<Callout> shown;
    for (const Callout& c : m_callouts)
        if (!c.until.hasExpired()) shown.push_back(c);
    return shown;
}

void ReplayCallouts::expire() {
    const std::size_t before = m_callouts.size();
    std::erase_if(m_callouts, [](const Callout& c) { return c.until.hasExpired(); });
    if (!m_callouts.empty()) {
        const auto next = std::min_element(
            m_callouts.begin(), m_callouts.end(), [](const Callout& a, const Callout& b) { return a.until < b.until; });
        m_timer->start(int(std::max<qint64>(1, next->until.remainingTime())));
    }
    if (m_callouts.size() != before) emit changed();
}
