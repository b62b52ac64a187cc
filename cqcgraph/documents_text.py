"""One surface form for a plain text, whatever the copy it came from: the changes of form that
carry no fact (what ``cqcgraph.perturb`` makes) undone before the text is read.

- line ends: CR LF and CR are LF;
- spaces: non-breaking, thin and figure spaces are spaces, and a line's trailing spaces and
  tabs are dropped;
- a label's colon or a sentence's stop followed by two spaces on a line with no other gap
  ("Overall rating:  Good") has one space, so a typewriter's spacing does not look like a
  table's columns;
- list items: every bullet mark (▪ · ● ◦ ‣ ■ □ ➢ ► ✓ ✔, a hyphen or an asterisk followed by a
  space) is "•", the mark the readers know;
- dashes: an em dash between two words ("safe?—Good") is a spaced en dash ("safe? – Good"), as
  CQC's reports write a rating after its question;
- a site's navigation and footer lines copied above and below the text (``NAVIGATION_LINES``)
  are dropped.

Each change keeps every word and line of the text (but the dropped navigation lines), so what
the text states stays stated. Imports the standard library only.
"""

from __future__ import annotations

import re

#: Lines of a website's menu, header and footer that a page copied whole from a browser carries
#: above and below its text (dropped only at the text's head and foot, and only as whole lines).
NAVIGATION_LINES = frozenset(s.lower() for s in (
    "Skip to main content", "Skip to content", "Menu", "Close menu", "Search", "Search CQC", "Home",
    "Find a care service", "Find and compare services", "Guidance and regulation", "Guidance for providers",
    "About us", "News", "Contact us", "Sign in", "Log in", "Register", "Give feedback on care",
    "Tell us about your care", "Careers", "Publications", "Get involved", "Accessibility",
    "Accessibility statement", "Cookies", "Cookie settings", "Privacy", "Privacy notice",
    "Terms and conditions", "Back to top", "Share this page", "Print this page", "Print",
    "Was this page useful?", "Is this page useful?", "Yes", "No", "Report a problem with this page",
    "Follow us", "Facebook", "Twitter", "X", "LinkedIn", "YouTube", "Instagram", "Sitemap", "Help",
))

_SPACES_RE = re.compile(r"[\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a]")
_BULLET_MARK_RE = re.compile(r"^(?P<indent>[ \t]*)(?:[▪·●◦‣■□➢►✓✔]|[*\-](?= ))[ \t]+(?=\S)")
_EM_DASH_RE = re.compile(r"(?<=[^\s\d])—(?=[^\s\d])")
_STOP_TWO_SPACES_RE = re.compile(r"(?<=\S[.:;])  (?=\S)")
_GAP_RE = re.compile(r"\S {2,}\S")


def _one_space_after_stops(line: str) -> str:
    """``line`` with a stop's two spaces as one, when they are its only gap."""
    if "\t" in line or "  " not in line.strip():
        return line
    once = _STOP_TWO_SPACES_RE.sub(" ", line)
    return once if not _GAP_RE.search(once.strip()) else line


def _without_navigation(lines: list[str]) -> list[str]:
    """``lines`` without the navigation lines at their head and foot."""
    def is_nav(line: str) -> bool:
        return line.strip().lower() in NAVIGATION_LINES

    start, end = 0, len(lines)
    while start < end and (is_nav(lines[start]) or not lines[start].strip()):
        start += 1
    while end > start and (is_nav(lines[end - 1]) or not lines[end - 1].strip()):
        end -= 1
    if start == end:  # nothing but navigation: kept as it is
        return lines
    head_nav = sum(1 for x in lines[:start] if x.strip())
    foot_nav = sum(1 for x in lines[end:] if x.strip())
    # one word alone above a text ("Home", "Menu") may be its title's remnant: two or more make a menu
    return lines[start if head_nav >= 2 else 0:end if foot_nav >= 2 else len(lines)]


def normalise(text: str) -> str:
    """``text`` in the one surface form the readers know.

    >>> normalise("Home\\nMenu\\n\\nOak Lodge  \\r\\n▪ Care home\\r\\nAre services safe?—Good\\nOverall:  Good")
    'Oak Lodge\\n• Care home\\nAre services safe? – Good\\nOverall: Good'
    """
    text = _SPACES_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        line = _BULLET_MARK_RE.sub(lambda m: m.group("indent") + "• ", line)
        line = _EM_DASH_RE.sub(" – ", line)
        lines.append(_one_space_after_stops(line))
    return "\n".join(_without_navigation(lines))


__all__ = ["NAVIGATION_LINES", "normalise"]
