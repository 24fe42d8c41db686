"""What pages share: names, widgets, params, the address."""
