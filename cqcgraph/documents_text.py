"""One surface form for a plain text, whatever the copy it came from: the changes of form that
carry no fact (what ``cqcgraph.perturb`` makes) undone before the text is read.

- line ends: CR LF and CR are LF;
- spaces: non-breaking, thin and figure spaces are spaces, and a line's trailing spaces and
  tabs are dropped;
- a label's colon or a sentence's stop followed by two spaces on a line with no other gap
  ("Overall rating:  Good") has one space, so a typewriter's spacing does not look like a
  table's columns, and so has a label's colon followed by a tab, the line's only one
  ("Date of publication:\\t19 June 2019");
- list items: the items of a numbered list (1., 2., …) and every bullet mark (▪ · ● ◦ ‣ ■ □ ➢ ► ✓ ✔, a hyphen or an asterisk followed by a
  space) is "•", the mark the readers know;
- a list item wrapped over lines is one line;
- a text wrapped at one narrow width (80 characters or fewer, as a narrow page or a PDF's
  column gives it) has each paragraph and list item on one line, where the wrap broke it: a
  heading, an address, a label and a sentence's end before a capital keep their lines;
- dashes: an em dash between two words ("safe?—Good") is a spaced en dash ("safe? – Good"), as
  CQC's reports write a rating after its question;
- a heading copied in capitals ("RATINGS FOR OAK HOUSE", "SUMMARY OF FINDINGS", "KEY QUESTION:
  SAFE", "ARE SERVICES SAFE? – GOOD", "OAK LODGE REQUIRES IMPROVEMENT") or in Title Case
  ("Ratings For Oak House", "Our Inspection") is in the case CQC's reports write it ("Ratings for
  Oak House", "Summary of findings", "Key question: Safe", "Oak Lodge Requires improvement");
- a text copied double-spaced (a blank line between every two of its lines but a table's) has
  its lines back together, a blank line kept after a line that ends a sentence;
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

#: The words of CQC's headings that its reports write in lower case after a heading's first word
#: ("Ratings for …", "Summary of findings", "Are services safe?", "Requires improvement"); a
#: heading copied in capitals gets them back in lower case. No word here ends a name of a place
#: of care or a provider.
HEADING_WORDS = frozenset((
    "a", "an", "the", "of", "for", "to", "and", "in", "at", "on", "by", "with", "from", "we", "our", "your",
    "have", "has", "had", "this", "that", "what", "how", "is", "are", "was", "were", "it", "its", "they",
    "summary", "findings", "report", "ratings", "rating", "inspection", "improvement", "question",
    "questions", "key", "action", "actions", "taken", "take", "areas", "background", "overall", "about",
    "safe", "effective", "caring", "responsive", "well-led", "requires", "must", "should", "improve",
    "outstanding", "good", "inadequate", "details", "evidence", "appendix", "quality", "statement",
    "statements", "score", "scores", "latest", "previous", "current", "published", "date", "dates",
    "regulated", "activities", "enforcement", "requirement", "notices", "notice", "breaches",
    "information", "assessment", "assessments", "did", "not", "rated", "why", "where", "who",
))
#: Capitals a heading in capitals keeps: acronyms of CQC's texts.
ACRONYMS = frozenset(("NHS", "CQC", "GP", "GPS", "UK", "LLP", "LTD", "PLC", "CIC", "A&E", "HIV", "ICB", "CCG",
                      "ODS", "ID", "MRI", "CT", "ICU", "PICU", "CAMHS", "UEC", "OPD"))
_HEADING_LINE_RE = re.compile(r"^[A-Z][A-Za-z'’&()/,\- ]{1,60}\??$")


def _title_case_heading(s: str) -> str | None:
    """A heading in Title Case ("Ratings For Oak House", "Our Inspection", "Are Services Safe?")
    in the case CQC's reports write it ("Ratings for Oak House", "Our inspection"), or ``None``
    when the line is no such heading. Only the words that open it are recased, and only while
    each is one of CQC's heading words (``HEADING_WORDS``), two of them at least: what follows
    ("Oak House") may be a name, and a line opened by one heading word alone ("Quality Care
    Services", "Good Hope Lodge") or by an article ("The Good Care Group") may be a name too."""
    words = s.split(" ")
    bare = [w.strip("()?,").lower() for w in words]
    if len(words) < 2 or bare[0] in _ARTICLES or not all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return None
    if bare[0] not in _OPENING or bare[1] not in _OPENING or words[1] in ACRONYMS:
        return None
    out = [words[0]]
    opening = True
    for w, b in zip(words[1:], bare[1:], strict=True):
        opening = opening and (b in _OPENING or w == "&") and w.strip("()?,") not in ACRONYMS
        out.append(w.lower() if opening else w)
    return " ".join(out)


_ARTICLES = frozenset(("a", "an", "the"))
#: Words a heading in Title Case may have among its opening heading words, though a name may end
#: with them ("Are Services Safe?", "We Rated Caring As Good", "You Are Here", "During A Routine
#: Inspection", "Services We Rate").
_OPENING_WORDS = frozenset(("services", "service", "as", "you", "here", "during", "routine", "rate", "read",
                            "more", "history", "reports", "other", "inspections", "provided", "run",
                            "registered", "manager", "use", "resources", "checks", "specific", "location",
                            "locations", "people", "population", "groups", "people's"))
_OPENING = HEADING_WORDS | _OPENING_WORDS


def _heading_case(line: str) -> str:
    """A heading line copied in capitals in the case CQC's reports write it: its first word
    capitalised, CQC's heading words in lower case, a name's words capitalised, acronyms in
    capitals ("RATINGS FOR OAK HOUSE" is "Ratings for Oak House"). A line in Title Case has
    the heading words that open it in lower case (``_title_case_heading``): a name ("Oak Tree
    Practice") cannot be told from a heading by its case alone. So has a heading in Title Case
    before a spaced en dash ("Are Services Safe? – Good"), and a line's closing rating "Requires
    Improvement" after a name is in CQC's case ("Oak Lodge Requires improvement")."""
    head, dash, tail = line.partition(" – ")
    if dash and " – " not in tail and head.strip().upper() != head.strip() and _HEADING_LINE_RE.match(head.strip()):
        titled = _title_case_heading(head.strip())
        if titled is not None:
            return head[:len(head) - len(head.lstrip())] + titled + dash + tail
    s = line.strip()
    indent = line[:len(line) - len(line.lstrip())]
    if s.upper() == s and (capitals := _capitals_heading(s)) is not None:
        return indent + capitals
    words = s.split(" ")
    if not _HEADING_LINE_RE.match(s) or len(words) > 8 or "  " in s:
        return line
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 4 or s.upper() == s:
        return line
    titled = _title_case_heading(s)
    if titled is None and s.endswith(" Requires Improvement") and len(words) > 2:
        titled = s[:-len("Improvement")] + "improvement"
    return line if titled is None else indent + titled


#: A heading in capitals: letters, digits, an ampersand, a colon, a dash, brackets, a question
#: mark; ten words at most, and no table's gap.
_CAPITALS_LINE_RE = re.compile(r"^[A-Z0-9][A-Z0-9'’&()/,:*\-–? ]{2,90}$")
#: Where a heading in capitals has parts of its own: a label's colon, a spaced dash.
_CAPITALS_PARTS_RE = re.compile(r"(: | [–-] )")
#: What closes a name on CQC's title lines, as its pages write it, by its words in capitals: a
#: rating ("Oak Lodge Good", "Oak Lodge Requires improvement") and a report's title ("Oak
#: Lodge Quality Report").
_CLOSING_CASE = {"GOOD": "Good", "OUTSTANDING": "Outstanding", "INADEQUATE": "Inadequate",
                 "REQUIRES IMPROVEMENT": "Requires improvement", "NOT RATED": "Not rated",
                 "QUALITY REPORT": "Quality Report"}
#: Words a heading in capitals may open with besides ``_OPENING``'s, though a name may start with
#: them: the words of a service's kind and of a report's labels ("CARE HOME", "DATE OF INSPECTION
#: VISIT", "INSPECTION CARRIED OUT ON …", "ACTION THE PROVIDER MUST TAKE TO IMPROVE"); in capitals a
#: line has lost its case, so these read as CQC writes its labels.
_CAPITALS_OPENING = _OPENING | frozenset((
    "care", "home", "homes", "nursing", "visit", "visits", "publication", "carried", "out", "provider",
    "trust", "practice", "inspected", "improved", "improving", "agency", "hospital", "hospitals"))
#: Words CQC's headings write in capitals ("Action the provider MUST take to improve").
_KEPT_CAPITALS = frozenset(("MUST", "SHOULD"))
#: The forms a company's suffix in capitals takes in CQC's texts.
_SUFFIX_CASE = {"LTD": "Ltd", "LTD.": "Ltd."}


def _capitals_heading(s: str) -> str | None:
    """A heading copied in capitals ("RATINGS FOR OAK HOUSE", "KEY QUESTION: SAFE", "OUR
    RATINGS FOR THIS LOCATION", "ARE SERVICES SAFE? – GOOD", "OAK LODGE GOOD") in the case CQC's
    reports write it, or ``None`` for a line that is none: a label's colon and a spaced dash
    open parts of their own, each recased by ``_capitals_part``; a line with a postcode, a
    table's gap, or fewer than four letters is left as it is."""
    if not _CAPITALS_LINE_RE.match(s) or "  " in s or POSTCODE_RE.search(s) or len(s.split()) > 10:
        return None
    if sum(1 for c in s if c.isalpha()) < 4:
        return None
    pieces = _CAPITALS_PARTS_RE.split(s)
    return "".join(p if n % 2 else _capitals_part(p) for n, p in enumerate(pieces))


def _capitals_part(part: str) -> str:
    """One part of a heading in capitals in CQC's case: a rating or a report's title alone or
    closing a name ("GOOD", "OAK LODGE REQUIRES IMPROVEMENT") as CQC writes it (``_CLOSING_CASE``:
    "Good", "Oak Lodge Requires improvement"); else its first word capitalised, the heading words that open it and CQC's
    heading words after them in lower case, a name's words capitalised, acronyms and words with a
    digit kept."""
    words = part.split(" ")
    for rating, cased in _CLOSING_CASE.items():
        n = len(rating.split())
        if " ".join(words[-n:]) == rating:
            head = words[:-n]
            return " ".join([*(_capitals_words(head) if head else []), cased])
    return " ".join(_capitals_words(words))


def _capitals_words(words: list[str]) -> list[str]:
    out: list[str] = []
    opening = True
    for n, w in enumerate(words):
        bare = w.strip("()?,:*").lower()
        if w.strip("()?,:*") in ACRONYMS | _KEPT_CAPITALS or any(c.isdigit() for c in w) or not bare:
            out.append(_SUFFIX_CASE.get(w, w))
            opening = opening and w.strip("()?,:*") not in ACRONYMS
            continue
        opening = opening and bare in _CAPITALS_OPENING
        lower = n > 0 and (bare in HEADING_WORDS or opening)
        out.append(w.lower() if lower else _capitalised(w))
    return out


def _capitalised(word: str) -> str:
    """``word`` with its first letter in capitals and the others in lower case ("(KENDAL)" is
    "(Kendal)", "ST." is "St.")."""
    lower = word.lower()
    for i, c in enumerate(lower):
        if c.isalpha():
            return lower[:i] + c.upper() + lower[i + 1:]
    return word


_SPACES_RE = re.compile(r"[\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a]")
_BULLET_MARK_RE = re.compile(r"^(?P<indent>[ \t]*)(?:[▪·●◦‣■□➢►✓✔]|[*\-](?= ))[ \t]+(?=\S)")
_EM_DASH_RE = re.compile(r"(?<=\S)—(?=\S)(?<!\d—(?=\d))")
_STOP_TWO_SPACES_RE = re.compile(r"(?<=\S[.:;])  (?=\S)")
#: A gap between a table's columns: two spaces or more inside a line.
GAP_RE = re.compile(r"\S {2,}\S")


_LABEL_TAB_RE = re.compile(r"^(?P<label>[ \t]*[A-Z][^:\t]{0,50}:)\t(?=\S)")


def _one_space_after_stops(line: str) -> str:
    """``line`` with a stop's two spaces as one, when they are its only gap, and a label's
    colon followed by a tab ("Date of publication:\\t19 June 2019") with a space, when the tab is
    the line's only one: a word processor's spacing is no table's column."""
    if line.count("\t") == 1 and (labelled := _LABEL_TAB_RE.match(line)) and not GAP_RE.search(line):
        return labelled.group("label") + " " + line[labelled.end():]
    if "\t" in line or "  " not in line.strip():
        return line
    once = _STOP_TWO_SPACES_RE.sub(" ", line)
    return once if not GAP_RE.search(once.strip()) else line


_NUMBERED_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<n>\d{1,2})[.)][ \t]+(?=\S)")


