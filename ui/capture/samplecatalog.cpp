// SPDX-License-Identifier: Apache-2.0
#include "capture/samplecatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

QString SampleCatalog::directory() {
    QStringList candidates;
    // Installed: PREFIX/bin/eql-workbench -> PREFIX/share/eql-workbench/samples. Works before the
    // application object exists (eql-workbench --list-samples needs no display).
    const QString binDir = QCoreApplication::instance()
        ? QCoreApplication::applicationDirPath()
        : QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath()).absolutePath();
    candidates << binDir + QStringLiteral("/../share/eql-workbench/samples");
#ifdef EQLWB_SOURCE_SAMPLES_DIR
    candidates << QStringLiteral(EQLWB_SOURCE_SAMPLES_DIR); // a build tree, run before installing
#endif
    for (const QString& dir : std::as_const(candidates))
        if (QFileInfo(dir).isDir()) return QDir(dir).canonicalPath();
    return {};
}

QList<SampleCapture> SampleCatalog::samples() {
    QList<SampleCapture> found;
    const QString root = directory();
    if (root.isEmpty()) return found;
    for (const QFileInfo& folder : QDir(root).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString capture = folder.absoluteFilePath() + QStringLiteral("/capture.ndjson");
        if (!QFileInfo::exists(capture)) continue; // e.g. the generated fleet: its README says how to make it
        SampleCapture sample{folder.fileName(), capture};
        QFile readme(folder.absoluteFilePath() + QStringLiteral("/README.md"));
        if (readme.open(QIODevice::ReadOnly)) {
            QString heading = QString::fromUtf8(readme.readLine()).trimmed();
            heading.remove(QRegularExpression(QStringLiteral("^#+\\s*")));
            heading.remove(QRegularExpression(QStringLiteral("^Sample:\\s*")));
            if (!heading.isEmpty()) sample.title = heading[0].toUpper() + heading.mid(1);
        }
        found << sample;
    }
    std::sort(found.begin(), found.end(),
        [](const SampleCapture& a, const SampleCapture& b) { return a.title.compare(b.title, Qt::CaseInsensitive) < 0; });
    return found;
}
