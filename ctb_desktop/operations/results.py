"""What operations return that several of them share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Saved:
    """A document written to `path` in `layout`, and what to warn about it."""

    path: Path
    layout: str
    warnings: list[str] = field(default_factory=list)
