-- Schedule rows of the given plans ($plan_ids) in the given themes ($themes), with the plan's municipality,
-- the initiative's text as printed and the row's source. $dated TRUE: the rows the roadmap draws (the
-- `roadmap` view) that overlap fiscal years $first_fy..$last_fy, theme by theme so that a theme lines up
-- across plans, and within a theme in the order of $plan_ids. $dated FALSE: the rows printed without a
-- timing the extraction can read (never drawn, never given a year; the period does not apply), by plan.
WITH schedule AS (
    SELECT plan_id, initiative_id, theme, label, start_fy, end_fy, end_printed, phase, printed, seq, source_id,
           TRUE AS dated
    FROM roadmap
    UNION ALL
    SELECT u.plan_id, u.initiative_id, i.theme, u.label, NULL, NULL, NULL, NULL, u.printed, u.seq, u.source_id,
           FALSE
    FROM schedule_undated u JOIN initiatives i ON i.initiative_id = u.initiative_id
)
SELECT r.plan_id, p.lg_code, p.municipality_name, p.title AS plan_title, p.start_fy AS plan_start_fy,
       p.end_fy AS plan_end_fy, r.initiative_id, i.title AS initiative_title, i.text AS initiative_text, r.theme,
       t.seq AS theme_seq, r.label, r.start_fy, r.end_fy, r.end_printed, r.phase, r.printed, r.seq,
       s.section AS source_section, s.locator AS source_locator, s.publisher AS source_publisher,
       s.title AS source_title
FROM schedule r
JOIN plans p ON p.plan_id = r.plan_id
JOIN initiatives i ON i.initiative_id = r.initiative_id
JOIN themes t ON t.theme = r.theme
JOIN sources s ON s.source_id = r.source_id
WHERE r.dated = $dated AND list_contains($plan_ids, r.plan_id) AND list_contains($themes, r.theme)
  AND (NOT r.dated OR (r.start_fy <= $last_fy AND r.end_fy >= $first_fy))
ORDER BY CASE WHEN r.dated THEN t.seq END, CASE WHEN r.dated THEN list_position($plan_ids, r.plan_id) END,
         p.lg_code, r.plan_id, r.seq;
