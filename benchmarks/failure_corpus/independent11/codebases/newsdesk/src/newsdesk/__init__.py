"""Newsdesk: a newsroom publishing pipeline (wire intake, editing, publishing, syndication)."""
