import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PilotError } from '../errors/index.js';

/**
 * The minified Apache ECharts build, read from the installed `echarts` package so that the report
 * can inline it and work offline from file://. The package's exports map names no file under
 * dist/ except its CommonJS entry (dist/echarts.js), so the minified file is found beside it.
 */
export function loadChartLibrary(): string {
  let file: string | undefined;
  try {
    file = join(dirname(createRequire(import.meta.url).resolve('echarts')), 'echarts.min.js');
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PilotError('REPORT_CHART_LIBRARY_MISSING', `cannot read the ECharts library${file === undefined ? '' : ` at ${file}`}: ${(error as Error).message}`, {
      context: { file },
      hint: 'install the npm packages: npm ci (or bash scripts/setup.sh)',
      cause: error,
    });
  }
}
