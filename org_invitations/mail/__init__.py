"""Email: invitation notices rendered from templates, and the transports that carry them."""
