// SPDX-License-Identifier: Apache-2.0
#include "rulepanel.h"

#include "eql/parser.h"
#include "eql/printer.h"
#include "eqlhighlighter.h"
#include "rules/rulelibrary.h"
#include "valuelisteditor.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace {
const char* const Units[] = {"ms", "s", "m", "h", "d"};
}

RulePanel::RulePanel(QWidget* parent)
    : QWidget(parent)
    , m_versions(new QComboBox)
    , m_versionInfo(new QLabel)
    , m_editor(new QPlainTextEdit)
    , m_error(new QLabel)
    , m_debounce(new QTimer(this))
    , m_maxspanValue(new QSpinBox)
    , m_maxspanUnit(new QComboBox)
    , m_keys(new QLineEdit)
    , m_listsLayout(new QVBoxLayout)
    , m_listsBox(new QWidget) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* versionRow = new QHBoxLayout;
    versionRow->addWidget(new QLabel(tr("Rule:")));
    const wb::rules::Rule& seed = wb::rules::seedRule();
    for (const auto& v : seed.versions)
        m_versions->addItem(QStringLiteral("%1 — %2 (%3)")
                                .arg(QString::fromStdString(v.label), QString::fromStdString(v.name),
                                    QString::fromStdString(v.release).section(QLatin1Char(' '), 0, 1)),
            QString::fromStdString(v.label));
    m_versions->addItem(tr("Custom query"), QString());
    m_versions->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_versions->setMinimumContentsLength(24); // long rule names are elided, not forcing the panel wide
    m_versions->setToolTip(tr("The rule's published versions; choosing one replaces the query"));
    versionRow->addWidget(m_versions, 1);
    layout->addLayout(versionRow);
    m_versionInfo->setWordWrap(true);
    m_versionInfo->setTextFormat(Qt::RichText);
    layout->addWidget(m_versionInfo);

    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_editor->setToolTip(tr("The EQL query. Edits re-run the rule; errors show here with line:column"));
    m_highlighter = new EqlHighlighter(m_editor->document());
    m_editor->setMinimumHeight(80);
    layout->addWidget(m_editor, 2);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_error);

    auto* tuningBox = new QGroupBox(tr("Tuning"));
    auto* form = new QFormLayout(tuningBox);
    auto* spanRow = new QHBoxLayout;
    m_maxspanValue->setRange(1, 1'000'000);
    m_maxspanValue->setToolTip(tr("maxspan: how long after its first event a sequence may complete (inclusive)"));
    for (const char* u : Units)
        m_maxspanUnit->addItem(QString::fromLatin1(u));
    spanRow->addWidget(m_maxspanValue, 1);
    spanRow->addWidget(m_maxspanUnit);
    form->addRow(tr("maxspan"), spanRow);
    m_keys->setToolTip(tr("The sequence's join keys (by), comma-separated; ?field allows null"));
    form->addRow(tr("by"), m_keys);
    m_listsBox->setLayout(m_listsLayout);
    m_listsLayout->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_listsBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    form->addRow(scroll);
    layout->addWidget(tuningBox, 5);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &RulePanel::onTextEdited);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_updatingText) m_debounce->start();
    });
    connect(m_maxspanValue, &QSpinBox::valueChanged, this, &RulePanel::onControlsChanged);
    connect(m_maxspanUnit, &QComboBox::currentIndexChanged, this, &RulePanel::onControlsChanged);
    connect(m_keys, &QLineEdit::editingFinished, this, &RulePanel::onControlsChanged);
    connect(m_versions, &QComboBox::activated, this, [this](int index) {
        const QString label = m_versions->itemData(index).toString();
        if (const auto* v = wb::rules::seedRule().find(label.toStdString()))
            setRuleText(QString::fromStdString(v->query));
        showVersionInfo(index);
    });
}

RulePanel::~RulePanel() = default;

