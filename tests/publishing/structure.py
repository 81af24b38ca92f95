"""Read a tagged PDF's structure tree as a screen reader or a PDF/UA validator walks it."""

import io
from dataclasses import dataclass, field

import pikepdf


@dataclass
class Node:
    """One structure element: its type, attributes, text (from its marked content) and kids."""

    tag: str
    attributes: dict = field(default_factory=dict)
    kids: list["Node"] = field(default_factory=list)
    text: str = ""

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_text(self) -> str:
        return self.text + "".join(kid.all_text() for kid in self.kids)

    def find(self, tag: str) -> list["Node"]:
        return [node for node in self.walk() if node.tag == tag]

    def outline(self, depth: int = 0) -> str:
        """The tree as indented lines, for a readable assertion message."""
        lines = ["  " * depth + self.tag + (f" {self.text[:40]!r}" if self.text.strip() else "")]
        lines += [kid.outline(depth + 1) for kid in self.kids]
        return "\n".join(lines)


def _mcid_text(pdf: pikepdf.Pdf) -> dict:
    """(page objgen, mcid) -> the text shown inside that marked content."""
    texts: dict = {}
    for page in pdf.pages:
        stack: list = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                stack.append(mcid)
            elif op == "EMC" and stack:
                stack.pop()
            elif op in ("Tj", "TJ") and stack and stack[-1] is not None:
                key = (page.obj.objgen, stack[-1])
                texts[key] = texts.get(key, "") + "·"  # glyph ids; we only need to know text is there
    return texts


def structure_tree(data: bytes) -> Node:
    """The document's structure tree from StructTreeRoot down (marked content as text marks)."""
    pdf = pikepdf.open(io.BytesIO(data))
    texts = _mcid_text(pdf)

    def build(obj, page) -> Node | None:
        if isinstance(obj, int):
            return Node("MCID", text=texts.get((page, int(obj)), "")) if page else None
        if not isinstance(obj, pikepdf.Dictionary):
            return None
        if obj.get("/Type") in (pikepdf.Name.MCR, pikepdf.Name.OBJR):
            return None
        pg = obj.get("/Pg")
        page = pg.objgen if pg is not None else page
        attributes = {}
        for a in _as_list(obj.get("/A")):
            if isinstance(a, pikepdf.Dictionary):
                attributes.update({str(k)[1:]: _plain(v) for k, v in a.items()})
        node = Node(str(obj.get("/S", "/?"))[1:], attributes)
        for kid in _as_list(obj.get("/K")):
            child = build(kid, page)
            if child is not None:
                if child.tag == "MCID":
                    node.text += child.text
                else:
                    node.kids.append(child)
        return node

    root = Node("StructTreeRoot")
    for kid in _as_list(pdf.Root.StructTreeRoot.get("/K")):
        child = build(kid, None)
        if child is not None:
            root.kids.append(child)
    return root


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]


def _plain(value):
    if isinstance(value, pikepdf.Name):
        return str(value)[1:]
    if isinstance(value, pikepdf.Array):
        return [_plain(v) for v in value]
    if isinstance(value, pikepdf.String):
        return str(value)
    return value
