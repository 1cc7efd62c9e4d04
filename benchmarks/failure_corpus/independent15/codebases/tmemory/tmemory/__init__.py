"""Translation-memory service: segments, fuzzy matches, glossaries, MT and TMX exchange."""
