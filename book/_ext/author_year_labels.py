"""Author-year labels for the bibliography list, as the chapters cite: "LeCun et al., 1998".

The chapters cite with sphinxcontrib-bibtex's ``author_year`` reference style, but the
list on the references page takes its labels from the formatting style, whose labels
are numbers ("[1]"). This extension registers the pybtex formatting style
``plain_author_year``: pybtex's ``plain`` entries, labelled by surname(s) and year.
Use it with ``:style: plain_author_year`` in the ``bibliography`` directive.
"""

from __future__ import annotations

from collections import Counter
from string import ascii_lowercase

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle

STYLE_NAME = "plain_author_year"


def _surname(person) -> str:
    latex = " ".join(person.prelast_names + person.last_names)
    return Text.from_latex(latex).render_as("text")


def author_year_label(entry) -> str:
    """``Surname, year``, ``A and B, year`` or ``A et al., year`` (``n.d.``: no year)."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(p) for p in people]
    if not names:
        who = entry.key
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelStyle(BaseLabelStyle):
    """Author-year labels; equal labels get a, b, c... after the year."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year_label(e) for e in entries]
        counts = Counter(labels)
        seen: Counter = Counter()
        for label in labels:
            if counts[label] > 1:
                suffix = ascii_lowercase[seen[label] % 26]
                seen[label] += 1
                label = f"{label}{suffix}"
            yield label


class PlainAuthorYearStyle(PlainStyle):
    """pybtex's ``plain`` style with :class:`AuthorYearLabelStyle` labels."""

    default_label_style = AuthorYearLabelStyle


def setup(app):
    register_plugin("pybtex.style.formatting", STYLE_NAME, PlainAuthorYearStyle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
