// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QString>
#include <vector>

class QTimer;
class Workspace;

// The callouts a view shows during replay: "curl connected to dl.example.net:443" beside the
// stage that just happened, for a few seconds, the newest few at once. A view keeps one list,
// adds what the workspace announces and repaints on changed().
class ReplayCallouts : public QObject {
    Q_OBJECT
public:
    struct Callout {
        wb::EventIndex event = 0;
        QString text;
        QDeadlineTimer until;
    };
    static constexpr int ShownMs = 4000;
    static constexpr std::size_t MaxShown = 3;

    explicit ReplayCallouts(QObject* parent = nullptr);
    // Shows what the workspace announces during replay, and nothing once replay ends.
    void follow(Workspace* workspace);
    void add(wb::EventIndex event, const QString& text);
    void clear();
    // The callouts still showing, oldest first.
    std::vector<Callout> current() const;

signals:
    void changed();

private:
    void expire();

    std::vector<Callout> m_callouts;
    QTimer* m_timer;
};
