"""csi_tui.data"""
