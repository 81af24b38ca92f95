#!/usr/bin/env python3
# Copied from shared/tools/pdfcheck.py so the suite runs on a clean checkout; keep the two in step.
"""Structural accessibility/archival check of a PDF (a subset of what PDF/UA-1 and PDF/A require).

Usage: pdfcheck.py FILE.pdf [--json]
Exit 0 when every check passes. Needs pikepdf.
Checks: tagged (MarkInfo, StructTreeRoot), /Lang, title shown (DisplayDocTitle + dc:title),
XMP pdfuaid/pdfaid claims, fonts embedded, outline present, every text-showing operator inside
marked content, every MCID on a page reachable from the structure tree (no orphans),
links tagged (StructParent) and described (/Contents), and every character that the text claims
(ToUnicode) drawn with the embedded font's own glyph for it (a wrong or missing glyph looks like
garbage on paper while text extraction still reads fine; needs fontTools).
"""
import io
import json
import re
import sys

import pikepdf
from pikepdf import Name


def struct_mcids(pdf):
    """Map page objgen -> set of MCIDs that the structure tree reaches from the root."""
    found = {}
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return found, 0
    seen = set()
    elems = 0
    stack = [(root.get("/K"), None)]
    while stack:
        k, page = stack.pop()
        if k is None:
            continue
        if isinstance(k, pikepdf.Array):
            for x in k:
                stack.append((x, page))
            continue
        if isinstance(k, int):
            if page is not None:
                found.setdefault(page, set()).add(int(k))
            continue
        if isinstance(k, pikepdf.Dictionary):
            if k.is_indirect:
                if k.objgen in seen:
                    continue
                seen.add(k.objgen)
            typ = k.get("/Type")
            pg = k.get("/Pg")
            p = pg.objgen if pg is not None else page
            if typ == Name("/MCR"):
                if p is not None and "/MCID" in k:
                    found.setdefault(p, set()).add(int(k.MCID))
                continue
            if typ == Name("/OBJR"):
                continue
            elems += 1
            stack.append((k.get("/K"), p))
    return found, elems


TEXT_OPS = {"Tj", "TJ", "'", '"'}


def page_content(page):
    """Walk a page's content: MCIDs used, text ops outside marked content, artifact count."""
    mcids = set()
    untagged_text = 0
    artifacts = 0
    depth = []
    for operands, op in pikepdf.parse_content_stream(page):
        o = str(op)
        if o in ("BDC", "BMC"):
            tag = str(operands[0])
            mcid = None
            if o == "BDC" and len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary):
                if "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
            depth.append((tag, mcid))
            if mcid is not None:
                mcids.add(mcid)
            if tag == "/Artifact":
                artifacts += 1
        elif o == "EMC":
            if depth:
                depth.pop()
        elif o in TEXT_OPS:
            if not depth:
                untagged_text += 1
    return mcids, untagged_text, artifacts


def _tounicode(stream):
    """CID -> text, from a ToUnicode CMap (bfchar and bfrange entries)."""
    data = stream.read_bytes().decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            a, b, d = int(a, 16), int(b, 16), int(dst, 16)
            for i in range(a, b + 1):
                out[i] = chr(d + i - a)
    return out


