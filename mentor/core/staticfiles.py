"""The static files' storage in production: whitenoise's compressed manifest storage, with
each file's URL worked out once per process.

Every page asks for some twenty static URLs (the DSFR's styles and scripts, Mentor's own),
and each one costs a manifest lookup, a quoting and a URL join. The manifest is read once,
when the storage is created, and never changes while the process lives (a deployment
starts new processes): the URL of a name is the same for its whole life, so it is kept.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

#: More names than the templates ask for: a bound, in case a template builds them.
_MAX_URLS = 4096


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False) -> str:
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = super().url(name)  # a name missing from the manifest raises: not kept
            if len(self._urls) >= _MAX_URLS:
                self._urls.clear()
            self._urls[name] = found
        return found

    def post_process(self, *args, **kwargs):
        # collectstatic writes a new manifest: forget what the old one said.
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
