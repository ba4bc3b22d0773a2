import type { EventHandler, EventPayload, Unsubscribe } from '../../shared/api';
import type { EventName } from '../../shared/channel-names';

type AnyListener = (event: EventName, payload: unknown) => void;

/** The typed event stream of a workspace: run progress, status changes, workspace changes. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly anyListeners = new Set<AnyListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
    for (const listener of this.anyListeners) listener(event, payload);
  }

  on<E extends EventName>(event: E, handler: EventHandler<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const wrapped = handler as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Every event, for transports that forward all of them (IPC to the window, the web host's WebSocket). */
  onAny(listener: AnyListener): Unsubscribe {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }
}
