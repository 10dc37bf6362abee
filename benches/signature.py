"""Speed of КЕП signature verification in pure Python, printed, never asserted.

    .venv/bin/python benches/signature.py

1. The demo annual report signed with ДСТУ 4145 (257-bit curve) over ГОСТ 34.311, as the
   ІІТ tools sign it, verified the way «Додати підпис» verifies it; and the same with
   «Купина-256». The key is a test one (tests/exchange/dstu_signing.py).
2. The real «Дія» sample with two timestamps (tests/exchange/kep_samples/uapki).
3. Hashing 1 MiB with ГОСТ 34.311-95 and with «Купина-256».

Targets: the demo report's signature ≤ 0.3 s, ГОСТ 34.311 ≤ 1 s per MiB.
The first figure of a process includes building the S-box tables once (reported apart).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed

from ctb_desktop.domain.periods import Period
from ctb_desktop.exchange.kep.gost34311 import gost34311
from ctb_desktop.exchange.kep.kupyna import kupyna
from ctb_desktop.exchange.signature import check_signature_file
from ctb_desktop.reports.context import ReportOptions, load_report_data
from ctb_desktop.reports.render import render
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo
from tests.exchange.dstu_signing import dstu_signature

GOST = "1.2.804.2.1.1.1.1.2.1"
KUPYNA_256 = "1.2.804.2.1.1.1.1.2.2.1"
SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "exchange" / "kep_samples"


def demo_report() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "demo.sqlite")
        program_id = fill_demo(db)
        data = load_report_data(db, program_id, Period.parse("2024-Y"))
        db.close()
    return render("annual", data, ReportOptions()).content


def main() -> None:
    started = time.perf_counter()
    gost34311(b"warm-up")
    kupyna(b"warm-up")
    print(f"S-box tables built once per process: {time.perf_counter() - started:.3f} s")
    document = demo_report()
    print("Targets: demo report's signature ≤ 0.3 s, ГОСТ 34.311 ≤ 1 s per MiB")
    for label, oid in (("ГОСТ 34.311", GOST), ("Купина-256", KUPYNA_256)):
        signature = dstu_signature(document, oid)
        check, seconds = timed(
            lambda s=signature: check_signature_file(s, "s.p7s", document, trust=None)
        )
        assert check.ok, check.notes
        print(
            f"demo report ({len(document) / 1024:.0f} KiB), ДСТУ 4145 + {label:<11} "
            f"verified in {seconds:.3f} s"
        )
    sample = (SAMPLES / "uapki" / "cades-t-attached.p7s").read_bytes()
    check, seconds = timed(lambda: check_signature_file(sample, "cades-t.p7s", None, trust=None))
    assert check.ok, check.notes
    print(f"«Дія» CAdES-T sample with two timestamps verified in {seconds:.3f} s")
    mebibyte = bytes(range(256)) * 4096
    for label, hash_function in (("ГОСТ 34.311-95", gost34311), ("Купина-256", kupyna)):
        _, seconds = timed(lambda f=hash_function: f(mebibyte), repeat=2)
        print(f"{label:<15} 1 MiB hashed in {seconds:.2f} s")


if __name__ == "__main__":
    main()
