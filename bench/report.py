"""docs/benchmarks.md: each benchmark that runs in a process of its own keeps a section there."""

from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def put_section(lines: list[str], start: str, end: str) -> None:
    """Replace the section between the markers start and end (the lines hold both), or add it at
    the end; the rest of the file stays as it is."""
    report = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    block = "\n".join(lines)
    if start in report:
        before, rest = report.split(start, 1)
        report = before + block + rest.split(end, 1)[1]
    else:
        report = report.rstrip("\n") + "\n\n" + block + "\n"
    REPORT.write_text(report, encoding="utf-8")
