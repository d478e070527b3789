/**
 * Renders a statement on one line for workload files (one query per line) without changing
 * what it means: line comments become block comments, and string literals holding line breaks
 * become E'' strings with \n escapes.
 */
import { scanSql } from './sql-scanner.js';

const BREAKS = /\s*[\r\n]\s*/g;

export function toSingleLine(sql: string): string {
  let out = '';
  scanSql(sql, (kind, start, end) => {
    const span = sql.slice(start, end);
    switch (kind) {
      case 'text':
        out += span.replace(BREAKS, ' ');
        break;
      case 'comment':
        out += span.startsWith('--') ? `/* ${span.slice(2).trim().replace(/\*\//g, '* /').replace(/\/\*/g, '/ *')} */` : span.replace(BREAKS, ' ');
        break;
      case 'string':
        out += /[\r\n]/.test(span) ? `E'${escapeForE(span.slice(1, -1).replace(/''/g, "'"))}'` : span;
        break;
      case 'dollar-string': {
        if (!/[\r\n]/.test(span)) {
          out += span;
          break;
        }
        const tag = span.slice(0, span.indexOf('$', 1) + 1);
        out += `E'${escapeForE(span.slice(tag.length, span.length - tag.length))}'`;
        break;
      }
      case 'prefixed-string':
        if (!/[\r\n]/.test(span)) out += span;
        else if (/^[eE]'/.test(span)) out += span.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
        // N'' is a bpchar literal: the same tree as a cast E'' string.
        else if (/^[nN]'/.test(span)) out += `E'${escapeForE(span.slice(2, -1).replace(/''/g, "'"))}'::pg_catalog.bpchar`;
        else out += span; // U&, B, X literals with raw line breaks are left alone
        break;
      default:
        out += span;
    }
  });
  return out.trim();
}

/** The body of an E'' literal for a raw value. */
function escapeForE(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
