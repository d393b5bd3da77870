"""csi_tui.sample"""
