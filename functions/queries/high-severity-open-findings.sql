-- High-severity open findings: every current high-severity finding, strongest evidence first, how long it has been open and whether the force has submitted returns since it was raised.
SELECT
  f.force_code,
  f.signature,
  f.check_id,
  f.period_start,
  f.period_end,
  f.offence_group,
  f.offence_code,
  f.observed,
  f.expected,
  f.q_value,
  f.created_at,
  date_diff('day', f.created_at, CAST(current_timestamp AS timestamp)) AS days_open,
  EXISTS (
    SELECT 1
    FROM returns r
    WHERE r.force_code = f.force_code AND r.run_id <> f.run_id AND r.submitted_at > f.created_at
  ) AS resubmitted_since,
  f.summary,
  f.finding_id
FROM findings f
WHERE f.severity = 'high'
ORDER BY CASE WHEN f.q_value IS NULL THEN 1 ELSE 0 END, f.q_value, f.created_at, f.force_code, f.finding_id
