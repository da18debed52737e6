import { EventEmitter } from 'node:events';
import type { EventName, Events } from '../../shared/contract';

export type AnyEventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

/** Core's event bus: every change is published here and both transports forward it. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    this.emitter.emit('event', name, payload);
  }

  /** Listens to every event; returns the function that stops listening. */
  onAny(listener: AnyEventListener): () => void {
    const fn = (name: EventName, payload: Events[EventName]) => listener(name, payload);
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }

  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    return this.onAny((n: EventName, payload: unknown) => {
      if (n === name) listener(payload as Events[E]);
    });
  }
}
