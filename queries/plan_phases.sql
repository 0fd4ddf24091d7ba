-- Named plan-wide stages (段階) of the given plans that overlap fiscal years $first_fy..$last_fy, as printed,
-- with their source.
SELECT ph.plan_id, p.lg_code, p.municipality_name, ph.seq, ph.label, ph.start_fy, ph.end_fy, ph.printed,
       s.section AS source_section, s.locator AS source_locator
FROM phases ph
JOIN plans p ON p.plan_id = ph.plan_id
JOIN sources s ON s.source_id = ph.source_id
WHERE list_contains($plan_ids, ph.plan_id) AND ph.start_fy <= $last_fy AND ph.end_fy >= $first_fy
ORDER BY p.lg_code, ph.plan_id, ph.seq;
