import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPC_PATH_PREFIX, ipcChannel, methodNames, methods } from '../../src/shared/contract';
import { buildBridge } from '../../src/preload/bridge';
import { bindIpc } from '../../src/main/shell/ipc';
import { FAKE_ADMIN_TOKEN, memoryLogger, startTestCore } from '../helpers/core';

// The contract is the only list of methods: preload, IPC and HTTP must expose exactly it.

let t: Awaited<ReturnType<typeof startTestCore>>;
beforeAll(async () => {
  t = await startTestCore();
});
afterAll(() => t.close());

describe('contract surface', () => {
  it('core implements exactly the contract', () => {
    expect(Object.keys(t.core.handlers).sort()).toEqual([...methodNames].sort());
    expect(methodNames).toEqual(Object.keys(methods));
  });

  it('the preload exposes exactly the contract, each method on its own IPC channel', async () => {
    const invoked: string[] = [];
    const bridge = buildBridge({
      invoke: async (channel) => {
        invoked.push(channel);
        return { ok: true, value: null };
      },
      on: () => undefined,
      removeListener: () => undefined,
    });
    expect(Object.keys(bridge.api).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames)
      await (bridge.api[name] as (i: unknown) => Promise<unknown>)({});
    expect(invoked).toEqual(methodNames.map(ipcChannel));
  });

  it('the IPC binding handles exactly the contract', async () => {
    const bound = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    bindIpc(
      {
        handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => {
          bound.set(channel, fn);
        },
        removeHandler: () => undefined,
      } as never,
      t.core.handlers,
      memoryLogger(),
      (url) => url.startsWith('file://'),
    );
    expect([...bound.keys()].sort()).toEqual(methodNames.map(ipcChannel).sort());
    const fromApp = await bound.get(ipcChannel('getStatus'))!(
      { senderFrame: { url: 'file:///app/renderer/index.html' } },
      {},
    );
    expect(fromApp).toMatchObject({ ok: true, value: { schemaVersion: expect.any(Number) } });
    const fromElsewhere = await bound.get(ipcChannel('getStatus'))!(
      { senderFrame: { url: 'https://evil.example' } },
      {},
    );
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('the HTTP binding answers exactly the contract', async () => {
    const call = (name: string, body: unknown) =>
      fetch(`${t.adminUrl}${RPC_PATH_PREFIX}${name}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${FAKE_ADMIN_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    for (const name of methodNames) {
      // A deliberately wrong input: every contract method validates it and names the problem.
      const res = await call(name, { notAField: 1 });
      const body = (await res.json()) as { ok: boolean; error?: { code: string } };
      expect({ name, status: res.status, code: body.error?.code }).toEqual({
        name,
        status: 400,
        code: 'invalid_input',
      });
    }
    const unknown = await call('dropAllTables', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });
});
