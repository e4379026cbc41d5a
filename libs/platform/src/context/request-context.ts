import { AsyncLocalStorage } from 'node:async_hooks';

export interface Actor {
  sub: string;
  name?: string;
  roles: string[];
  orgCode?: string;
}

/** What a unit of work (an HTTP request or a consumed event) carries into logs, events and audit. */
export interface RequestContextData {
  requestId: string;
  correlationId: string;
  /** The event that caused this work, when the work is an event being consumed. */
  causationId?: string;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  /** Sets the actor once authentication has happened, for the rest of this unit of work. */
  setActor(actor: Actor): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  },
};
