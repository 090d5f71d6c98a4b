"""Selection: the facts a briefing may use, filtered by its marking ceiling before any template runs, and the leak scan after."""
