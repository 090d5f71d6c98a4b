"""Build: planning stale targets, running them in worker processes, writing outputs, state, lock and depfiles."""
