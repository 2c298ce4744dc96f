// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QString>
#include <cstdint>
#include <vector>

class QTimer;

// Plays a capture forward in time for a presenter: a clock between the first and last event
// that runs at 1×, 10× or 60×, steps to the next or previous event, jumps to the next event that
// matters (a stage of an alert, or a caption), and carries story captions.
class ReplayController : public QObject {
    Q_OBJECT
public:
    struct Caption {
        std::int64_t timeNs = 0;
        QString text;
    };

    explicit ReplayController(QObject* parent = nullptr);

    void setRange(std::int64_t firstNs, std::int64_t lastNs);
    void setEventTimes(std::vector<std::int64_t> sortedNs); // every event, for stepping
    void setMarks(std::vector<std::int64_t> sortedNs); // the events that matter
    void setCaptions(std::vector<Caption> captions);
    // Reads a sidecar file: a JSON array of {"time": ISO-8601, "caption": text}.
    bool loadCaptions(const QString& path, QString* error);
    // Writes them the same way, atomically (a crash never leaves half a file).
    bool saveCaptions(const QString& path, QString* error) const;
    const std::vector<Caption>& captions() const { return m_captions; }

    std::int64_t now() const { return m_now; }
    std::int64_t first() const { return m_first; }
    std::int64_t last() const { return m_last; }
    bool isPlaying() const;
    int speed() const { return m_speed; }
    QString captionAt(std::int64_t ns) const; // the latest caption at or before ns

public slots:
    void setNow(std::int64_t ns);
    void play();
    void pause();
    void setSpeed(int factor);
    void stepForward();
    void stepBack();
    void jumpToNextMark();

signals:
    void nowChanged(std::int64_t ns);
    void playingChanged(bool playing);
    void captionsChanged();

private:
    void tick();

    QTimer* m_timer;
    std::int64_t m_first = 0, m_last = 0, m_now = 0;
    int m_speed = 1;
    std::vector<std::int64_t> m_events, m_marks;
    std::vector<Caption> m_captions;
};
