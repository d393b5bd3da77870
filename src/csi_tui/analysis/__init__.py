"""csi_tui.analysis"""
