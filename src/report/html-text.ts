/** Text in HTML element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * JSON that can sit inside a `<script>` element: `<` is written as \u003c so that no string in
 * the data (a label such as `</script><script>...`) can end the element, and U+2028/U+2029 are
 * escaped because older JavaScript parsers treat them as line ends inside string literals.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A script's source inlined into a `<script>` element: a `</script` inside it (in a string or a
 * regular expression) would end the element early; `<\/script` means the same to JavaScript there.
 */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
