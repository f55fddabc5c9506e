"""Facts from the wikis: batched, serial reads through pywikibot."""
