"""The README's "Sending reports upward" section, run as it is written: its command
blocks, in order, on fresh databases, for three raions of Черкаська область, the
oblast and the ministry (issue 12)."""

import json
import re
import shlex
import shutil
from decimal import Decimal
from email import policy
from email.parser import BytesParser
from pathlib import Path

from ctb_desktop.cli.main import main
from ctb_desktop.domain.interchange import entries_to_dict
from ctb_desktop.storage.database import Database
from tests.exchange.network import report_entries

README = Path(__file__).resolve().parents[1] / "README.md"
# The raion the README names, and two more of the same oblast.
RAIONS = {
    "UA71080000000036344": ("Черкаська РВА", Decimal(1200)),
    "UA71060000000030325": ("Уманська РВА", Decimal(800)),
    "UA71040000000022553": ("Золотоніська РВА", Decimal(500)),
}
WRITTEN_RAION = "UA71080000000036344"


def readme_blocks() -> list[list[str]]:
    """The bash blocks of the section, each a list of commands."""
    section = README.read_text(encoding="utf-8").split("## Sending reports upward")[1]
    section = section.split("\n## ")[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    return [[line.strip() for line in block.splitlines() if line.strip()] for block in blocks]


def run_block(commands: list[str], capsys, replace: dict[str, str] | None = None) -> str:
    """Each line as the shell would split it, `ctb-desktop` being this app; all must
    succeed. The output of the whole block."""
    output = []
    for written in commands:
        line = written
        for old, new in (replace or {}).items():
            line = line.replace(old, new)
        argv = shlex.split(line)
        assert argv[0] == "ctb-desktop", line
        code = main(argv[1:])
        out, err = capsys.readouterr()
        assert code == 0, f"{line}\n{out}\n{err}"
        output.append(out)
    return "".join(output)


def test_the_readme_flow_works_as_written_for_three_raions(tmp_path, monkeypatch, capsys):
    ministry_block, oblast_block, raion_block, receive_block, top_block = readme_blocks()
    monkeypatch.chdir(tmp_path)
    out = run_block(ministry_block, capsys)
    assert "Програму «Державна цільова соціальна програма" in out

    out = run_block(oblast_block, capsys)
    assert "програму додано" in out
    assert "recipient = ctb@msp.gov.ua" in out  # the ministry's e-mail came in the package

    inbox = tmp_path / "ВХІДНІ"
    inbox.mkdir()
    for code, (short, amount) in RAIONS.items():
        home = tmp_path / code
        home.mkdir()
        shutil.copy(tmp_path / "Програма-Черкаська.ctbpkg", home)
        entries = report_entries("national-2025", code, amount, f"Проведено в {short}", short)
        (home / "звіт-району.json").write_text(
            json.dumps(entries_to_dict(entries), ensure_ascii=False), encoding="utf-8"
        )
        monkeypatch.chdir(home)
        out = run_block(raion_block, capsys, {WRITTEN_RAION: code})
        assert f"unit = {code}" in out
        assert "recipient = ctb@ck.gov.ua" in out
        assert "редакція 1" in out
        letter = BytesParser(policy=policy.default).parsebytes((home / "лист.eml").read_bytes())
        assert letter["To"] == "ctb@ck.gov.ua"
        assert short in letter["Subject"]
        shutil.copy(home / "звіт.ctbpkg", inbox / f"{code}.ctbpkg")

    monkeypatch.chdir(tmp_path)
    out = run_block(receive_block, capsys)
    assert out.count("отримано, дані внесено") == 3
    board = out.split("Звіти до «Черкаська обласна військова адміністрація» за 2025 рік\n")[1]
    board = board.split("Збережено")[0]
    # The raions by their short names, in the directory's order (КАТОТТГ).
    listed = [line for line in board.splitlines() if not line.startswith(" ")]
    assert listed == [
        "Звенигородська РВА",
        "Золотоніська РВА",
        "Уманська РВА",
        "Черкаська РВА",
    ]
    assert board.count("2025 рік: отримано") == 3
    zvenyhorodka = board.split("Звенигородська РВА\n")[1].split("Золотоніська")[0]
    assert "2025 рік: не надійшов" in zvenyhorodka or "2025 рік: строк ще не минув" in zvenyhorodka
    assert (tmp_path / "зведений.docx").is_file()

    out = run_block(top_block, capsys)
    assert "(Черкаська ОВА, 2025 рік, ред. 1): отримано, дані внесено" in out
    with Database.open(tmp_path / "мінсоцполітики.sqlite") as db:
        rows = db.execute(
            """SELECT u.code, sum(f.cash) FROM financing_entry f JOIN unit u ON u.id = f.unit_id
               GROUP BY u.code ORDER BY u.code"""
        ).fetchall()
    # The raions' money reached the ministry inside the oblast's package, in kopecks.
    assert dict(rows) == {code: int(amount * 2 * 100) for code, (_, amount) in RAIONS.items()}
