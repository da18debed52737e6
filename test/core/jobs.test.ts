import { afterEach, expect, it } from 'vitest';
import { EventBus } from '../../src/main/core/events';
import type { Job } from '../../src/main/core/jobs';
import { JobRunner, enqueueJob } from '../../src/main/core/jobs';
import { openStore } from '../../src/main/core/store/db';
import { memoryLogger } from '../helpers/core';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('while webhooks arrive, starts one job per gap; the rest run at full speed once the burst ends', async () => {
  const store = openStore(':memory:');
  cleanups.push(() => store.close());
  const done: string[] = [];
  let busy = true;
  // Performance time stands still, so the gap after the first job never elapses while busy.
  const frozen = performance.now();
  const runner = new JobRunner({
    store: () => store,
    log: memoryLogger(),
    events: new EventBus(),
    busy: () => busy,
    clock: () => frozen,
    handlers: {
      work: async (job: Job) => {
        await Promise.resolve();
        return () => void done.push(String(job.payload.n));
      },
    },
  });
  for (let n = 1; n <= 4; n++) enqueueJob(store, { kind: 'work', payload: { n } });
  runner.start();
  cleanups.push(() => runner.stop());
  await until(() => done.length === 1, 'the first job');
  await new Promise((r) => setTimeout(r, 100));
  expect(done).toEqual(['1']);
  busy = false;
  runner.kick();
  await runner.idle();
  expect(done.sort()).toEqual(['1', '2', '3', '4']);
});
