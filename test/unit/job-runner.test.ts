import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src/shared/domain';
import { JobRunner } from '../../src/main/core/jobs/job-runner';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('job runner', () => {
  it('runs a job to done with its result and emits start, progress and done', async () => {
    const jobs = new JobRunner(0);
    const seen: JobInfo[] = [];
    jobs.on((j) => seen.push(j));
    const job = jobs.start('import', 'test', async (ctx) => {
      ctx.progress({ done: 1, total: 2, unit: 'files' });
      return 42;
    });
    const final = await jobs.wait(job.id);
    expect(final).toMatchObject({ state: 'done', result: 42 });
    expect(seen.map((j) => j.state)).toEqual(['running', 'running', 'done']);
    expect(seen[1].progress).toEqual({ done: 1, total: 2, unit: 'files' });
  });

  it('throttles progress events but always delivers the final state', async () => {
    const jobs = new JobRunner(50);
    const seen: JobInfo[] = [];
    jobs.on((j) => seen.push(j));
    const job = jobs.start('train', 't', async (ctx) => {
      for (let i = 0; i < 1000; i++) ctx.progress({ done: i, total: 1000, unit: 'batches' });
      await sleep(70);
      return 'ok';
    });
    await jobs.wait(job.id);
    expect(seen.length).toBeLessThan(6);
    expect(seen.at(-1)?.state).toBe('done');
    expect(seen.some((j) => j.progress.done === 999)).toBe(true);
  });

  it('cancel by id makes the job cancelled, not failed', async () => {
    const jobs = new JobRunner(0);
    const job = jobs.start('train', 't', async (ctx) => {
      while (true) {
        ctx.throwIfCancelled();
        await sleep(5);
      }
    });
    await sleep(20);
    jobs.cancel(job.id);
    expect(await jobs.wait(job.id)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('a throwing job is failed with its message, and other jobs go on', async () => {
    const jobs = new JobRunner(0);
    const bad = jobs.start('import', 'bad', async () => {
      throw new Error('file is garbage');
    });
    const good = jobs.start('import', 'good', async () => 1);
    expect(await jobs.wait(bad.id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL', message: 'file is garbage' } });
    expect(await jobs.wait(good.id)).toMatchObject({ state: 'done' });
  });

  it('unknown job ids are NOT_FOUND', () => {
    expect(() => new JobRunner().cancel('nope')).toThrow(/does not exist/);
  });

  it('a listener that throws does not break the job', async () => {
    const jobs = new JobRunner(0);
    jobs.on(() => {
      throw new Error('bad listener');
    });
    const job = jobs.start('demo', 'x', async () => 'fine');
    expect((await jobs.wait(job.id)).state).toBe('done');
  });
});
