import { loadModule, parseSync, fingerprintSync, normalizeSync, deparseSync } from '@libpg-query/parser';
await loadModule();
const q = process.argv[2];
try { console.log(JSON.stringify(parseSync(q), null, 1)); } catch (e) { console.log('ERR', e, e.sqlDetails); }