void RulePanel::selectVersion(const QString& label) {
    const int index = m_versions->findData(label);
    if (index < 0) return;
    m_versions->setCurrentIndex(index);
    if (const auto* v = wb::rules::seedRule().find(label.toStdString())) setRuleText(QString::fromStdString(v->query));
    showVersionInfo(index);
}

void RulePanel::showVersionInfo(int index) {
    const auto* v = wb::rules::seedRule().find(m_versions->itemData(index).toString().toStdString());
    if (!v) {
        m_versionInfo->setText(tr("<i>A query of your own; not one of the published versions.</i>"));
        return;
    }
    QStringList mitre;
    for (const auto& t : v->mitre)
        mitre << QStringLiteral("%1 %2 / %3 %4")
                     .arg(QString::fromStdString(t.tacticId), QString::fromStdString(t.tacticName),
                         QString::fromStdString(t.techniqueId), QString::fromStdString(t.techniqueName));
    QStringList index_;
    for (const auto& i : v->index)
        index_ << QString::fromStdString(i);
    m_versionInfo->setText(
        tr("<b>%1</b> %2 · released %3<br>severity %4 · risk score %5 · runs every %6 · from %7 · max %8 alerts<br>"
           "index %9<br>MITRE: %10<br><small>%11</small>")
            .arg(QString::fromStdString(v->name).toHtmlEscaped(), QString::fromStdString(v->label),
                QString::fromStdString(v->release).toHtmlEscaped(), QString::fromStdString(v->severity))
            .arg(v->riskScore)
            .arg(QString::fromStdString(v->interval), QString::fromStdString(v->from))
            .arg(v->maxSignals)
            .arg(index_.join(QStringLiteral(", ")), mitre.join(QStringLiteral("; ")).toHtmlEscaped(),
                QString::fromStdString(v->provenance).toHtmlEscaped()));
}

void RulePanel::setRuleText(const QString& text) {
    m_updatingText = true;
    m_editor->setPlainText(text);
    m_updatingText = false;
    m_debounce->stop();
    onTextEdited();
}

QString RulePanel::queryText() const {
    return m_editor->toPlainText();
}
QString RulePanel::errorText() const {
    return m_error_text;
}
QString RulePanel::baseQueryText() const {
    return m_base ? QString::fromStdString(wb::eql::toEql(*m_base)) : queryText();
}
QString RulePanel::versionLabel() const {
    return m_versions->currentData().toString();
}

std::optional<std::int64_t> RulePanel::maxspanMillis() const {
    return m_tuning.maxspan ? std::optional<std::int64_t>(m_tuning.maxspan->millis()) : std::nullopt;
}

std::vector<std::string> RulePanel::joinKeyFields() const {
    std::vector<std::string> out;
    for (const auto& k : m_tuning.sharedKeys)
        out.push_back(k.name);
    if (m_base && !m_base->stages.empty())
        for (const auto& k : m_base->stages[0].keys)
            out.push_back(k.name);
    return out;
}

void RulePanel::showError(const QString& message, int line, int column) {
    m_error_text = message.isEmpty() ? QString() : tr("line %1:%2: %3").arg(line).arg(column).arg(message);
    m_error->setText(m_error_text);
    QList<QTextEdit::ExtraSelection> marks;
    if (!message.isEmpty()) {
        const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
        if (block.isValid()) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(block);
            mark.cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::max(0, column - 1));
            if (!mark.cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor))
                mark.cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor);
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(QColor(176, 0, 32));
            mark.format.setBackground(QColor(255, 220, 220));
            marks << mark;
        }
    }
    m_editor->setExtraSelections(marks);
}

