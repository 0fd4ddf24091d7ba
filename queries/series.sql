-- Time series of a measure for the given areas, every source, oldest first.
SELECT o.area_code, a.area_name, a.area_level, o.as_of, o.value, o.value_printed, s.source_id,
       s.title AS source_title, s.publisher AS source_publisher, s.locator AS source_locator, s.kind AS source_kind
FROM observations o JOIN areas a USING (area_code) JOIN sources s USING (source_id)
WHERE o.measure = $measure AND list_contains($area_codes, o.area_code)
ORDER BY o.area_code, o.as_of, s.source_id;
