"""Presentation helpers for Slate's pages: the release-date slip chart and article highlighting."""
