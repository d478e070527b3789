import assert from 'node:assert/strict';
import { EXTRACT_SOURCE_CHOICES, LOG_FORMAT_CHOICES } from '../../../src/cli/commands/dataset/command-object.js';
import { redactDsn } from '../../../src/cli/commands/dataset/run-dataset-list.js';
import { formatBytes, formatTable } from '../../../src/cli/commands/dataset/format-table.js';
import { EXTRACT_SOURCES, withoutPassword } from '../../../src/dataset/dataset-extract-log.js';
import { LOG_FORMAT_OPTIONS } from '../../../src/dataset/log/index.js';

describe('dataset CLI helpers', () => {
  it('offers the log formats that the log reader knows', () => {
    assert.deepEqual([...LOG_FORMAT_CHOICES], [...LOG_FORMAT_OPTIONS]);
  });

  it('offers the workload sources that extract-log knows', () => {
    assert.deepEqual([...EXTRACT_SOURCE_CHOICES], [...EXTRACT_SOURCES]);
  });

  it('keeps passwords out of manifests and listings', () => {
    assert.deepEqual(withoutPassword('postgres://u:p%40ss@h:5432/db'), { dsn: 'postgres://u@h:5432/db', passwordRemoved: true });
    assert.deepEqual(withoutPassword('postgresql://u@h/db'), { dsn: 'postgresql://u@h/db', passwordRemoved: false });
    assert.equal(redactDsn('postgres://u:secret@h/db'), 'postgres://u:***@h/db');
    assert.equal(redactDsn('postgres://h/db'), 'postgres://h/db');
  });

  it('formats tables and sizes', () => {
    assert.equal(formatTable(['a', 'n'], [['xx', '1'], ['y', '100']], [1]), 'a     n\nxx    1\ny   100\n');
    assert.deepEqual([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 * 1024)], ['512 B', '2.0 kB', '5.0 MB']);
  });
});
