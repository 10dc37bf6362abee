import gc
import threading

import pytest

from ctb_desktop.importers import program_import
from ctb_desktop.importers.collector import collector_paused
from tests.importers import fixtures


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_for_the_block_and_runs_again_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="зламаний файл"), collector_paused():
        raise ValueError("зламаний файл")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_on_two_threads_end_with_the_last(collector_on):
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = []

    def second():
        first_in.wait()
        with collector_paused():
            second_in.set()
            first_out.wait()
            seen.append(gc.isenabled())  # the first has ended, this one has not

    worker = threading.Thread(target=second)
    worker.start()
    with collector_paused():
        first_in.set()
        second_in.wait()
    first_out.set()
    worker.join()
    assert seen == [False]
    assert gc.isenabled()


def test_an_import_reads_and_parses_with_the_collector_paused(collector_on, monkeypatch, tmp_path):
    seen = []
    read = program_import.read_document

    def reading(path):
        seen.append(gc.isenabled())
        return read(path)

    monkeypatch.setattr(program_import, "read_document", reading)
    plan = program_import.plan_import(None, fixtures.program_docx(tmp_path / "програма.docx"))
    assert seen == [False] and plan.program.all_measures
    assert gc.isenabled()
