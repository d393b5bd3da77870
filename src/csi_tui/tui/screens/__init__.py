"""One screen per CSI step, plus dialogs."""
