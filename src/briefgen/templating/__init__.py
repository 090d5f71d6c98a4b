"""Templating: a briefing's template run in Jinja's sandbox, to Markdown that knows what each piece rests on
(facts printed, cited, or the team's own words) and its marking."""
