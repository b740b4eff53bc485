-- Open findings by force and age: every current finding that awaits its force's answer (open, or disputed by the auditors), how long since it was raised and since it began to wait, the longest open first within each force.
WITH ranked AS (
  SELECT
    e.finding_id,
    e.action,
    e.note,
    e.created_at,
    ROW_NUMBER() OVER (PARTITION BY e.finding_id ORDER BY e.created_at DESC, e.event_id DESC) AS event_rank
  FROM finding_events e
),
raised AS (
  SELECT finding_id, min(created_at) AS raised_at
  FROM finding_events
  WHERE action = 'raised'
  GROUP BY finding_id
)
SELECT
  f.force_code,
  CASE WHEN l.action = 'dispute' THEN 'disputed' ELSE 'open' END AS status,
  f.severity,
  f.check_id,
  f.period_start,
  f.period_end,
  f.offence_group,
  f.offence_code,
  r.raised_at,
  date_diff('day', r.raised_at, CAST(current_timestamp AS timestamp)) AS days_open,
  l.created_at AS waiting_since,
  date_diff('day', l.created_at, CAST(current_timestamp AS timestamp)) AS days_waiting,
  CASE WHEN l.action = 'dispute' THEN l.note END AS auditors_reason,
  f.summary,
  f.finding_id
FROM findings f
JOIN ranked l ON l.finding_id = f.finding_id AND l.event_rank = 1
LEFT JOIN raised r ON r.finding_id = f.finding_id
WHERE l.action IN ('raised', 'reopen', 'dispute')
ORDER BY f.force_code, r.raised_at, f.finding_id
