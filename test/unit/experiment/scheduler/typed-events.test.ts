import assert from 'node:assert/strict';
import { TypedEvents } from '../../../../src/experiment/scheduler/typed-events.js';

describe('TypedEvents', () => {
  it('calls listeners in order, awaits async ones, and unsubscribes', async () => {
    const events = new TypedEvents<{ tick: { n: number }; done: undefined }>();
    const seen: string[] = [];
    const off = events.on('tick', async ({ n }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`slow ${n}`);
    });
    events.on('tick', ({ n }) => void seen.push(`fast ${n}`));
    await events.emit('tick', { n: 1 });
    off();
    await events.emit('tick', { n: 2 });
    await events.emit('done', undefined);
    assert.deepEqual(seen, ['slow 1', 'fast 1', 'fast 2']);
  });

  it('a failing listener fails the emit', async () => {
    const events = new TypedEvents<{ tick: number }>();
    events.on('tick', () => {
      throw new Error('listener broke');
    });
    await assert.rejects(events.emit('tick', 1), /listener broke/);
  });
});
