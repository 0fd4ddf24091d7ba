-- Municipalities in the survey of $survey_date: those of one prefecture ($pref_code), or the given ones
-- ($lg_codes), the other parameter NULL. Submission status, published-files band, recommended datasets
-- published (NULL when the body gave no answer, never zero), how many of them are 基本編, and the rank
-- among the respondents of the municipality's prefecture. in_survey is FALSE where the survey does not
-- list the municipality at all.
WITH towns AS (
    SELECT m.lg_code, m.name, m.pref_code, a.area_code IS NOT NULL AS in_survey, a.submission_status,
           coalesce(a.answered, FALSE) AS answered, a.files_band,
           o.value AS published_count,
           (SELECT count(*) FROM opendata_published p
            WHERE p.area_code = a.area_code AND p.survey_date = a.survey_date AND p.published AND p.basic_edition
           ) AS basic_published_count
    FROM municipalities m
    LEFT JOIN opendata_answers a ON a.area_code = m.lg_code AND a.survey_date = $survey_date
    LEFT JOIN observations o ON o.measure = 'opendata_recommended_datasets' AND o.area_code = a.area_code
                            AND o.as_of = a.survey_date AND o.source_id = a.source_id
), ranked AS (
    -- Ranked over whole prefectures before choosing, so a municipality asked for by code keeps its rank.
    SELECT lg_code, name, pref_code, in_survey, submission_status, answered, files_band, published_count,
           CASE WHEN answered THEN basic_published_count END AS basic_published_count,
           CASE WHEN answered THEN rank() OVER (PARTITION BY pref_code, answered ORDER BY published_count DESC) END
               AS rank,
           count(*) FILTER (WHERE answered) OVER (PARTITION BY pref_code) AS ranked_count
    FROM towns
)
SELECT * FROM ranked
WHERE pref_code = $pref_code OR list_contains($lg_codes, lg_code)
ORDER BY answered DESC, rank, lg_code;
