/**
 * RFC 4180 fields of one complete record (line breaks inside quoted fields included).
 * Undefined when the record is malformed: a stray quote in an unquoted field, text after a
 * closing quote, or a quoted field left open.
 */
export function splitCsvFields(record: string): string[] | undefined {
  const fields: string[] = [];
  const n = record.length;
  let i = 0;
  for (;;) {
    if (record.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let k = i + 1;
      for (;;) {
        const q = record.indexOf('"', k);
        if (q < 0) return undefined;
        value += record.slice(k, q);
        if (record.charCodeAt(q + 1) === 34) {
          value += '"';
          k = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = record.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      const value = record.slice(i, end);
      if (value.includes('"')) return undefined;
      fields.push(value);
      i = end;
    }
    if (i === n) return fields;
    if (record.charCodeAt(i) !== 44 /* , */) return undefined;
    i += 1;
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}

/** Whether the line leaves a quoted field open (odd number of quotes): the record continues. */
export function togglesQuotes(line: string): boolean {
  let odd = false;
  for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) odd = !odd;
  return odd;
}
