"""A tiny product under test, with bugs on purpose."""
