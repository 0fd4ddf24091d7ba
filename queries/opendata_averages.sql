-- Recommended datasets published per municipality that answered the survey of $survey_date, on
-- average, in one prefecture and nationwide; and how many municipalities gave no answer.
WITH towns AS (
    SELECT a.area_code, a.pref_code, a.answered, o.value
    FROM opendata_answers a
    LEFT JOIN observations o ON o.measure = 'opendata_recommended_datasets' AND o.area_code = a.area_code
                            AND o.as_of = a.survey_date AND o.source_id = a.source_id
    WHERE a.area_level = 'municipality' AND a.survey_date = $survey_date
)
SELECT 'prefecture' AS scope, p.pref_code AS area_code, p.pref_name AS area_name, count(*) AS municipalities,
       count(*) FILTER (WHERE t.answered) AS respondents, count(*) FILTER (WHERE NOT t.answered) AS no_answer,
       avg(t.value) AS mean_published
FROM towns t JOIN prefectures p USING (pref_code)
WHERE t.pref_code = $pref_code
GROUP BY ALL
UNION ALL
SELECT 'nation', '00', '全国', count(*), count(*) FILTER (WHERE answered), count(*) FILTER (WHERE NOT answered),
       avg(value)
FROM towns
ORDER BY scope DESC;
