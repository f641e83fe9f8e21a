import { useCallback, useEffect, useRef, useState } from 'react';

export type QueryState<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'success'; data: T; error: undefined }
  | { status: 'error'; data: T | undefined; error: unknown };

export type Query<T> = QueryState<T> & {
  /** Fetches again; the current data stays on screen meanwhile. */
  reload(): Promise<void>;
  /** Replaces the data locally (after a mutation answered with the new state). */
  setData(data: T): void;
  isFetching: boolean;
};

export interface QueryOptions {
  /**
   * Keep showing the previous key's data while the new key loads (a list's next page or new
   * filter). Off by default, so a detail page never shows one record under another's URL.
   */
  keepPrevious?: boolean;
}

/** A state and the key it was loaded for. */
interface Entry<T> {
  key: string | null;
  state: QueryState<T>;
}

const LOADING = { status: 'loading', data: undefined, error: undefined } as const;

/**
 * A small data hook: runs `load` whenever `key` changes (null: do nothing), aborts the previous
 * call, and keeps the last data while reloading so a refresh does not flash a skeleton.
 */
export function useQuery<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  options: QueryOptions = {},
): Query<T> {
  const keepPrevious = options.keepPrevious ?? false;
  const [entry, setEntry] = useState<Entry<T>>({ key, state: LOADING });
  const [isFetching, setFetching] = useState(key !== null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(key);
  keyRef.current = key;
  const keepPreviousRef = useRef(keepPrevious);
  keepPreviousRef.current = keepPrevious;
  const controllerRef = useRef<AbortController | undefined>(undefined);

  const run = useCallback(async (keepData: boolean) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    const runKey = keyRef.current;
    setFetching(true);
    if (!keepData) {
      setEntry((previous) => ({
        key: runKey,
        state: {
          ...LOADING,
          data:
            previous.key === runKey || keepPreviousRef.current ? previous.state.data : undefined,
        },
      }));
    }
    try {
      const data = await loadRef.current(controller.signal);
      if (!controller.signal.aborted)
        setEntry({ key: runKey, state: { status: 'success', data, error: undefined } });
    } catch (error) {
      if (!controller.signal.aborted)
        setEntry((previous) => ({
          key: runKey,
          state: {
            status: 'error',
            data: previous.key === runKey ? previous.state.data : undefined,
            error,
          },
        }));
    } finally {
      if (!controller.signal.aborted) setFetching(false);
    }
  }, []);

  useEffect(() => {
    if (key === null) return;
    void run(false);
    return () => controllerRef.current?.abort();
  }, [key, run]);

  const reload = useCallback(() => run(true), [run]);
  const setData = useCallback(
    (data: T) =>
      setEntry({ key: keyRef.current, state: { status: 'success', data, error: undefined } }),
    [],
  );
  // Until the effect above starts loading a new key, the entry still holds the old key's state.
  const state = entry.key === key || keepPrevious ? entry.state : LOADING;
  return { ...state, reload, setData, isFetching };
}

/** Calls `tick` every `intervalMs` while `active`, and stops on unmount. */
export function useInterval(tick: () => void, intervalMs: number, active: boolean): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => tickRef.current(), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, active]);
}
