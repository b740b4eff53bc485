-- Explanations awaiting a decision: every finding whose latest event is its force's explanation, the longest waiting first, with the explanation, who gave it and how many days the auditors have had it (accept or dispute it with a decision under decisions/).
WITH ranked AS (
  SELECT
    e.finding_id,
    e.force_code,
    e.action,
    e.actor,
    e.note,
    e.created_at,
    ROW_NUMBER() OVER (PARTITION BY e.finding_id ORDER BY e.created_at DESC, e.event_id DESC) AS event_rank
  FROM finding_events e
)
SELECT
  l.force_code,
  l.created_at AS explained_at,
  date_diff('day', l.created_at, CAST(current_timestamp AS timestamp)) AS days_waiting,
  l.actor AS explained_by,
  l.note AS explanation,
  f.severity,
  f.check_id,
  f.period_start,
  f.period_end,
  f.summary,
  l.finding_id
FROM ranked l
LEFT JOIN findings f ON f.finding_id = l.finding_id
WHERE l.event_rank = 1 AND l.action = 'explain'
ORDER BY l.created_at, l.force_code, l.finding_id
