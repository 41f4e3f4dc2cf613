"""Message catalogs (shipped in the wheel as monitor.translations)."""
