// SPDX-License-Identifier: Apache-2.0
// eql-workbench: the desktop workbench.
#include "alertsmodel.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QTableView>
#include <QTextStream>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("eql-workbench"));
    QApplication::setOrganizationName(QStringLiteral("EQL Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(EQLWB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Test Elastic EQL detection rules against endpoint event captures."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption rule(
        QStringLiteral("rule"), QStringLiteral("EQL rule file to open."), QStringLiteral("FILE"));
    const QCommandLineOption events(
        QStringLiteral("events"), QStringLiteral("Capture file to load (repeatable)."), QStringLiteral("FILE"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Load, render the window at 1600x1000 into this PNG and exit."), QStringLiteral("OUT.png"));
    parser.addOptions({rule, events, screenshot});
    parser.addPositionalArgument(
        QStringLiteral("files"), QStringLiteral("Capture files to load."), QStringLiteral("[FILE...]"));
    parser.process(app);

    const QStringList captures = parser.values(events) + parser.positionalArguments();
    const bool screenshotMode = parser.isSet(screenshot);
    MainWindow window;
    window.setAutosaveEnabled(!screenshotMode);
    if (parser.isSet(rule)) {
        QFile file(parser.value(rule));
        if (!file.open(QIODevice::ReadOnly)) {
            QTextStream(stderr) << "eql-workbench: cannot read the rule file " << parser.value(rule) << "\n";
            return 3;
        }
        window.setRuleText(QString::fromUtf8(file.readAll()));
    }
    if (!captures.isEmpty())
        window.openCaptures(captures);
    else if (!screenshotMode && !parser.isSet(rule))
        window.restoreAutosave(); // a crash or a close loses nothing: the last session comes back

    if (screenshotMode) {
        window.resize(1600, 1000);
        window.show();
        window.waitUntilIdle();
        if (window.alertsModel()->rowCount() > 0) window.alertsView()->selectRow(0); // show a chain highlighted
        window.waitUntilIdle();
        const QString out = parser.value(screenshot);
        if (!window.grab().save(out)) {
            QTextStream(stderr) << "eql-workbench: cannot write " << out << "\n";
            return 3;
        }
        return 0;
    }
    window.show();
    return app.exec();
}
