"""A report package exported into a deep (OneDrive-like) folder under Windows' MAX_PATH:
the document to sign beside it gets a name short enough to be written and signed."""

from ctb_desktop.storage import long_paths
from tests.storage.test_windows_atomic import deep_folder
from tests.test_cli import run
from tests.test_cli_exchange import DISTRICT, _export, district, oblast  # noqa: F401 (fixtures)


def test_the_document_to_sign_is_shortened_to_fit_a_deep_folder(
    tmp_path,
    district,
    capsys,
    monkeypatch,  # noqa: F811
):
    monkeypatch.setattr(long_paths, "path_limit", lambda: long_paths.WINDOWS_MAX_PATH)
    folder = deep_folder(tmp_path / "OneDrive - Смілянська РДА", 220)
    package, _ = _export(capsys, district, folder, 1200)
    [document] = [p for p in folder.iterdir() if p.suffix == ".docx"]
    # The whole name (58 characters) needs 279: cut after a whole word, the ending kept.
    assert document.name == "Звіт_про_результати_виконання.docx"
    assert long_paths.path_length(document) <= 259
    # A name the clerk chose that cannot fit is refused plainly, nothing half-written.
    code, _out, err = run(
        capsys, "--db", district, "package", "export", "--period", "2025-Y", "--unit", DISTRICT,
        "-o", folder / ("Звіт" * 20 + ".ctbpkg"),
    )  # fmt: skip
    assert code == 1
    assert "задовгий" in err and "Windows дозволяє не більше 259" in err
