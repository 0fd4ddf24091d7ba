-- Notes the last build left for viewers (e.g. imports that could not be carried over).
SELECT key, value FROM core.meta WHERE key <> 'input_fingerprint' ORDER BY key;
