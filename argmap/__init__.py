"""argmap: a historiography argument mapper.

The pipeline, one module a stage::

    load.py     files -> YAML node trees + problems
    check.py    node trees -> problems, or a checked model (the rules of FORMAT.md)
    model.py    the checked model: frozen dataclasses with an index by id
    overlap.py  the one overlap analysis every view and document draws on
    cli.py      the command line, and the only module that prints
"""

__version__ = "0.1.0"
