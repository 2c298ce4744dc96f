// SPDX-License-Identifier: Apache-2.0
#include "replay/replaycontroller.h"

#include "util/timestamp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>
#include <algorithm>

namespace {
constexpr int TickMs = 50;
}

ReplayController::ReplayController(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(TickMs);
    connect(m_timer, &QTimer::timeout, this, &ReplayController::tick);
}

void ReplayController::setRange(std::int64_t firstNs, std::int64_t lastNs) {
    m_first = firstNs;
    m_last = std::max(firstNs, lastNs);
    setNow(m_first);
}

void ReplayController::setEventTimes(std::vector<std::int64_t> sortedNs) {
    m_events = std::move(sortedNs);
}

void ReplayController::setMarks(std::vector<std::int64_t> sortedNs) {
    m_marks = std::move(sortedNs);
    std::sort(m_marks.begin(), m_marks.end());
}

void ReplayController::setCaptions(std::vector<Caption> captions) {
    m_captions = std::move(captions);
    std::sort(
        m_captions.begin(), m_captions.end(), [](const Caption& a, const Caption& b) { return a.timeNs < b.timeNs; });
    emit captionsChanged();
}

bool ReplayController::loadCaptions(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isArray()) {
        if (error)
            *error = QStringLiteral("%1: expected a JSON array of {\"time\", \"caption\"} (%2)")
                         .arg(path, parseError.errorString());
        return false;
    }
    std::vector<Caption> captions;
    int index = 0;
    for (const auto& v : doc.array()) {
        ++index;
        const QJsonObject o = v.toObject();
        const auto ns = wb::parseTimestamp(o[QStringLiteral("time")].toString().toStdString());
        if (!ns || !o[QStringLiteral("caption")].isString()) {
            if (error)
                *error = QStringLiteral("%1: caption %2 needs an ISO-8601 \"time\" and a \"caption\" text")
                             .arg(path)
                             .arg(index);
            return false;
        }
        captions.push_back({*ns, o[QStringLiteral("caption")].toString()});
    }
    setCaptions(std::move(captions));
    return true;
}

bool ReplayController::saveCaptions(const QString& path, QString* error) const {
    QJsonArray array;
    for (const Caption& c : m_captions)
        array.append(QJsonObject{{QStringLiteral("time"), QString::fromStdString(wb::formatTimestamp(c.timeNs))},
            {QStringLiteral("caption"), c.text}});
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(array).toJson()) < 0 || !file.commit()) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ReplayController::isPlaying() const {
    return m_timer->isActive();
}

QString ReplayController::captionAt(std::int64_t ns) const {
    QString text;
    for (const Caption& c : m_captions) {
        if (c.timeNs > ns) break;
        text = c.text;
    }
    return text;
}

void ReplayController::setNow(std::int64_t ns) {
    ns = std::clamp(ns, m_first, m_last);
    if (ns == m_now) return;
    m_now = ns;
    emit nowChanged(m_now);
    if (m_now >= m_last) pause();
}

void ReplayController::play() {
    if (m_now >= m_last) setNow(m_first);
    m_timer->start();
    emit playingChanged(true);
}

void ReplayController::pause() {
    if (!m_timer->isActive()) return;
    m_timer->stop();
    emit playingChanged(false);
}

void ReplayController::setSpeed(int factor) {
    m_speed = std::max(1, factor);
}

void ReplayController::tick() {
    setNow(m_now + std::int64_t(TickMs) * 1'000'000 * m_speed);
}

void ReplayController::stepForward() {
    auto it = std::upper_bound(m_events.begin(), m_events.end(), m_now);
    if (it != m_events.end()) setNow(*it);
}

void ReplayController::stepBack() {
    auto it = std::lower_bound(m_events.begin(), m_events.end(), m_now);
    if (it != m_events.begin()) setNow(*std::prev(it));
}

void ReplayController::jumpToNextMark() {
    std::int64_t next = m_last;
    auto mark = std::upper_bound(m_marks.begin(), m_marks.end(), m_now);
    if (mark != m_marks.end()) next = std::min(next, *mark);
    for (const Caption& c : m_captions)
        if (c.timeNs > m_now) {
            next = std::min(next, c.timeNs);
            break;
        }
    setNow(next);
}
