-- Figures of a measure for given areas (e.g. the prefecture and the nation) on one date, every source.
SELECT o.area_code, a.area_name, o.value, o.value_printed, o.as_of, s.source_id, s.title AS source_title,
       s.publisher AS source_publisher, s.locator AS source_locator
FROM observations o JOIN areas a USING (area_code) JOIN sources s USING (source_id)
WHERE o.measure = $measure AND o.as_of = $as_of AND list_contains($area_codes, o.area_code)
ORDER BY a.level_order, s.source_id;
