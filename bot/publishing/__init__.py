"""Writing the rendered blocks back to the wikis: between the bot's markers, only on change."""
