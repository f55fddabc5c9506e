"""Where entries come from: the ways participants declare their articles on the wikis.

Each source turns wikitext into ``Entry`` records and, for what it cannot understand,
``ReviewItem`` records with a located problem (a message key and its values, shown in
each results page's language); nothing a participant wrote is dropped silently.
"""
