-- Dates with figures of a measure for areas of one level ('prefecture' or 'municipality'),
-- optionally within one prefecture; newest first, with the sources that give them.
SELECT o.as_of, string_agg(DISTINCT s.title, ' ／ ') AS source_titles, count(*) AS area_count
FROM observations o JOIN areas a USING (area_code) JOIN sources s USING (source_id)
WHERE o.measure = $measure AND a.area_level = $area_level AND ($pref_code IS NULL OR a.pref_code = $pref_code)
GROUP BY o.as_of
ORDER BY o.as_of DESC;
