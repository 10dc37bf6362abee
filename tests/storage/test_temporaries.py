"""Temporaries a killed writer left behind are removed by the next write of the same
file; one still being written is not touched."""

import os

from ctb_desktop.storage.atomic import clean_temporaries, create_temporary, write_atomically


def test_the_next_write_removes_only_abandoned_temporaries(tmp_path):
    target = tmp_path / "Звіт [2025].docx"
    abandoned = tmp_path / ".Звіт [2025].docx.k1ll3d.tmp"
    abandoned.write_bytes(b"half a report")
    others = tmp_path / ".інший.docx.k1ll3d.tmp"
    others.write_bytes(b"another file's")
    handle, in_progress = create_temporary(tmp_path, f".{target.name}.")
    try:
        write_atomically(target, b"whole")
        assert target.read_bytes() == b"whole"
        assert not abandoned.exists()
        assert os.path.exists(in_progress)  # its writer is alive and holds it
        assert others.exists()  # cleaned when that file is written
    finally:
        os.close(handle)
    assert clean_temporaries(tmp_path, f".{target.name}.") == [
        tmp_path / os.path.basename(in_progress)
    ]
