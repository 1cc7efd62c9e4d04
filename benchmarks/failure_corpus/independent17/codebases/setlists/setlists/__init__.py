"""Concert setlist archive: shows, songs, tours, partner feeds and song statistics."""
