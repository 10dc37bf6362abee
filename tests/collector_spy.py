"""Whether the cycle collector was paused (domain/collector.py) when a function ran."""

from __future__ import annotations

import gc


def collector_states(monkeypatch, module, name: str) -> list[bool]:
    """Wrap `module.name` so that each call records gc.isenabled(); the list fills in."""
    seen: list[bool] = []
    original = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen
