import { describe, expect, it } from 'vitest';
import { defaultConcurrency, RunQueue } from '../../../src/app/pipeline/queue';
import { availableParallelism } from 'node:os';

describe('run queue', () => {
  it('defaults to cores − 1 (at least one)', () => {
    expect(defaultConcurrency()).toBe(Math.max(1, availableParallelism() - 1));
    expect(() => new RunQueue(0)).toThrow(RangeError);
  });

  it('runs at most `concurrency` tasks at once, in FIFO order, and lets waiting tasks be withdrawn', async () => {
    const queue = new RunQueue<number>(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases = new Map<number, () => void>();
    for (let i = 0; i < 5; i++) {
      queue.enqueue(i, async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((resolve) => releases.set(i, resolve));
        running--;
      });
    }
    expect(queue.size).toEqual({ running: 2, waiting: 3 });
    expect(queue.withdraw(3)).toBe(true);
    expect(queue.withdraw(0)).toBe(false);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 0));
      releases.get(i)?.();
    }
    await queue.idle();
    expect(order).toEqual([0, 1, 2, 4]);
    expect(peak).toBe(2);
  });

  it('keeps going when a task fails', async () => {
    const queue = new RunQueue<string>(1);
    const done: string[] = [];
    queue.enqueue('a', async () => {
      throw new Error('boom');
    });
    queue.enqueue('b', async () => {
      done.push('b');
    });
    await queue.idle();
    expect(done).toEqual(['b']);
  });
});
