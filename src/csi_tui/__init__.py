"""csi-tui: run the ITIL Continual Service Improvement seven-step process in a terminal."""

__version__ = "0.1.0"
