"""The wheel carries the app's data: resources/, templates/ and ui/ stay top-level folders
of the repository (the design card names them) and are copied into the built package as
ctb_desktop/_data/<folder>; storage/datafiles.app_dir() finds them there. An editable
install reads them from the checkout, so nothing is copied then."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("resources", "templates", "ui")
ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "ctb_desktop" / "_data"
        shutil.rmtree(target, ignore_errors=True)
        for folder in DATA_FOLDERS:
            shutil.copytree(
                ROOT / folder, target / folder, ignore=shutil.ignore_patterns("*.md", ".*")
            )


setup(cmdclass={"build_py": BuildWithData})
