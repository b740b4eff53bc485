-- Explanations awaiting a decision: every finding whose latest event is its force's explanation, the longest waiting first, with the explanation, who gave it and how many days the auditors have had it (accept or dispute it with a decision under decisions/).
SELECT
  s.force_code,
  s.updated_at AS explained_at,
  date_diff('day', s.updated_at, CAST(current_timestamp AS timestamp)) AS days_waiting,
  s.updated_by AS explained_by,
  s.note AS explanation,
  f.severity,
  f.check_id,
  f.period_start,
  f.period_end,
  f.summary,
  s.finding_id
FROM finding_status s
LEFT JOIN findings f ON f.finding_id = s.finding_id
WHERE s.status = 'explained'
ORDER BY s.updated_at, s.force_code, s.finding_id
