"""Use cases. The CLI, the web pages and the JSON API are thin shells over these."""
