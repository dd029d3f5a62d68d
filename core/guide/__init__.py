"""The guide website: static pages generated from the same rulesets that drive the checklists."""
