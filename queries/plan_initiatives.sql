-- Initiatives of one plan in printed order, with their policy group and source section.
SELECT i.seq, i.policy_title, i.title, i.theme, i.text, s.section AS source_section, s.locator AS source_locator
FROM initiatives i JOIN sources s USING (source_id)
WHERE i.plan_id = $plan_id
ORDER BY i.seq;
