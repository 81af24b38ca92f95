"""The accessibility crawl (tests/e2e/test_accessibility_*.py): every page type a role reaches from /,
at 1280 and at 320 px, checked by axe-core with the WCAG 2.2 AA tags at every impact level, and for
sideways scrolling (WCAG 1.4.10 Reflow).

The crawl follows the links a person can follow (downloads, feeds and the admin left out), on the
demo data (`load_demo`): the seeds' memos, meetings, LTA, verzoeken and the collegevoorstel. It
visits each page type once per role (/memos/12/ and /memos/13/ are one type). Two files share the
roles, so that the two test workers crawl at the same time.
"""

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import axe_playwright_python
from django.core.management import call_command
from django.test import override_settings

from raadsmemo.memos.demo import DEMO_PASSWORD

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
WIDTHS = (1280, 320)
# Not pages: files, feeds, the admin, and links that act (log out, throw a draft away).
NOT_A_PAGE = re.compile(
    r"(\.(pdf|ics|csv|xlsx|zip|json)$|/pdf/|/atom|/ical|/beheer/|uitloggen|export|handtekeningen"
    r"|concept-weggooien|concept=)"
)


def page_type(path: str) -> str:
    return re.sub(r"\d+", "N", urlparse(path).path)


def links_on(page, base: str, path: str) -> list[str]:
    found = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        url = urlparse(urljoin(base + path, href))
        target = url.path + (f"?{url.query}" if url.query else "")
        if url.netloc == urlparse(base).netloc and not NOT_A_PAGE.search(target):
            found.append(target)
    return found


# axe-core as the axe-playwright-python package ships it, loaded into every page by the context
# (once per page, not once per check).
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def check(page) -> list[str]:
    """What is wrong with the page as shown, at each width."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for violation in page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{width}px {violation['id']} ({violation['impact']}): {targets}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{width}px: the page is {wide}px wide and scrolls sideways")
    return problems


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def load_demo() -> None:
    with override_settings(DEBUG=True), open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


def crawl(browser, base: str, roles: dict[str, bool]) -> tuple[dict, set]:
    """Crawl as each role ("" is a visitor who is not logged in); a role marked False checks only
    the page types no earlier role checked. Returns the problems per page and the types checked."""
    problems, checked = {}, set()
    for role, all_types in roles.items():
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.add_init_script(script=AXE_SOURCE)
        page = context.new_page()
        if role:
            login(page, base, role)
        queue, seen, types = ["/"], set(), set()
        while queue:
            path = queue.pop(0)
            kind = page_type(path)
            if path in seen or kind in types:
                continue
            seen.add(path)
            response = page.goto(base + path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            types.add(kind)
            if all_types or kind not in checked:
                checked.add(kind)
                for problem in check(page):
                    problems.setdefault(f"{role or 'bezoeker'} {path}", []).append(problem)
                page.set_viewport_size({"width": 1280, "height": 900})
            queue += [link for link in links_on(page, base, path) if link not in seen]
        context.close()
    return problems, checked
