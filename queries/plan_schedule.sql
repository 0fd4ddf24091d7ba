-- Every printed schedule row of one plan: dated rows from `roadmap`, undated ones as printed.
SELECT r.seq, i.title AS initiative_title, r.label, r.start_fy, r.end_fy, r.end_printed, r.phase, r.printed,
       s.section AS source_section, s.locator AS source_locator
FROM roadmap r JOIN initiatives i USING (initiative_id) JOIN sources s ON s.source_id = r.source_id
WHERE r.plan_id = $plan_id
UNION ALL
SELECT u.seq, i.title, u.label, NULL, NULL, NULL, NULL, u.printed, s.section, s.locator
FROM schedule_undated u JOIN initiatives i USING (initiative_id) JOIN sources s ON s.source_id = u.source_id
WHERE u.plan_id = $plan_id
ORDER BY 1;
