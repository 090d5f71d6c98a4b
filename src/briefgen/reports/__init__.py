"""Reports for people: check, audit, diff and listings, over the content and the built briefs."""
