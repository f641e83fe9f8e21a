import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useQuery, type QueryOptions } from './use-query.js';

/** Loads answered by hand: `answer(key, value)` resolves, `fail(key, error)` rejects. */
function manualLoads() {
  const pending = new Map<string, { resolve(value: string): void; reject(error: unknown): void }>();
  const load = (key: string) => () =>
    new Promise<string>((resolve, reject) => pending.set(key, { resolve, reject }));
  const answer = (key: string, value: string) => act(async () => pending.get(key)!.resolve(value));
  const fail = (key: string, error: unknown) => act(async () => pending.get(key)!.reject(error));
  return { load, answer, fail };
}

function renderQuery(initialKey: string, options?: QueryOptions) {
  const { load, answer, fail } = manualLoads();
  const view = renderHook(({ key }) => useQuery(key, load(key), options), {
    initialProps: { key: initialKey },
  });
  return { ...view, answer, fail };
}

describe('useQuery when the key changes', () => {
  it('when another record is opened, then the previous one is not shown while it loads', async () => {
    const { result, rerender, answer } = renderQuery('order:A');
    await answer('order:A', 'A');
    expect(result.current.data).toBe('A');
    rerender({ key: 'order:B' });
    expect(result.current).toMatchObject({ status: 'loading', data: undefined });
    await answer('order:B', 'B');
    expect(result.current).toMatchObject({ status: 'success', data: 'B' });
  });

  it('when the other record fails (404), then the error shows without the previous record', async () => {
    const { result, rerender, answer, fail } = renderQuery('order:A');
    await answer('order:A', 'A');
    rerender({ key: 'order:B' });
    await fail('order:B', new Error('not found'));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.data).toBeUndefined();
  });

  it('when a list opts in to keepPrevious, then the old page stays while the next one loads', async () => {
    const { result, rerender, answer } = renderQuery('page:1', { keepPrevious: true });
    await answer('page:1', 'one');
    rerender({ key: 'page:2' });
    expect(result.current).toMatchObject({ status: 'loading', data: 'one' });
    await answer('page:2', 'two');
    expect(result.current.data).toBe('two');
  });

  it('when the same key reloads, then its data stays on screen meanwhile', async () => {
    const { result, answer } = renderQuery('order:A');
    await answer('order:A', 'A');
    act(() => void result.current.reload());
    expect(result.current).toMatchObject({ status: 'success', data: 'A', isFetching: true });
    await answer('order:A', 'A2');
    expect(result.current.data).toBe('A2');
  });
});
