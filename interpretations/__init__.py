"""The bundled topics: data only. Installed inside argmap as ``argmap.topics`` (see
pyproject.toml), so that `argmap example` and every command's default topic work after
``pip install``."""