def _numbered_items(lines: list[str], i: int) -> list[int]:
    """The items of the list numbered 1, 2, … from line ``i``, no more than 12 lines apart."""
    items, expected, j = [i], 2, i + 1
    while j < len(lines) and j - items[-1] <= 12:
        n = _NUMBERED_RE.match(lines[j])
        if n and int(n.group("n")) == expected:
            items.append(j)
            expected += 1
        elif n:
            break
        j += 1
    return items


def _restarted_items(lines: list[str], i: int, indent: str) -> list[int]:
    """The items from line ``i`` of a list whose every item is numbered 1 (each a list of its
    own, a paragraph between them, as a word processor numbers a bulleted list's items): the
    lines numbered 1 at ``indent`` that follow each other, no more than 12 lines apart, up to
    one that opens a list numbered 1, 2, …"""
    items, j = [i], i + 1
    while j < len(lines) and j - items[-1] <= 12:
        n = _NUMBERED_RE.match(lines[j])
        if n and n.group("indent") == indent and n.group("n") == "1" and len(_numbered_items(lines, j)) == 1:
            items.append(j)
        elif n:
            break
        j += 1
    return items


def _numbered_as_bullets(lines: list[str]) -> list[str]:
    """``lines`` with the items of a numbered list (1., 2., … or 1), 2), …, two or more, or two
    or more items each numbered 1 at the same indent) marked "•", as the readers know a list's
    items."""
    out = list(lines)
    i = 0
    while i < len(out):
        m = _NUMBERED_RE.match(out[i])
        if not (m and m.group("n") == "1"):
            i += 1
            continue
        items = _numbered_items(out, i)
        if len(items) == 1:
            items = _restarted_items(out, i, m.group("indent"))
        if len(items) >= 2:
            for k in items:
                out[k] = _NUMBERED_RE.sub(lambda m: m.group("indent") + "• ", out[k], count=1)
        i = items[-1] + 1
    return out