void RulePanel::onTextEdited() {
    const QString text = m_editor->toPlainText();
    try {
        m_base = wb::eql::parseQuery(text.toStdString());
    } catch (const wb::eql::QueryError& e) {
        showError(QString::fromStdString(e.message()), e.pos().line, e.pos().column);
        emit queryInvalid(m_error_text);
        return;
    }
    showError({}, 0, 0);
    m_tuning = wb::tuning::extractTuning(*m_base);
    const int custom = m_versions->findData(QString());
    bool known = false;
    for (const auto& v : wb::rules::seedRule().versions)
        if (m_versions->currentData().toString().toStdString() == v.label && v.query == text.toStdString())
            known = true;
    if (!known && m_versions->currentIndex() != custom) {
        // Typed edits make it a custom query, unless the text is still the version's own.
        const auto* v = wb::rules::seedRule().find(m_versions->currentData().toString().toStdString());
        if (!v || !wb::eql::parseQuery(v->query).sameAs(*m_base)) {
            m_versions->setCurrentIndex(custom);
            showVersionInfo(custom);
        }
    }
    rebuildControls();
    emit queryChanged(text);
}

void RulePanel::setTuning(const wb::tuning::RuleTuning& tuning) {
    if (!m_base) return;
    m_tuning = tuning;
    rebuildControls();
    applyTuningToText();
}

void RulePanel::rebuildControls() {
    m_updatingControls = true;
    const bool sequence = m_base && m_base->kind == wb::eql::Query::Kind::Sequence;
    m_maxspanValue->setEnabled(sequence);
    m_maxspanUnit->setEnabled(sequence);
    if (m_tuning.maxspan) {
        m_maxspanValue->setValue(int(std::min<std::int64_t>(m_tuning.maxspan->value, 1'000'000)));
        m_maxspanUnit->setCurrentText(QString::fromStdString(m_tuning.maxspan->unit));
    }
    QStringList keys;
    for (const auto& k : m_tuning.sharedKeys)
        keys << QString::fromStdString(wb::eql::toEql(k));
    m_keys->setText(keys.join(QStringLiteral(", ")));
    m_keys->setEnabled(m_base && m_base->kind != wb::eql::Query::Kind::Event);
    for (ValueListEditor* e : m_listEditors)
        e->deleteLater();
    m_listEditors.clear();
    for (std::size_t i = 0; i < m_tuning.lists.size(); ++i) {
        auto* editor = new ValueListEditor(m_tuning.lists[i]);
        m_listsLayout->addWidget(editor);
        m_listEditors.push_back(editor);
        connect(editor, &ValueListEditor::changed, this, &RulePanel::onControlsChanged);
    }
    m_updatingControls = false;
}

void RulePanel::onControlsChanged() {
    if (m_updatingControls || !m_base) return;
    if (m_base->kind == wb::eql::Query::Kind::Sequence) {
        wb::eql::Duration d;
        d.value = m_maxspanValue->value();
        d.unit = m_maxspanUnit->currentText().toStdString();
        m_tuning.maxspan = d;
    }
    if (m_base->kind != wb::eql::Query::Kind::Event) {
        std::vector<wb::eql::FieldRef> keys;
        for (const QString& part : m_keys->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            wb::eql::FieldRef ref;
            QString name = part.trimmed();
            if (name.startsWith(QLatin1Char('?'))) {
                ref.optional = true;
                name = name.mid(1);
            }
            ref.name = name.toStdString();
            if (!ref.name.empty()) keys.push_back(ref);
        }
        m_tuning.sharedKeys = keys;
    }
    for (std::size_t i = 0; i < m_listEditors.size() && i < m_tuning.lists.size(); ++i)
        m_tuning.lists[i] = m_listEditors[i]->list();
    applyTuningToText();
}

void RulePanel::applyTuningToText() {
    const wb::eql::Query tuned = wb::tuning::applyTuning(*m_base, m_tuning);
    const QString text = QString::fromStdString(wb::eql::toEql(tuned));
    // Check it the way Elasticsearch would before it reaches the engine (a `by` edit can make
    // the key counts inconsistent).
    try {
        wb::eql::parseQuery(text.toStdString());
    } catch (const wb::eql::QueryError& e) {
        showError(QString::fromStdString(e.message()), e.pos().line, e.pos().column);
        emit queryInvalid(m_error_text);
        return;
    }
    showError({}, 0, 0);
    m_updatingText = true;
    m_editor->setPlainText(text);
    m_updatingText = false;
    emit queryChanged(text);
}
