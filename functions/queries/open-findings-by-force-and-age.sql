-- Open findings by force and age: every current finding that awaits its force's answer (open, or disputed by the auditors), how long since it was raised and since it began to wait, the longest open first within each force.
WITH raised AS (
  SELECT finding_id, min(created_at) AS raised_at
  FROM finding_events
  WHERE action = 'raised'
  GROUP BY finding_id
)
SELECT
  f.force_code,
  s.status,
  f.severity,
  f.check_id,
  f.period_start,
  f.period_end,
  f.offence_group,
  f.offence_code,
  r.raised_at,
  date_diff('day', r.raised_at, CAST(current_timestamp AS timestamp)) AS days_open,
  s.updated_at AS waiting_since,
  date_diff('day', s.updated_at, CAST(current_timestamp AS timestamp)) AS days_waiting,
  CASE WHEN s.status = 'disputed' THEN s.note END AS auditors_reason,
  f.summary,
  f.finding_id
FROM findings f
JOIN finding_status s ON s.finding_id = f.finding_id
LEFT JOIN raised r ON r.finding_id = f.finding_id
WHERE s.status IN ('open', 'disputed')
ORDER BY f.force_code, r.raised_at, f.finding_id
