-- Each recommended dataset × the given local governments in the survey of $survey_date: published
-- TRUE/FALSE, or NULL when the body gave no answer.
SELECT d.dataset_no, d.name AS dataset_name, d.basic_edition, a.area_code, a.area_name, a.submission_status,
       a.answered, p.published
FROM opendata_datasets d
CROSS JOIN opendata_answers a
LEFT JOIN opendata_published p
       ON p.area_code = a.area_code AND p.survey_date = a.survey_date AND p.dataset_no = d.dataset_no
WHERE list_contains($lg_codes, a.area_code) AND a.survey_date = $survey_date
ORDER BY d.dataset_no, list_position($lg_codes, a.area_code);
