"""Selection: the facts a briefing may use, filtered by its ceiling before templates run; the leak scan after."""
