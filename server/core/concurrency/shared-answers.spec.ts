import { describe, expect, it } from 'vitest';
import { SharedAnswers } from './shared-answers.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A computation the test finishes by hand, counting how often it was started. */
function deferred() {
  let calls = 0;
  let finish: (value: string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const compute = () => {
    calls++;
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { compute, calls: () => calls, finish: (value: string) => finish(value), fail: (error: Error) => fail(error) };
}

describe('SharedAnswers', () => {
  it('computes once for concurrent callers, then answers from memory until the TTL has passed', async () => {
    let now = 1_000;
    const answers = new SharedAnswers<string>(1_000, 10, () => now);
    const task = deferred();
    const first = answers.get('a', task.compute);
    const second = answers.get('a', task.compute);
    now += 5_000; // a pending answer does not expire
    const third = answers.get('a', task.compute);
    task.finish('one');
    expect(await Promise.all([first, second, third])).toEqual(['one', 'one', 'one']);
    expect(task.calls()).toBe(1);

    now += 999;
    expect(await answers.get('a', task.compute)).toBe('one');
    now += 1;
    const fresh = answers.get('a', task.compute);
    task.finish('two');
    expect(await fresh).toBe('two');
    expect(task.calls()).toBe(2);
  });

  it('keys answers apart', async () => {
    const answers = new SharedAnswers<string>(1_000, 10);
    expect(await answers.get('a', () => Promise.resolve('A'))).toBe('A');
    expect(await answers.get('b', () => Promise.resolve('B'))).toBe('B');
    expect(await answers.get('a', () => Promise.resolve('other'))).toBe('A');
  });

  it('shares a failure with the callers waiting for it, and keeps nothing of it', async () => {
    const answers = new SharedAnswers<string>(1_000, 10);
    const task = deferred();
    const first = answers.get('a', task.compute);
    const second = answers.get('a', task.compute);
    task.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).rejects.toThrow('boom');
    expect(await answers.get('a', () => Promise.resolve('after'))).toBe('after');
  });

  it('after clear, computes again, even when the cleared answer was still being computed', async () => {
    const answers = new SharedAnswers<string>(1_000, 10);
    expect(await answers.get('a', () => Promise.resolve('old'))).toBe('old');
    answers.clear();
    const task = deferred();
    const started = answers.get('a', task.compute);
    answers.clear();
    const restarted = answers.get('a', () => Promise.resolve('new'));
    task.finish('stale');
    expect(await started).toBe('stale');
    expect(await restarted).toBe('new');
    await tick();
    expect(await answers.get('a', () => Promise.resolve('newest'))).toBe('new');
  });

  it('when full of live answers, answers without keeping; expired ones make room', async () => {
    let now = 0;
    const answers = new SharedAnswers<string>(1_000, 1, () => now);
    expect(await answers.get('a', () => Promise.resolve('A'))).toBe('A');
    expect(await answers.get('b', () => Promise.resolve('B'))).toBe('B');
    expect(await answers.get('b', () => Promise.resolve('B again'))).toBe('B again');
    now += 1_000;
    expect(await answers.get('b', () => Promise.resolve('B kept'))).toBe('B kept');
    expect(await answers.get('b', () => Promise.resolve('other'))).toBe('B kept');
  });
});