_ITEM_RE = re.compile(r"^[ \t]*• \S")
_LABEL_RE = re.compile(r"^[A-Z][^:]{0,50}:(?:\s|$)")


def _carries_on(last: str, line: str) -> bool:
    """``line`` carries on the list item whose last line so far is ``last``: ``last`` is a line
    wrapped (long, not broken inside a word), and ``line`` is running text (no bullet, no table
    gap, no label) that starts in lower case, with a bracket or a number (a capital may start the
    next paragraph, where a list ends without a blank line)."""
    s = line.strip()
    if not s or len(last.strip()) < 40 or re.search(r"\w-$", last) or _ITEM_RE.match(line):
        return False
    if is_table_line(line) or _LABEL_RE.match(s):
        return False
    return s[0].islower() or s[0] in "(£" or s[0].isdigit()


def _items_on_one_line(lines: list[str]) -> list[str]:
    """``lines`` with each wrapped list item's lines joined onto its bullet's line, as a web
    page gives a list."""
    out: list[str] = []
    in_item = False
    last = ""
    for line in lines:
        if in_item and _carries_on(last, line):
            out[-1] = out[-1] + " " + line.strip()
            last = line
            continue
        in_item = bool(_ITEM_RE.match(line))
        last = line
        out.append(line)
    return out


