"""Where the installed ontology, shapes and named queries live.

In a wheel they are package data under ``cqcgraph/_data``; in a checkout (or an editable
install) they are the top-level folders of the repository. Imports only the standard library.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(name: str) -> Path:
    """Return the folder ``ontology``, ``shapes`` or ``queries`` as installed.

    >>> data_dir("ontology").name
    'ontology'
    """
    packaged = Path(str(resources.files("cqcgraph"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"cqcgraph data folder {name!r} is not installed")
