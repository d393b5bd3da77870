"""csi_tui.report"""
