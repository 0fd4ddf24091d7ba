-- The imported open-data surveys, newest first (none = not imported): date, source, and how many
-- municipalities and prefectures are in it and how many of them gave no answer.
SELECT a.survey_date, s.source_id, s.title AS source_title, s.publisher AS source_publisher, s.locator AS source_locator,
       count(*) FILTER (WHERE a.area_level = 'municipality') AS municipalities,
       count(*) FILTER (WHERE a.area_level = 'municipality' AND NOT a.answered) AS municipalities_no_answer,
       count(*) FILTER (WHERE a.area_level = 'prefecture') AS prefectures
FROM opendata_answers a JOIN sources s USING (source_id)
GROUP BY ALL
ORDER BY a.survey_date DESC;
