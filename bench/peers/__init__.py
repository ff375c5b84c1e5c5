"""The apps `make bench` measures ours against: FastAPI and bare Starlette over our core, and the floor."""
