"""Compiled reads: query documents planned once and executed level by level (see `executor`)."""
