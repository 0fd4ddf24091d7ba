-- National deadlines (data/milestones.yaml) with the document that sets them, those in fiscal years
-- $first_fy..$last_fy (NULL and NULL: every deadline). The locator is the URL when one was recorded,
-- otherwise the document and its section.
SELECT m.milestone_id, m.milestone_date, m.fiscal_year, m.date_printed, m.label, m.theme, m.text, m.quoted_in,
       s.title AS source_title, s.publisher AS source_publisher, s.as_of AS source_as_of,
       s.section AS source_section, s.url AS source_url,
       COALESCE(s.url, m.document || CASE WHEN s.section IS NULL THEN '' ELSE ' § ' || s.section END, s.locator)
           AS source_locator
FROM milestones m JOIN sources s ON s.source_id = m.source_id
WHERE ($first_fy IS NULL OR m.fiscal_year >= $first_fy) AND ($last_fy IS NULL OR m.fiscal_year <= $last_fy)
ORDER BY m.milestone_date, m.seq;
