"""Validate the API's documents against the ODS schemas with tests/api/ods_validate.py (a copy of
../shared/tools/ods_validate.py), imported rather than run per document: the schemas are built once.

Two checks per document:
- the mini-ORI specification in strict mode (no property it does not declare), on the document
  without our own `raadsmemo:` fields and without the fields that only the full ORI specification
  declares. Strict mode also settles the mini-ORI's `Organisatie` oneOf, whose alternatives
  otherwise all match (a known quirk of the specification);
- the full ORI specification as it is (other properties allowed), on the whole document.
A misspelt ODS field name fails the first check; a wrong type or a missing required field both.
"""

import functools
from pathlib import Path

from jsonschema import Draft202012Validator

from tests.api import ods_validate as tool

HERE = Path(__file__).parent / "ods"
MINI, FULL = HERE / "mini-ORI-openapi.yaml", HERE / "openapi.yaml"


@functools.cache
def spec(path: Path) -> dict:
    return tool.load_spec(str(path))


@functools.cache
def validator(path: Path, schema: str, strict: bool) -> Draft202012Validator:
    return Draft202012Validator(
        tool.build_root(spec(path), schema, strict), format_checker=tool.make_format_checker()
    )


def _errors(path: Path, schema: str, document, strict: bool) -> list[str]:
    found = validator(path, schema, strict).iter_errors(document)
    return [
        f"{path.name} {schema}{' strict' if strict else ''}: {line}"
        for e in found
        for line in tool.report(e, "$")
    ]


def declared(path: Path, schema: str) -> set[str]:
    return set(spec(path)["components"]["schemas"][schema].get("properties", {}))


def ods_part(document: dict, schema: str) -> dict:
    """The document without our own fields and without what only the full ORI specification declares."""
    full_only = declared(FULL, schema) - declared(MINI, schema)
    return {k: v for k, v in document.items() if not k.startswith("raadsmemo:") and k not in full_only}


# The full ORI's Fractie has `gemeente: {gemeentecode, gemeentenaam}` where the mini-ORI (which we
# follow) has the TOOI code, `gemeente: {gemeente: "gm0014"}`: a Fractie is checked against the mini-ORI only.
MINI_ONLY = {"Fractie"}


def violations(document: dict, schema: str) -> list[str]:
    """What is wrong with one document (a Vergadering, Agendapunt, InformatieObject or Fractie)."""
    problems = _errors(MINI, schema, ods_part(document, schema), True)
    if schema not in MINI_ONLY:
        problems += _errors(FULL, schema, document, False)
    return problems


def page_violations(page: dict, schema: str) -> list[str]:
    """A page: the envelope as the mini-ORI's Paginated<schema>List (strict, without `count`), and
    every result as above."""
    envelope = {**page, "results": [ods_part(result, schema) for result in page["results"]]}
    envelope.pop("count")  # DRF's count, which the ODS Paginated lists (DRF's shape) leave out
    problems = _errors(MINI, f"Paginated{schema}List", envelope, True)
    for index, result in enumerate(page["results"]):
        problems += [f"results[{index}]: {p}" for p in violations(result, schema)]
    return problems
