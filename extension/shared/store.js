// The one place UI state lives: a state object, `set` to change it, `subscribe` to re-render.

/**
 * @template S
 * @param {S} initial
 */
export function createStore(initial) {
  let state = Object.freeze({ ...initial });
  const listeners = new Set();
  let scheduled = false;
  let previous = state;

  function flush() {
    scheduled = false;
    const prev = previous;
    previous = state;
    for (const listener of listeners) listener(state, prev);
  }

  return {
    /** The current state (frozen; change it with `set`). */
    get: () => state,

    /** Merge a patch (or the result of `fn(state)`) into the state; listeners run once per microtask. */
    set(patch) {
      const next = typeof patch === "function" ? patch(state) : patch;
      if (!next) return;
      state = Object.freeze({ ...state, ...next });
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },

    /** Call `listener(state, previous)` after every batch of changes; returns an unsubscribe function. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
