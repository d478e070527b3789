import { allAlgorithms } from '../../../../algorithms/registry.js';
import { formatTable } from '../dataset/format-table.js';
import type { AlgoListArgs } from './command-object.js';

/** `pilot algo list`: each algorithm, what it needs, and its parameters with their defaults. */
export async function runAlgoList(args: AlgoListArgs, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const algorithms = await allAlgorithms();
  if (args.json) {
    out(`${JSON.stringify(algorithms.map(({ name, description, requiredData, paramsSchema }) => ({ name, description, requiredData, paramsSchema })), null, 2)}\n`);
    return 0;
  }
  for (const algorithm of algorithms) {
    out(`${algorithm.name}: ${algorithm.description}\n`);
    out(`  needs: ${algorithm.requiredData.length > 0 ? algorithm.requiredData.join(', ') : 'nothing'}\n`);
    const rows = Object.entries(algorithm.paramsSchema.properties).map(([name, spec]) => [
      name,
      describeType(spec),
      JSON.stringify(spec.default),
      spec.description,
    ]);
    if (rows.length > 0) {
      out(
        formatTable(['parameter', 'type', 'default', 'meaning'], rows)
          .split('\n')
          .map((line) => (line === '' ? line : `  ${line}`))
          .join('\n'),
      );
    }
    out('\n');
  }
  return 0;
}

function describeType(spec: Readonly<Record<string, unknown>>): string {
  const type = spec.type;
  if (type === 'array') {
    const items = spec.items as Readonly<Record<string, unknown>> | undefined;
    return `${String(items?.type ?? 'any')}[]`;
  }
  const range = [spec.minimum !== undefined ? `>= ${String(spec.minimum)}` : '', spec.maximum !== undefined ? `<= ${String(spec.maximum)}` : ''].filter(Boolean).join(', ');
  const name = Array.isArray(type) ? type.join(' or ') : String(type ?? 'any');
  return range ? `${name} (${range})` : name;
}
