import { describe, expect, it } from '@jest/globals';
import { TenantConnections } from '../../src/db/tenant-connections.js';

/**
 * TENANT_MAX_CONNECTIONS in isolation: one organization's sessions beyond its share wait behind its
 * own, in order, while another organization's run at once. Ordered by events (deferred promises that
 * the test resolves), never by timing; the wait bound is an hour, so no timer decides anything.
 */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the database share per organization', () => {
  it("queues an organization's sessions beyond its share behind its own, and not another's", async () => {
    const connections = new TenantConnections(2, 3_600_000);
    const started: string[] = [];
    const holds = new Map<string, ReturnType<typeof deferred>>();
    const session = (key: string, name: string) => {
      const held = deferred();
      holds.set(name, held);
      return connections.hold(key, async () => {
        started.push(name);
        await held.promise;
      });
    };
    const a = [session('org:a', 'a1'), session('org:a', 'a2'), session('org:a', 'a3'), session('org:a', 'a4')];
    const b = session('org:b', 'b1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(connections.held('org:a')).toBe(2);

    holds.get('a2')!.resolve();
    await a[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(connections.held('org:a')).toBe(2);

    for (const name of ['a1', 'a3', 'b1']) holds.get(name)!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    holds.get('a4')!.resolve();
    await Promise.all([...a, b]);
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
    expect([connections.held('org:a'), connections.held('org:b')]).toEqual([0, 0]); // nothing left behind
  });

  it('does not bound requests without an organization', async () => {
    const connections = new TenantConnections(1, 3_600_000);
    const gate = deferred();
    const running = [connections.hold(null, () => gate.promise), connections.hold(null, () => gate.promise)];
    await expect(connections.hold(null, async () => 'ran')).resolves.toBe('ran');
    gate.resolve();
    await Promise.all(running);
  });
});