def glyph_mismatches(pdf):
    """Characters whose drawn glyph is not the embedded font's glyph for them (CID fonts)."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return ["fontTools is not installed: glyphs not checked"]
    bad, seen = [], set()
    for page in pdf.pages:
        for _, f in page.obj.get("/Resources", {}).get("/Font", {}).items():
            if f.objgen in seen or "/DescendantFonts" not in f or "/ToUnicode" not in f:
                continue
            seen.add(f.objgen)
            d = f.DescendantFonts[0]
            fd = d.get("/FontDescriptor")
            ff = fd.get("/FontFile2") if fd is not None else None
            if ff is None:
                continue
            try:
                font = TTFont(io.BytesIO(ff.read_bytes()))
            except Exception as e:  # noqa: BLE001
                bad.append(f"{f.get('/BaseFont')}: embedded font does not parse ({e})")
                continue
            cmap = font.getBestCmap() or {}
            order = font.getGlyphOrder()
            c2g = d.get("/CIDToGIDMap")
            c2g = c2g.read_bytes() if isinstance(c2g, pikepdf.Stream) else None
            for cid, text in sorted(_tounicode(f.ToUnicode).items()):
                if len(text) != 1 or text.isspace():
                    continue
                gid = cid if c2g is None else int.from_bytes(c2g[2 * cid:2 * cid + 2], "big")
                want = cmap.get(ord(text))
                if want is None:
                    bad.append(f"{f.get('/BaseFont')}: '{text}' (U+{ord(text):04X}) has no glyph in the embedded font")
                elif gid >= len(order) or order[gid] != want:
                    bad.append(f"{f.get('/BaseFont')}: '{text}' (U+{ord(text):04X}) drawn with another glyph")
    return bad


def check(path):
    pdf = pikepdf.open(path)
    res = {"file": path, "pages": len(pdf.pages)}
    root = pdf.Root
    mark = root.get("/MarkInfo")
    res["marked"] = bool(mark is not None and mark.get("/Marked", False))
    res["lang"] = str(root.get("/Lang", "")) or None
    vp = root.get("/ViewerPreferences")
    res["display_doc_title"] = bool(vp is not None and vp.get("/DisplayDocTitle", False))
    with pdf.open_metadata() as meta:
        res["dc_title"] = meta.get("dc:title") or None
        res["pdfua_part"] = meta.get("pdfuaid:part")
        res["pdfa_part"] = meta.get("pdfaid:part")
        res["pdfa_conformance"] = meta.get("pdfaid:conformance")
    res["outline_items"] = 0
    with pdf.open_outline() as ol:
        def count(items):
            n = 0
            for it in items:
                n += 1 + count(it.children)
            return n
        res["outline_items"] = count(ol.root)
    tree, elems = struct_mcids(pdf)
    res["struct_elements"] = elems
    orphans = 0
    untagged = 0
    used = 0
    links = links_untagged = links_undescribed = 0
    for page in pdf.pages:
        mc, ut, _ = page_content(page)
        used += len(mc)
        reached = tree.get(page.obj.objgen, set())
        orphans += len(mc - reached)
        untagged += ut
        for a in page.obj.get("/Annots", []):
            if a.get("/Subtype") == Name("/Link"):
                links += 1
                if "/StructParent" not in a:
                    links_untagged += 1
                if "/Contents" not in a:
                    links_undescribed += 1
    res.update(mcids=used, orphan_mcids=orphans, untagged_text_ops=untagged, links=links,
               links_untagged=links_untagged, links_undescribed=links_undescribed)
    unembedded = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, f in fonts.items():
            fds = [f]
            if "/DescendantFonts" in f:
                fds = list(f.DescendantFonts)
            for d in fds:
                fd = d.get("/FontDescriptor")
                if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    unembedded.add(str(f.get("/BaseFont")))
    res["fonts_not_embedded"] = sorted(unembedded)
    res["glyph_mismatches"] = glyph_mismatches(pdf)
    failures = []
    if not res["marked"]: failures.append("not marked as tagged")
    if not elems: failures.append("no structure tree")
    if not (res["lang"] or "").lower().startswith("nl"): failures.append(f"lang {res['lang']!r}")
    if not res["display_doc_title"]: failures.append("DisplayDocTitle not set")
    if not res["dc_title"]: failures.append("no dc:title")
    if not res["pdfua_part"]: failures.append("no pdfuaid claim")
    if orphans: failures.append(f"{orphans} MCIDs not in structure tree")
    if untagged: failures.append(f"{untagged} text operators outside marked content")
    if links_untagged: failures.append(f"{links_untagged} links without StructParent")
    if links_undescribed: failures.append(f"{links_undescribed} links without /Contents")
    if unembedded: failures.append(f"fonts not embedded: {sorted(unembedded)}")
    if res["outline_items"] == 0: failures.append("no bookmarks")
    if res["glyph_mismatches"]:
        failures.append(f"{len(res['glyph_mismatches'])} characters drawn with a wrong or missing glyph, "
                        f"e.g. {res['glyph_mismatches'][0]}")
    res["failures"] = failures
    return res


if __name__ == "__main__":
    r = check(sys.argv[1])
    if "--json" in sys.argv:
        print(json.dumps(r, indent=1, default=str))
    else:
        for k, v in r.items():
            if k != "failures":
                print(f"{k}: {v}")
        print("FAIL: " + "; ".join(r["failures"]) if r["failures"] else "PASS")
    sys.exit(1 if r["failures"] else 0)
