/**
 * Splits a byte stream into lines, chunk by chunk, in memory bounded by the chunk size and the
 * longest line. Faster than readline: the complete lines of a chunk are decoded with one UTF-8
 * decode (a newline byte never occurs inside a multi-byte character, so cutting at the last
 * one is safe), then cut with indexOf. Lines end at `\n`; a `\r` before it is dropped (CRLF).
 * A lone `\r` stays in the line: in a log it can only come from a statement's text, where it is
 * whitespace, not the end of a log line.
 */

import type { LineConsumer } from './log-record.js';

const NEWLINE = 10;
const CR = 13;

/** Hands each line with its 1-based number to `consumer.line` (never calls `consumer.end`). */
export class LineSplitter {
  /** Lines handed over so far. */
  lines = 0;
  /** Bytes after the last newline seen: the start of a line still to be completed. */
  private pending: Buffer[] = [];

  constructor(private readonly consumer: Pick<LineConsumer, 'line'>) {}

  /** Splits the complete lines of `chunk`; the rest is copied, so the caller may reuse the chunk's memory. */
  push(chunk: Buffer): void {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      if (chunk.length > 0) this.pending.push(Buffer.from(chunk));
      return;
    }
    let from = 0;
    if (this.pending.length > 0) {
      // Only the line that straddles the chunks is joined: copying the whole chunk behind it
      // cost a fresh chunk-sized buffer per read.
      from = chunk.indexOf(NEWLINE) + 1;
      this.pending.push(chunk.subarray(0, from));
      const straddling = Buffer.concat(this.pending);
      this.pending = [];
      this.split(straddling.toString('utf8'));
    }
    if (last + 1 < chunk.length) this.pending.push(Buffer.from(chunk.subarray(last + 1)));
    if (from <= last) this.split(chunk.toString('utf8', from, last + 1));
  }

  /** Emits the last line when the input does not end with a newline. */
  end(): void {
    if (this.pending.length === 0) return;
    const text = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.lines += 1;
    this.consumer.line(text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text, this.lines);
  }

  /** `text` ends with a newline. */
  private split(text: string): void {
    const consumer = this.consumer;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      this.lines += 1;
      consumer.line(text.slice(start, end), this.lines);
      start = nl + 1;
    }
  }
}
