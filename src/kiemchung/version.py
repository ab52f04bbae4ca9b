"""The release, in one place: the package, the API's description and the fetcher's User-Agent
read it here (``pyproject.toml`` repeats it for the build)."""

__version__ = "0.16.0"
