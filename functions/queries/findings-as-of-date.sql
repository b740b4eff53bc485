-- Findings as they stood on a date: every finding raised by the end of that day (UTC) and not resolved by then, with its status then (from the events up to that day) and the row the latest run by then reported. Parameter: the date, YYYY-MM-DD.
WITH params AS (
  SELECT CAST(? AS date) AS on_date
),
ranked AS (
  SELECT
    e.finding_id,
    e.force_code,
    e.action,
    e.actor,
    e.note,
    e.created_at,
    ROW_NUMBER() OVER (PARTITION BY e.finding_id ORDER BY e.created_at DESC, e.event_id DESC) AS event_rank
  FROM finding_events e
  CROSS JOIN params p
  WHERE CAST(e.created_at AS date) <= p.on_date
),
reported AS (
  SELECT
    h.finding_id,
    h.run_id,
    h.severity,
    h.check_id,
    h.period_start,
    h.period_end,
    h.offence_group,
    h.offence_code,
    h.summary,
    ROW_NUMBER() OVER (PARTITION BY h.finding_id ORDER BY r.started_at DESC, h.run_id DESC) AS run_rank
  FROM findings_history h
  JOIN runs r ON r.run_id = h.run_id
  CROSS JOIN params p
  WHERE CAST(r.started_at AS date) <= p.on_date
)
SELECT
  l.force_code,
  CASE l.action
    WHEN 'raised' THEN 'open'
    WHEN 'reopen' THEN 'open'
    WHEN 'acknowledge' THEN 'acknowledged'
    WHEN 'explain' THEN 'explained'
    WHEN 'accept' THEN 'accepted'
    WHEN 'dispute' THEN 'disputed'
  END AS status,
  l.created_at AS status_since,
  l.actor AS status_by,
  l.note,
  h.severity,
  h.check_id,
  h.period_start,
  h.period_end,
  h.offence_group,
  h.offence_code,
  h.summary,
  h.run_id AS reported_by_run,
  l.finding_id
FROM ranked l
LEFT JOIN reported h ON h.finding_id = l.finding_id AND h.run_rank = 1
WHERE l.event_rank = 1 AND l.action <> 'resolved'
ORDER BY l.force_code, h.period_start, l.finding_id