#: A line's end that may end its paragraph: a sentence's stop, a question's or a label's colon,
#: with its closing quote or bracket.
_MAY_END_RE = re.compile(r"[.!?:;]['\"”’)]*$")
#: A postcode: a line with one is an address's, kept whole as a page lays it out.
POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
#: What a wrap keeps on one line at the head of the next: a date, a regulation's citation, money.
_HEAD_UNIT_RE = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|[A-Z][a-z]+\s+\d{4}|Regulations?\s+\d+[\w()]*|£\s?[\d,.]+(?:\s+(?:million|thousand))?)(?=\W|$)")


#: The widest wrap joined again: a text wrapped at no more than 80 characters (a narrow page, a
#: PDF's column) has its paragraphs on one line. A text wrapped wider keeps its lines, which the
#: readers' patterns read line by line as they are.
_WIDEST_WRAP = 80
#: How near a wrapped text's width its full lines come: a wrap breaks a line before a word that
#: would not fit, so a full line falls short of the width by less than a long word.
_FULL_LINE = 12


def is_table_line(line: str) -> bool:
    """A row of a table: a tab, a gap between columns, or a cell alone far to the right."""
    return "\t" in line or bool(GAP_RE.search(line.strip())) or line.startswith(" " * 8)


def _is_running_text(line: str) -> bool:
    """A line of running text: no table's row (``is_table_line``), not a "Key: value" label."""
    s = line.strip()
    return bool(s) and not is_table_line(line) and not _LABEL_RE.match(s)


