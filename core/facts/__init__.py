"""The facts of one application: where they come from, what they mean, the events a candidate records."""
