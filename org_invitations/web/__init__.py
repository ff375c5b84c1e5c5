"""The HTTP side: the connexion app factory and the mechanisms all handlers share."""
