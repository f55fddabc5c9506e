"""Rules: pure functions from an entry and its facts to verdicts with evidence."""