def _wrapped_at_width(last: str, line: str, width: int) -> bool:
    """``line`` goes on the paragraph ``last`` is a line of, a text wrapped at ``width`` (its
    longest line of prose) having broken it there: ``last`` is full (the first word of
    ``line``, or the date or citation it opens with, would not have fitted on it), it does not
    end a sentence before a capital, and neither line is broken inside a word. A short line
    (under 40 characters) or a long one (over ``_WIDEST_WRAP``) is no wrapped one, and a line
    with a postcode is an address's."""
    if not 40 <= len(last.strip()) <= _WIDEST_WRAP or POSTCODE_RE.search(last) or POSTCODE_RE.search(line):
        return False
    head = _HEAD_UNIT_RE.match(line.strip())
    first = head.group() if head else line.split()[0]
    if len(last.rstrip()) + 1 + len(first) <= width or re.search(r"\w-$", last.rstrip()):
        return False
    return not _MAY_END_RE.search(last.rstrip()) or line.strip()[0].islower()


def _wrap_width(lines: list[str]) -> int | None:
    """The width a text's prose is wrapped at, if it is: its longest line of running text or of
    a list item (an address's line and a label's left aside, as a wrap keeps them whole) is no
    longer than ``_WIDEST_WRAP`` and three lines or more come within ``_FULL_LINE`` characters
    of it, as a wrap at one width fills its lines. None for a text whose paragraphs are lines."""
    widths = [len(x.rstrip()) for x in lines
              if (_is_running_text(x) or _ITEM_RE.match(x)) and not POSTCODE_RE.search(x)]
    if not widths or max(widths) > _WIDEST_WRAP:
        return None
    width = max(widths)
    return width if sum(1 for w in widths if w >= width - _FULL_LINE) >= 3 else None


def _paragraphs_on_one_line(lines: list[str]) -> list[str]:
    """``lines`` with each paragraph and list item of a text wrapped at one width (as a PDF's text
    or a narrow page is) on one line, as a web page gives it. A line is joined to the one above
    only where a wrap at that width broke it: a heading, an address, a label or a sentence's end
    before a capital keep their lines; a text not wrapped at one width is left as it is."""
    width = _wrap_width(lines)
    if width is None:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else ""
        if (out and prev.strip() and (_is_running_text(prev) or _ITEM_RE.match(prev))
                and _is_running_text(line) and not _ITEM_RE.match(line)
                and _wrapped_at_width(prev, line, width)):
            out[-1] = out[-1] + " " + line.strip()
            continue
        out.append(line)
    return out


def _double_spaced(lines: list[str]) -> bool:
    """A text with a blank line between every two lines of it (but a table's), as a page copied
    double-spaced is: no two lines of running text, list items or headings follow each other,
    and six or more are one blank line apart."""
    apart = 0
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if a.strip() and b.strip() and not is_table_line(a) and not is_table_line(b):
            return False
        if (a.strip() and not b.strip() and i + 2 < len(lines) and lines[i + 2].strip()
                and not is_table_line(a) and not is_table_line(lines[i + 2])):
            apart += 1
    return apart >= 6


#: A sentence's end closing a line: a stop, a question or an exclamation mark, with its closing
#: quote or bracket.
_SENTENCE_END_RE = re.compile(r"[.!?]['\"”’)]*$")


def _single_spaced(lines: list[str]) -> list[str]:
    """``lines`` of a double-spaced text (``_double_spaced``) with the blank lines between its
    lines dropped, as the text was before it was double-spaced: a blank line is kept after a
    line that ends a sentence (a paragraph may end there), and two or more blank lines are one."""
    if not _double_spaced(lines):
        return lines
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].strip():
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j - i > 1 or not out or j == len(lines) or _SENTENCE_END_RE.search(out[-1].rstrip()):
            out.append("")
        i = j
    return out


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
        lines.append(_heading_case(_one_space_after_stops(line)))
    lines = _single_spaced(lines)
    return "\n".join(_without_navigation(_items_on_one_line(_paragraphs_on_one_line(_numbered_as_bullets(lines)))))


__all__ = ["GAP_RE", "NAVIGATION_LINES", "POSTCODE_RE", "is_table_line", "normalise"]
