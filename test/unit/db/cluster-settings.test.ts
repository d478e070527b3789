import assert from 'node:assert/strict';
import { DEFAULT_CLUSTER_SETTINGS, parseSettingPairs, renderConf, requiredSettings } from '../../../src/db/cluster-settings.js';

describe('cluster settings', () => {
  it('parses name=value pairs, keeping "=" inside values', () => {
    assert.deepEqual(parseSettingPairs(['work_mem=64MB', 'pg_pilot.enabled=off', 'search_path=a=b']), {
      work_mem: '64MB',
      'pg_pilot.enabled': 'off',
      search_path: 'a=b',
    });
  });

  it('refuses pairs without a valid name', () => {
    for (const bad of ['=1', 'work mem=1', 'nopair', '1abc=2']) assert.throws(() => parseSettingPairs([bad]), new RegExp(bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  it('renders quoted conf lines that escape quotes and backslashes', () => {
    const conf = renderConf({ a: "it's", b: 'c:\\x' });
    assert.match(conf, /^a = 'it''s'$/m);
    assert.match(conf, /^b = 'c:\\\\x'$/m);
  });

  it('keeps the experiment defaults visible and preloads pg_pilot unless asked not to', () => {
    assert.equal(DEFAULT_CLUSTER_SETTINGS.jit, 'off');
    assert.equal(requiredSettings(5555, '/s', true).shared_preload_libraries, 'pg_pilot');
    assert.equal(requiredSettings(5555, '/s', false).shared_preload_libraries, undefined);
  });

  it('adds pg_pilot to the libraries the user preloads instead of replacing them', () => {
    assert.equal(requiredSettings(5555, '/s', true, 'pg_stat_statements').shared_preload_libraries, 'pg_pilot,pg_stat_statements');
    assert.equal(requiredSettings(5555, '/s', true, ' pg_stat_statements , pg_pilot,').shared_preload_libraries, 'pg_pilot,pg_stat_statements');
    assert.equal(requiredSettings(5555, '/s', true, '"auto_explain"').shared_preload_libraries, 'pg_pilot,auto_explain');
    assert.equal(requiredSettings(5555, '/s', true, '').shared_preload_libraries, 'pg_pilot');
  });
});
