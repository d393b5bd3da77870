"""csi_tui.cli"""
