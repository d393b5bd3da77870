"""The cycle model and its TOML files: load, validate, save. Plain Python, no Textual."""
