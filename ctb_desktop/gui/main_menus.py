"""The main window's menu bar: Файл, Правка, Звіт, Вигляд, Довідка, each action wired
to the window's command."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from ctb_desktop.gui.backup_dialog import restore_from_backup
from ctb_desktop.gui.units_dialog import show_units
from ctb_desktop.gui.workbook_dialogs import EXPORT_SHORTCUT, IMPORT_SHORTCUT
from ctb_desktop.reports.render import TITLES


def build_menus(self) -> None:  # noqa: PLR0915 (every menu in one place)
    file_menu = self.menuBar().addMenu("&Файл")
    self.save_action = file_menu.addAction("&Зберегти")
    self.save_action.setShortcut(QKeySequence("Ctrl+S"))
    self.save_action.setToolTip(
        "Усе введене зберігається одразу; Ctrl+S записує й те, що набирається"
    )
    self.save_action.triggered.connect(self.save_now)
    file_menu.addSeparator()
    file_menu.addAction(self.load_builtin_action)
    file_menu.addAction("Довідник &органів…", lambda: show_units(self))
    self.import_action = file_menu.addAction("&Імпорт з файлу…")
    self.import_action.setShortcut(QKeySequence("Ctrl+I"))
    # Not the slot itself: `triggered` would pass its `checked` flag as the path.
    self.import_action.triggered.connect(lambda: self.import_file())  # noqa: PLW0108
    self.excel_export_action = file_menu.addAction("&Експорт в Excel…")
    self.excel_export_action.setShortcut(QKeySequence(EXPORT_SHORTCUT))
    self.excel_export_action.triggered.connect(self.export_excel)
    self.excel_import_action = file_menu.addAction("І&мпорт з Excel…")
    self.excel_import_action.setShortcut(QKeySequence(IMPORT_SHORTCUT))
    self.excel_import_action.triggered.connect(self.import_excel)
    self.restore_action = file_menu.addAction(
        "&Відновити з резервної копії…", lambda: restore_from_backup(self)
    )
    file_menu.addSeparator()
    self.send_program_action = file_menu.addAction("Надіслати &програму…")
    self.send_program_action.triggered.connect(self.send_program)
    file_menu.addSeparator()
    self.settings_action = file_menu.addAction("&Налаштування…")
    # Qt's Preferences key (Ctrl+,) binds only on macOS; Ctrl+Alt+S works everywhere.
    self.settings_action.setShortcuts(
        [
            QKeySequence("Ctrl+Alt+S"),
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences),
        ]
    )
    self.settings_action.triggered.connect(self.edit_settings)
    file_menu.addSeparator()
    self.data_file_action = file_menu.addAction(self.data_file_text)
    self.data_file_action.setEnabled(False)
    file_menu.aboutToShow.connect(lambda: self.data_file_action.setText(self.data_file_text))
    file_menu.addSeparator()
    self.quit_action = quit_action = file_menu.addAction("&Вийти")
    # Qt gives Quit no key on Windows; Ctrl+Q as everywhere else.
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    quit_action.triggered.connect(self.close)
    edit_menu = self.menuBar().addMenu("&Правка")
    edit_menu.addAction(self.undo_action)
    edit_menu.addAction(self.redo_action)
    edit_menu.addSeparator()
    edit_menu.addAction(self.find_action)
    edit_menu.addAction(self.next_unfilled_action)
    edit_menu.addSeparator()
    edit_menu.addAction(self.carry_measure_action)
    edit_menu.addAction(self.carry_all_action)
    edit_menu.addSeparator()
    edit_menu.addAction(self.structure_action)
    for action in self.structure_actions:
        edit_menu.addAction(action)
    report_menu = self.menuBar().addMenu("&Звіт")
    for number, (layout, title) in enumerate(TITLES.items(), start=1):
        action = report_menu.addAction(f"{title}…")
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _checked=False, layout=layout: self.render(layout))
        self.render_actions[layout] = action
    report_menu.addSeparator()
    self.received_action = report_menu.addAction("&Отримані звіти…")
    self.received_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    self.received_action.triggered.connect(self.show_received)
    self.send_action = report_menu.addAction("&Надіслати звіт…")
    self.send_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
    self.send_action.triggered.connect(self.send_report)
    self.view_menu = self.menuBar().addMenu("&Вигляд")
    self.view_menu.addAction(self.overview_action)
    self.view_menu.addSeparator()
    self.mine_action.setText("Лише &мої заходи")
    self.problems_action.setText("Лише заходи з &проблемами")
    self.mine_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
    self.problems_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    self.unfilled_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
    self.unfilled_action.setText("Лише &незаповнені заходи")
    self.view_menu.addAction(self.mine_action)
    self.view_menu.addAction(self.problems_action)
    self.view_menu.addAction(self.unfilled_action)
    self.view_menu.addSeparator()
    help_menu = self.menuBar().addMenu("&Довідка")
    self.help_action = help_menu.addAction("&Коротка довідка")
    self.help_action.setShortcut(QKeySequence("F1"))
    self.help_action.triggered.connect(self.show_help)
    help_menu.addAction("&Про програму", self._about)
