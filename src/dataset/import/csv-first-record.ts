/**
 * The fields of the first record of CSV text (PostgreSQL's CSV format: `,` separator, `"` quote,
 * `""` for a quote inside quotes; a quoted field may span lines). Undefined for empty text or
 * when the first record does not end within the text.
 */
export function csvFirstRecord(text: string): string[] | undefined {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (src === '') return undefined;
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      fields.push(field);
      return fields;
    } else {
      field += c;
    }
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
