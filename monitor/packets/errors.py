"""Named errors of packet building; each message is written for the person who asked."""

from __future__ import annotations


class PacketError(Exception):
    """Base of every error raised while selecting, rendering or writing a packet."""


class UnknownFacility(PacketError):
    """No facility has the slug, code or name given."""


class EmptySelection(PacketError):
    """The selection matched no facts, so there is nothing to put in a packet."""


class InvalidSelection(PacketError):
    """A selection value (date, category, source, item, Bates prefix) is malformed or unknown."""


class UnwritablePath(PacketError):
    """The output file cannot be created where it was asked for."""
