// SPDX-License-Identifier: Apache-2.0
// eql-workbench: the desktop workbench.
#include "capture/samplecatalog.h"
#include "window/mainwindow.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QTextStream>
#include <cstdio>
#include <cstdlib>

namespace {

struct Options {
    QCommandLineOption rule{QStringLiteral("rule"),
        QStringLiteral("Rule to open: detection-rules TOML, Kibana rule export NDJSON, rules API JSON, or EQL."),
        QStringLiteral("FILE")};
    QCommandLineOption rules{QStringLiteral("rules"),
        QStringLiteral("Rule library to open: a folder of rules (e.g. a detection-rules checkout) or a file."),
        QStringLiteral("PATH")};
    QCommandLineOption events{
        QStringLiteral("events"), QStringLiteral("Capture file to load (repeatable)."), QStringLiteral("FILE")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
        QStringLiteral("Load, render the window at 1600x1000 into this PNG and exit (works without a display)."),
        QStringLiteral("OUT.png")};
    QCommandLineOption listSamples{
        QStringLiteral("list-samples"), QStringLiteral("Print the bundled sample captures (title, path) and exit.")};
    // Qt's own options, so that the parser does not reject them; QApplication acts on them.
    QCommandLineOption platform{QStringLiteral("platform"), QStringLiteral("Qt platform plugin (e.g. xcb, offscreen)."),
        QStringLiteral("NAME")};
    QCommandLineOption display{
        QStringLiteral("display"), QStringLiteral("X11 display to use."), QStringLiteral("DISPLAY")};
};

void describe(QCommandLineParser& parser, const Options& o) {
    parser.setApplicationDescription(QStringLiteral("EQL Workbench: test Elastic EQL detection rules against endpoint "
                                                    "event captures.\nThe same core on the command line is eqlwb."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions); // -platform, as Qt spells it
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({o.rule, o.rules, o.events, o.screenshot, o.listSamples, o.platform, o.display});
    parser.addPositionalArgument(
        QStringLiteral("files"), QStringLiteral("Capture files to load."), QStringLiteral("[FILE...]"));
}

// A display to open: a platform chosen explicitly (QT_QPA_PLATFORM or -platform), or an X11 or
// Wayland display in the environment. Without one Qt would print its plugin list and abort.
bool haveDisplay(const QCommandLineParser& parser, const Options& o) {
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || parser.isSet(o.platform) || parser.isSet(o.display)
        || !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// While QApplication starts, Qt's platform messages are held back: if the platform cannot be
// opened (a DISPLAY nobody answers), the user gets one line instead of the plugin dump.
bool g_starting = true;
QtMessageHandler g_previousHandler = nullptr;
void startupMessageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (g_starting && type == QtFatalMsg) {
        const QByteArray display = qgetenv("DISPLAY");
        std::fprintf(stderr,
            "eql-workbench: cannot open a display%s: the platform plugin failed to start (try "
            "QT_QPA_PLATFORM=offscreen with --screenshot, or eqlwb on the command line)\n",
            display.isEmpty() ? "" : (" (DISPLAY=" + display + ")").constData());
        std::fflush(stderr);
        std::_Exit(1);
    }
    if (g_starting && context.category && QByteArray(context.category).startsWith("qt.qpa")) return;
    if (g_previousHandler) g_previousHandler(type, context, message);
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication::setApplicationName(QStringLiteral("eql-workbench"));
    QCoreApplication::setOrganizationName(QStringLiteral("EQL Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EQLWB_VERSION));

    // --help and --version answer before any GUI exists, so they work with no display at all.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    const Options o;
    describe(parser, o);
    if (!parser.parse(arguments)) {
        QTextStream(stderr) << "eql-workbench: " << parser.errorText() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        // No application object exists yet, so Qt cannot know the program's name.
        QTextStream(stdout) << parser.helpText().replace(
            QStringLiteral("<executable_name>"), QStringLiteral("eql-workbench"));
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << "eql-workbench " << EQLWB_VERSION << "\n";
        return 0;
    }
    if (parser.isSet(o.listSamples)) {
        QTextStream out(stdout);
        for (const SampleCapture& sample : SampleCatalog::samples())
            out << sample.title << "\t" << sample.capture << "\n";
        return 0;
    }
    const bool screenshotMode = parser.isSet(o.screenshot);
    if (!haveDisplay(parser, o)) {
        if (!screenshotMode) {
            QTextStream(stderr) << "eql-workbench: no display (neither DISPLAY nor WAYLAND_DISPLAY is set): run it "
                                   "in a desktop session, or use --screenshot or eqlwb\n";
            return 1;
        }
        qputenv("QT_QPA_PLATFORM", "offscreen"); // a screenshot needs no screen
    }

    g_previousHandler = qInstallMessageHandler(startupMessageHandler);
    QApplication app(argc, argv);
    g_starting = false;
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/eql-workbench.png")));
    QApplication::setDesktopFileName(QStringLiteral("io.github.eqlworkbench.EqlWorkbench"));

    const QStringList captures = parser.values(o.events) + parser.positionalArguments();
    MainWindow window;
    Workspace* workspace = window.workspace();
    workspace->setAutosaveEnabled(!screenshotMode);
    if (parser.isSet(o.rule)) {
        QString error;
        if (!workspace->openRuleFile(parser.value(o.rule), &error)) {
            QTextStream(stderr) << "eql-workbench: " << error << "\n";
            return 3;
        }
    }
    if (parser.isSet(o.rules)) workspace->openRuleLibrary({parser.value(o.rules)});
    if (!captures.isEmpty())
        workspace->openCaptures(captures);
    else if (!screenshotMode && !parser.isSet(o.rule) && !parser.isSet(o.rules))
        workspace->restoreAutosave(); // a crash or a close loses nothing: the last session comes back

    if (screenshotMode) {
        window.resize(1600, 1000);
        window.show();
        window.waitUntilIdle();
        if (workspace->alertCount() > 0) workspace->selectAlert(0); // show a chain highlighted
        window.waitUntilIdle();
        const QString out = parser.value(o.screenshot);
        if (!window.grab().save(out)) {
            QTextStream(stderr) << "eql-workbench: cannot write " << out << "\n";
            return 3;
        }
        return 0;
    }
    window.show();
    return app.exec();
}
