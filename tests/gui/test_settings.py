"""The window's remembered choices belong to a database file, not to how its path was
typed (gui/settings.py database_key)."""

from ctb_desktop.gui.settings import Settings, database_key


def test_choices_are_kept_per_file_however_its_path_is_typed(qapp, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    settings = Settings()
    settings.set_choice("./a.sqlite", 3, "UA-07", "2024-Y")
    settings.set_last_measure("a.sqlite", 12)
    for typed in ("a.sqlite", str(tmp_path / "a.sqlite"), tmp_path / "sub" / ".." / "a.sqlite"):
        assert settings.choice(typed) == (3, "UA-07", "2024-Y"), typed
        assert settings.last_measure(typed) == 12, typed
    assert settings.choice(tmp_path / "b.sqlite") == (None, "", "")
    assert "/" not in database_key("./a.sqlite").removeprefix("choice/")
