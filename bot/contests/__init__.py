"""Where contests come from: the registry of contests, their definitions (files or JSON
wiki pages, the last valid one kept in force) and requests for an immediate run.

Nothing is imported here: ``contestbot health`` and ``check`` import only what they need."""
