"""F1: the short Ukrainian guide shipped with the app (resources/help/guide.html) in a
window of its own, with its screenshots."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from ctb_desktop.storage.datafiles import resources_dir

GUIDE = "help/guide.html"


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle("Довідка")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        path = resources_dir() / GUIDE
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        QVBoxLayout(self).addWidget(self.browser)
        screen = self.screen().availableGeometry()
        self.resize(min(760, screen.width() - 40), min(680, screen.height() - 60))
