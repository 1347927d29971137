"""Moved to `nnbook.nn`; re-exported here only until nnbook.architectures imports it there."""

from nnbook.nn import *  # noqa: F403
