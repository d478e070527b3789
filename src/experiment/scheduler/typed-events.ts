/** A listener may be async: the scheduler waits for it before going on (e.g. a hook that logs to a file). */
export type Listener<T> = (payload: T) => void | Promise<void>;

/**
 * A small typed event emitter: event names and payload types come from one map type, so a
 * misspelt event or a wrong payload is a compile error. Listeners run in registration order.
 */
export class TypedEvents<Events extends object> {
  private readonly listeners = new Map<keyof Events, Listener<never>[]>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(event, list);
    return () => {
      const index = list.indexOf(listener as Listener<never>);
      if (index >= 0) list.splice(index, 1);
    };
  }

  async emit<K extends keyof Events>(event: K, payload: Events[K]): Promise<void> {
    for (const listener of [...(this.listeners.get(event) ?? [])]) await (listener as Listener<Events[K]>)(payload);
  }
}
