/**
 * JSON text laid out the way the repository's formatter (Biome, 110 columns) lays it out, so that a
 * generated file such as examples/LABELS.json passes `biome check` as written and regenerating it
 * leaves no diff: objects one member per line, arrays of plain values on one line when they fit.
 */
const LINE_WIDTH = 110;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlain(value: Json): value is null | boolean | number | string {
  return value === null || typeof value !== 'object';
}

function render(value: Json, indent: number, prefixWidth: number): string {
  if (isPlain(value)) return JSON.stringify(value);
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPlain)) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      // +1 for the comma that may follow the value on its line.
      if (prefixWidth + flat.length + 1 <= LINE_WIDTH) return flat;
    }
    return `[\n${value.map((v) => pad + render(v, indent + 1, pad.length)).join(',\n')}\n${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const members = entries.map(([k, v]) => {
    const key = `${JSON.stringify(k)}: `;
    return pad + key + render(v, indent + 1, pad.length + key.length);
  });
  return `{\n${members.join(',\n')}\n${close}}`;
}

/** `value` as formatted JSON text with a final newline; undefined members are dropped as JSON does. */
export function formatJsonText(value: unknown): string {
  const normalised = JSON.parse(JSON.stringify(value)) as Json;
  return `${render(normalised, 0, 0)}\n`;
}
