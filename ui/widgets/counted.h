// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLocale>
#include <QString>

// "1 alert", "2 alerts", "1,000,000 events": a count with its noun, grouped digits.
inline QString counted(qulonglong n, const QString& one, const QString& many) {
    return QStringLiteral("%1 %2").arg(QLocale().toString(n), n == 1 ? one : many);
}
