import pytest

from ctb_desktop.domain.progress import Cancelled, Progress


def test_steps_reach_the_listener():
    heard = []
    progress = Progress(lambda done, total, text: heard.append((done, total, text)))
    progress.start(3, "початок")
    progress.step("a")
    progress.step("b", amount=5)
    assert heard == [(0, 3, "початок"), (1, 3, "a"), (3, 3, "b")]


def test_cancel_stops_the_job_at_its_next_step():
    progress = Progress()
    progress.start(10)
    progress.step()
    progress.cancel()
    assert progress.cancelled
    with pytest.raises(Cancelled, match="Скасовано"):
        progress.step()
