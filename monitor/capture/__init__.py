"""Sources and capture: the polite HTTP client, its policy and guards, the raw store and WARC."""
