// SPDX-License-Identifier: Apache-2.0
#include "events/eventspanel.h"

#include "events/eventsmodel.h"
#include "widgets/counted.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {
const char* const FilterTip = QT_TRANSLATE_NOOP("EventsPanel",
    "Filter the events: an EQL condition such as process.name : \"curl\" and "
    "event.type == \"start\" (green when valid, red with the error when not), "
    "or plain text searched in the visible columns");
}

EventsPanel::EventsPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_model(new EventsModel(this))
    , m_view(new QTableView)
    , m_filter(new QLineEdit)
    , m_shown(new QLabel) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    m_filter->setPlaceholderText(tr("Filter: EQL condition or text (Enter)"));
    m_filter->setToolTip(tr(FilterTip));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_shown);
    layout->addLayout(bar);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 4);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    layout->addWidget(m_view);
    setFocusProxy(m_view);

    connect(m_model, &QAbstractItemModel::modelReset, this, &EventsPanel::fitColumns);
    connect(m_model, &EventsModel::filterApplied, this, [this] {
        updateShown();
        showSelection();
    });
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (!m_selecting && current.isValid()) m_workspace->selectEvent(m_model->eventAt(current.row()));
        });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_filter->text() == m_workspace->eventFilter())
            applyFilter(); // the same text again: run it again
        else
            m_workspace->setEventFilter(m_filter->text());
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty()) m_workspace->setEventFilter(QString());
    });

    connect(m_workspace, &Workspace::captureChanged, this, [this] {
        m_model->setStore(m_workspace->store(), m_workspace->timeOrder());
        m_model->setColumns(
            m_workspace->eventColumns().isEmpty() ? EventsModel::defaultColumns() : m_workspace->eventColumns());
        applyFilter();
    });
    connect(m_workspace, &Workspace::eventFilterChanged, this, [this] {
        if (m_filter->text() != m_workspace->eventFilter()) m_filter->setText(m_workspace->eventFilter());
        applyFilter();
    });
    connect(m_workspace, &Workspace::eventColumnsChanged, this, [this] {
        m_model->setColumns(
            m_workspace->eventColumns().isEmpty() ? EventsModel::defaultColumns() : m_workspace->eventColumns());
    });
    connect(m_workspace, &Workspace::selectionChanged, this, &EventsPanel::showSelection);
    auto cutoff = [this] {
        m_model->setCutoff(m_workspace->replayCutoff());
        updateShown();
    };
    connect(m_workspace, &Workspace::replayTimeChanged, this, cutoff);
    connect(m_workspace, &Workspace::replayModeChanged, this, cutoff);
    updateShown();
}

void EventsPanel::applyFilter() {
    QString error;
    const auto kind = m_model->setFilter(m_workspace->eventFilter(), &error);
    QPalette palette = m_filter->palette();
    const bool dark = QApplication::palette().color(QPalette::Base).lightness() < 128;
    if (kind == EventsModel::FilterKind::Eql && !error.isEmpty()) {
        palette.setColor(QPalette::Base, dark ? QColor(90, 30, 30) : QColor(255, 220, 220));
        m_filter->setToolTip(error);
        m_workspace->notify(tr("Filter: %1").arg(error));
    } else {
        palette.setColor(QPalette::Base,
            kind == EventsModel::FilterKind::Eql ? (dark ? QColor(30, 80, 40) : QColor(220, 255, 220))
                                                 : QApplication::palette().color(QPalette::Base));
        m_filter->setToolTip(tr(FilterTip));
    }
    m_filter->setPalette(palette);
    updateShown();
}

void EventsPanel::waitForFilter() {
    m_model->waitForFilter();
}

void EventsPanel::updateShown() {
    m_shown->setText(m_workspace->store() ? tr("%1 shown").arg(QLocale().toString(m_model->rowCount())) : QString());
}

// Highlights the selection's process chain, and shows its event unless the user picked it here.
void EventsPanel::showSelection() {
    const Workspace::Selection& selection = m_workspace->selection();
    m_model->setHighlighted(selection.chainEvents);
    if (selection.events.empty()) return;
    const wb::EventIndex focus = selection.event ? *selection.event : selection.events.front();
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && m_model->eventAt(current.row()) == focus) return;
    const int row = m_model->rowOf(focus);
    if (row < 0) return;
    m_selecting = true;
    if (selection.event) m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    m_selecting = false;
}

void EventsPanel::fitColumns() {
    // Only when the columns change, so that a filter keeps the widths the user set.
    if (m_sizedColumns == m_model->columns()) return;
    m_sizedColumns = m_model->columns();
    const QFontMetrics fm(m_view->font());
    for (int c = 0; c < m_model->columnCount(); ++c)
        m_view->setColumnWidth(c,
            m_model->columns()[c] == QLatin1String("@timestamp")
                ? fm.horizontalAdvance(QStringLiteral("2024-05-14T10:21:07.412596Z")) + 12
                : fm.horizontalAdvance(QStringLiteral("package_script_service")));
}

void EventsPanel::chooseColumns() {
    if (!m_workspace->store()) return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Table Columns"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* list = new QListWidget;
    const QStringList fields = m_model->columns();
    const wb::FieldTable& table = m_workspace->store()->fields();
    QStringList all;
    for (wb::FieldId f = 1; f < table.size(); ++f)
        all << QString::fromStdString(table.name(f));
    all.sort();
    auto add = [&](const QString& field, bool checked) {
        auto* item = new QListWidgetItem(field, list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    };
    for (const QString& f : fields)
        add(f, true);
    for (const QString& f : all)
        if (!fields.contains(f)) add(f, false);
    list->setDragDropMode(QAbstractItemView::InternalMove);
    layout->addWidget(new QLabel(tr("Checked fields are shown, in this order (drag to reorder):")));
    layout->addWidget(list);
    auto* buttons
        = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, &dialog, [&] {
        m_workspace->setEventColumns({});
        dialog.reject();
    });
    if (dialog.exec() != QDialog::Accepted) return;
    QStringList chosen;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked) chosen << list->item(i)->text();
    m_workspace->setEventColumns(chosen);
}
