"""Words for people: dates, timing, Markdown as plain text, message drafts and explanations."""
