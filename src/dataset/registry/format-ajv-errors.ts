import type { ErrorObject } from 'ajv';

/** One schema violation: the JSON pointer of the offending field and what is wrong with it. */
export interface ManifestIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Turns ajv's errors into "field: problem" pairs that point at the field itself: a missing
 * property is reported at its own path ("/provenance/license: is required"), an unknown one too,
 * and a bad discriminator tag lists the kinds allowed.
 */
export function formatAjvErrors(errors: readonly ErrorObject[]): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const issue = toIssue(e);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function toIssue(e: ErrorObject): ManifestIssue {
  const at = (suffix?: string) => (suffix === undefined ? e.instancePath || '/' : `${e.instancePath}/${escapePointer(suffix)}`);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: at(String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: at(String(params.additionalProperty)), message: 'is not a known field' };
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error === 'tag') {
        const present = (e.data as Record<string, unknown> | undefined)?.[tag] !== undefined;
        return { path: at(tag), message: present ? 'must be a string' : 'is required' };
      }
      return { path: at(tag), message: `must be one of ${discriminatorValues(e, tag).join(', ')} (got ${JSON.stringify(params.tagValue)})` };
    }
    case 'enum':
      return { path: at(), message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'pattern': {
      const explained = (e.parentSchema as { patternMessage?: string } | undefined)?.patternMessage;
      return { path: at(), message: explained ? `must be ${explained}` : (e.message ?? 'does not match its pattern') };
    }
    case 'const':
      return { path: at(), message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path: at(), message: e.message ?? `fails ${e.keyword}` };
  }
}

/**
 * The tag values of a discriminated oneOf (needs ajv's `verbose` option for parentSchema). */
function discriminatorValues(e: ErrorObject, tag: string): string[] {
  const branches = (e.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] } | undefined)?.oneOf ?? [];
  return branches.map((b) => b.properties?.[tag]?.const).filter((v): v is string => typeof v === 'string');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
