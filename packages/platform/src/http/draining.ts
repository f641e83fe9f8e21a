import type { FastifyInstance } from 'fastify';

interface DrainState {
  draining: boolean;
  listeners: Array<() => void>;
}

const drains = new WeakMap<object, DrainState>();

function stateOf(app: FastifyInstance): DrainState {
  let state = drains.get(app.server);
  if (!state) {
    state = { draining: false, listeners: [] };
    drains.set(app.server, state);
  }
  return state;
}

/**
 * The first step of a graceful shutdown: from now on readiness answers 503 (load balancers stop
 * sending here), every reply closes its connection (callers holding keep-alive connections open
 * new ones, to instances that stay), and the listeners hear it; requests are still served.
 */
export function startDraining(app: FastifyInstance): void {
  const state = stateOf(app);
  if (state.draining) return;
  state.draining = true;
  for (const listener of state.listeners.splice(0)) listener();
}

export function isDraining(app: FastifyInstance): boolean {
  return stateOf(app).draining;
}

/** Runs `listener` once when draining starts (at once if it has). */
export function onDrain(app: FastifyInstance, listener: () => void): void {
  const state = stateOf(app);
  if (state.draining) listener();
  else state.listeners.push(listener);
}
