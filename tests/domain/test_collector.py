"""The cycle collector paused while a report is built, and resumed as it was."""

import gc
import threading

import pytest

from ctb_desktop.domain.collector import collector_paused


def test_the_collector_is_paused_inside_and_resumed_after_the_last_pause():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_overlapping_on_threads_resume_it_once_both_end():
    inside, release = threading.Event(), threading.Event()

    def render_elsewhere():
        with collector_paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=render_elsewhere)
    with collector_paused():
        worker.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the worker's report is still being built
    release.set()
    worker.join(5)
    assert gc.isenabled()


def test_an_error_inside_resumes_the_collector():
    with pytest.raises(ValueError, match="broken"), collector_paused():
        raise ValueError("a broken template")
    assert gc.isenabled()


@collector_paused()
def _decorated() -> bool:
    return gc.isenabled()


def test_as_a_decorator_each_call_pauses_it():
    assert _decorated() is False
    assert _decorated() is False
    assert gc.isenabled()
