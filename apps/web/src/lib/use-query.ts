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

/**
 * A small data hook: runs `load` whenever `key` changes (null: do nothing), aborts the previous
 * call, and keeps the last data while reloading so a refresh does not flash a skeleton.
 */
export function useQuery<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Query<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading', data: undefined, error: undefined });
  const [isFetching, setFetching] = useState(key !== null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const controllerRef = useRef<AbortController | undefined>(undefined);

  const run = useCallback(async (keepData: boolean) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setFetching(true);
    if (!keepData) setState((previous) => ({ status: 'loading', data: previous.data, error: undefined }));
    try {
      const data = await loadRef.current(controller.signal);
      if (!controller.signal.aborted) setState({ status: 'success', data, error: undefined });
    } catch (error) {
      if (!controller.signal.aborted) setState((previous) => ({ status: 'error', data: previous.data, error }));
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
  const setData = useCallback((data: T) => setState({ status: 'success', data, error: undefined }), []);
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
