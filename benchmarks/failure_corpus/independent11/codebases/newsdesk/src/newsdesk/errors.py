"""Domain exceptions of the newsdesk."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every newsdesk error."""


class StorageUnavailable(NewsdeskError):
    """The newsroom database could not be used."""


class DuplicateStory(NewsdeskError):
    """A story with the same slug is already on file."""


class WireError(NewsdeskError):
    """A news agency feed could not be read."""


class WireTimeout(WireError):
    """A news agency feed did not answer in time."""


class ContractViolation(NewsdeskError):
    """A partner payload or delivered file broke its declared contract."""


class SyndicationRejected(NewsdeskError):
    """The syndication partner refused a story."""


class RenderError(NewsdeskError):
    """The typesetter could not render a story."""


class StoryNotFound(NewsdeskError):
    """No story has the requested slug."""
